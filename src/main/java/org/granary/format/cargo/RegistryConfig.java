package org.granary.format.cargo;

import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A sparse registry's {@code config.json}: {@code dl}, the download URL or template; {@code api}, the base
 * URL of the web API (publish, yank), which Granary offers for hosted repositories and groups with a hosted
 * member; and {@code auth-required}, which makes Cargo send its token with every index and download request.
 *
 * @param api          the web API's base URL (no trailing slash: Cargo appends {@code /api/v1/...}), if any
 * @param authRequired whether Cargo must authenticate to read
 */
public record RegistryConfig(String dl, Optional<String> api, boolean authRequired) {

    /** Reads an upstream {@code config.json}; throws when it is not a JSON object with a string {@code dl}. */
    public static RegistryConfig read(InputStream in) throws IOException {
        JsonValue value;
        try (JsonReader reader = Json.createReader(in)) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw new IOException("upstream config.json is not valid JSON: " + e.getMessage(), e);
        }
        if (!(value instanceof JsonObject o) || !(o.get("dl") instanceof JsonString dl) || dl.getString().isBlank()) {
            throw new IOException("upstream config.json is not a JSON object with a \"dl\" string");
        }
        return new RegistryConfig(dl.getString(), Optional.empty(), false);
    }

    /**
     * Granary's own {@code config.json} for a repository reached at {@code repositoryUrl}: Cargo appends
     * {@code /{crate}/{version}/download} to a {@code dl} without markers, and {@code /api/v1/crates/new}
     * (and the like) to {@code api}.
     *
     * @param publishable  whether the repository takes publishes (hosted, or a group with a hosted member)
     * @param authRequired whether anonymous clients may not read it
     */
    public static RegistryConfig forGranary(String repositoryUrl, boolean publishable, boolean authRequired) {
        String base = repositoryUrl.endsWith("/") ? repositoryUrl.substring(0, repositoryUrl.length() - 1) : repositoryUrl;
        return new RegistryConfig(base + "/" + CargoPath.DOWNLOAD_BASE,
                publishable ? Optional.of(base) : Optional.empty(), authRequired);
    }

    /** {@code dl}, then {@code api} when there is a web API, then {@code "auth-required": true} when reading needs a token. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("dl", dl);
        api.ifPresent(a -> json.add("api", a));
        if (authRequired) {
            json.add("auth-required", true);
        }
        return json.build();
    }
}
