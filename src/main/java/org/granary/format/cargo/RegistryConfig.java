package org.granary.format.cargo;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;

/**
 * A sparse registry's {@code config.json}: {@code dl}, the download URL or template, and {@code api}, the
 * web API (publish, yank, search), which Granary does not offer and so leaves out of its own.
 */
public record RegistryConfig(String dl) {

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
        return new RegistryConfig(dl.getString());
    }

    /**
     * Granary's own {@code config.json} for a repository reached at {@code repositoryUrl} (ending in a slash):
     * Cargo appends {@code /{crate}/{version}/download} to a {@code dl} without markers.
     */
    public static RegistryConfig forGranary(String repositoryUrl) {
        String base = repositoryUrl.endsWith("/") ? repositoryUrl : repositoryUrl + "/";
        return new RegistryConfig(base + CargoPath.DOWNLOAD_BASE);
    }

    /** Granary's {@code config.json} carries {@code dl} only: no {@code api}, so Cargo's web-API commands say so. */
    public JsonObject toJson() {
        return Json.createObjectBuilder().add("dl", dl).build();
    }
}
