package org.granary.admin.api;

import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.granary.core.InvalidRequestException;
import org.granary.core.PayloadTooLargeException;

/**
 * Reads the JSON body of an API request, which resources do only after the caller passed {@link ApiGuard}
 * (so nothing is parsed for anonymous or unauthorised callers): at most {@value #MAX_BYTES} bytes (413 beyond),
 * exactly one JSON object (400 otherwise) and only the fields the endpoint knows (400 naming the first other).
 */
final class ApiBody {

    static final int MAX_BYTES = 64 * 1024;

    private ApiBody() {
    }

    /** The body's object; 400 when the body is empty. */
    static JsonObject required(InputStream body, Set<String> fields) {
        return optional(body, fields).orElseThrow(() -> new InvalidRequestException("a JSON object is required as the "
                + "request body"));
    }

    /** The body's object, or empty when the body is empty. */
    static Optional<JsonObject> optional(InputStream body, Set<String> fields) {
        byte[] bytes = read(body);
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return Optional.empty();
        }
        JsonObject object = parse(bytes);
        for (String field : object.keySet()) {
            if (!fields.contains(field)) {
                throw new InvalidRequestException("unknown field '" + field + "'; the fields here are "
                        + String.join(", ", new TreeSet<>(fields)));
            }
        }
        return Optional.of(object);
    }

    private static byte[] read(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new PayloadTooLargeException("an API request body may have at most " + MAX_BYTES / 1024 + " KiB");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    private static JsonObject parse(byte[] bytes) {
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(bytes))) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                throw new InvalidRequestException("the request body must be a JSON object, like {\"name\": \"…\"}");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw new InvalidRequestException("the request body has more after its JSON object");
            }
            return object;
        } catch (JsonException | java.util.NoSuchElementException e) {
            throw new InvalidRequestException("the request body is not valid JSON: " + e.getMessage());
        }
    }
}
