package org.granary.format.cargo;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a hosted repository keeps about a crate besides its index file, in a document of its own
 * ({@code crate-info/<crate in lower case>}): the description of the latest publish (for {@code cargo search}) and the
 * crate's owners ({@code cargo owner}). Pure: bytes in, bytes out.
 *
 * @param description the description the latest publish gave, or {@code null}
 * @param owners      the owners' user names, in the order they were added (none until someone adds one)
 */
public record CrateInfo(String description, List<String> owners) {

    /** The document's path prefix in a hosted repository. */
    static final String PREFIX = "crate-info/";
    static final String TYPE = "application/json";

    /** Where a hosted repository keeps a crate's info. */
    static String path(String crate) {
        return PREFIX + crate.toLowerCase(Locale.ROOT);
    }

    /** The crate (lower case) a document at {@code path} describes. */
    static String crate(String path) {
        return path.substring(PREFIX.length());
    }

    /** The info in a stored document (none stored: no description, no owners). */
    static CrateInfo read(Optional<byte[]> document) {
        if (document.isEmpty()) {
            return new CrateInfo(null, List.of());
        }
        JsonObject o;
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(document.get()))) {
            o = r.readObject();
        } catch (JsonException | ClassCastException e) {
            throw new IllegalStateException("a crate's info document is not a JSON object: " + e.getMessage(), e);
        }
        List<String> owners = new ArrayList<>();
        if (o.get("owners") instanceof jakarta.json.JsonArray a) {
            a.forEach(v -> {
                if (v instanceof JsonString s) {
                    owners.add(s.getString());
                }
            });
        }
        return new CrateInfo(o.get("description") instanceof JsonString d ? d.getString() : null, List.copyOf(owners));
    }

    CrateInfo withDescription(String newDescription) {
        return new CrateInfo(newDescription, owners);
    }

    CrateInfo withOwners(List<String> newOwners) {
        return new CrateInfo(description, List.copyOf(newOwners));
    }

    byte[] bytes() {
        JsonObjectBuilder b = Json.createObjectBuilder();
        b.add("description", description == null ? JsonValue.NULL : Json.createValue(description));
        JsonArrayBuilder list = Json.createArrayBuilder();
        owners.forEach(list::add);
        b.add("owners", list);
        return b.build().toString().getBytes(StandardCharsets.UTF_8);
    }
}
