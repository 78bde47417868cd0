package org.granary.format.npm;

import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.granary.core.InvalidRequestException;
import org.granary.core.PayloadTooLargeException;

/**
 * The body of an npm audit request, pure: read (npm sends it gzip-compressed), the package names it mentions, and the
 * same request without the names that must not leave the building (packages published in a hosted repository).
 * <ul>
 *   <li>{@link Kind#BULK} ({@code /-/npm/v1/security/advisories/bulk}, npm 7 and later): {@code {"name": ["1.0.0", …]}};</li>
 *   <li>{@link Kind#QUICK} ({@code /-/npm/v1/security/audits/quick}, older clients): the project's tree, names under
 *       {@code requires} and {@code dependencies} at every depth, and the project's own {@code name} and
 *       {@code version} at the top, which are replaced (a project's name is internal too).</li>
 * </ul>
 */
public final class AuditBody {

    /** The most bytes of a request, compressed or not (a project of thousands of packages needs well under 1 MiB). */
    public static final int MAX_BYTES = 16 << 20;
    /** What the project is called in a forwarded quick audit. */
    static final String ANONYMOUS_PROJECT = "granary-audit";

    /** Which audit endpoint. */
    public enum Kind {
        BULK("-/npm/v1/security/advisories/bulk", "the security advisories"),
        QUICK("-/npm/v1/security/audits/quick", "a security audit");

        private final String path;
        private final String what;

        Kind(String path, String what) {
            this.path = path;
            this.what = what;
        }

        /** The endpoint's path relative to a registry's URL. */
        public String path() {
            return path;
        }

        String what() {
            return what;
        }
    }

    private AuditBody() {
    }

    /**
     * The request as a JSON object, from its bytes (gzip-compressed or not; at most {@link #MAX_BYTES} either way).
     *
     * @throws InvalidRequestException  when it is not a JSON object (or not valid gzip)
     * @throws PayloadTooLargeException beyond the limit
     */
    public static JsonObject read(InputStream body) {
        byte[] raw = bounded(body, "the audit request");
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = bounded(unzipped, "the audit request, uncompressed,");
            } catch (IOException e) {
                throw new InvalidRequestException("the audit request is not valid gzip: " + e.getMessage());
            }
        }
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(raw))) {
            if (r.readValue() instanceof JsonObject o) {
                return o;
            }
        } catch (JsonException e) {
            throw new InvalidRequestException("the audit request is not valid JSON: " + e.getMessage());
        }
        throw new InvalidRequestException("the audit request must be a JSON object");
    }

    /** Every package name the request mentions. */
    public static Set<String> names(Kind kind, JsonObject request) {
        Set<String> names = new LinkedHashSet<>();
        if (kind == Kind.BULK) {
            names.addAll(request.keySet());
        } else {
            collect(request, names, 0);
        }
        return names;
    }

    /** The request without {@code internal} names (a quick audit also without the project's own name). */
    public static JsonObject without(Kind kind, JsonObject request, Set<String> internal) {
        if (kind == Kind.BULK) {
            JsonObjectBuilder b = Json.createObjectBuilder();
            request.forEach((name, versions) -> {
                if (!internal.contains(name)) {
                    b.add(name, versions);
                }
            });
            return b.build();
        }
        JsonObjectBuilder top = Json.createObjectBuilder(strip(request, internal, 0));
        if (request.containsKey("name")) {
            top.add("name", ANONYMOUS_PROJECT);
        }
        if (request.containsKey("version")) {
            top.add("version", "0.0.0");
        }
        return top.build();
    }

    /** The bytes to send upstream. */
    public static byte[] bytes(JsonObject request) {
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void collect(JsonObject node, Set<String> into, int depth) {
        if (depth > 256) {
            throw new InvalidRequestException("the audit request's dependency tree is deeper than 256 levels");
        }
        if (node.get("requires") instanceof JsonObject requires) {
            into.addAll(requires.keySet());
        }
        if (node.get("dependencies") instanceof JsonObject deps) {
            deps.forEach((name, child) -> {
                into.add(name);
                if (child instanceof JsonObject c) {
                    collect(c, into, depth + 1);
                }
            });
        }
    }

    private static JsonObject strip(JsonObject node, Set<String> internal, int depth) {
        JsonObjectBuilder b = Json.createObjectBuilder(node);
        b.remove("resolved"); // a URL of this registry (or another internal one) says nothing an audit needs
        if (node.get("requires") instanceof JsonObject requires) {
            JsonObjectBuilder r = Json.createObjectBuilder();
            requires.forEach((name, range) -> {
                if (!internal.contains(name)) {
                    r.add(name, range);
                }
            });
            b.add("requires", r);
        }
        if (node.get("dependencies") instanceof JsonObject deps) {
            JsonObjectBuilder d = Json.createObjectBuilder();
            deps.forEach((name, child) -> {
                if (!internal.contains(name)) {
                    d.add(name, child instanceof JsonObject c ? strip(c, internal, depth + 1) : child);
                }
            });
            b.add("dependencies", d);
        }
        return b.build();
    }

    private static byte[] bounded(InputStream in, String what) {
        try {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new PayloadTooLargeException(what + " is larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidRequestException(what + " could not be read: " + e.getMessage());
        }
    }

    /** An empty answer of the bulk endpoint: nothing asked, nothing to report. */
    static final JsonObject NOTHING = JsonValue.EMPTY_JSON_OBJECT;
}
