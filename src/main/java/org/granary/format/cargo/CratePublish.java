package org.granary.format.cargo;

import org.granary.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;

/**
 * The body of {@code cargo publish} ({@code PUT api/v1/crates/new}): a 32-bit little-endian length, the
 * package metadata as JSON, a 32-bit little-endian length, then the {@code .crate} itself. The metadata is
 * read and validated here; the {@code .crate} is left in the stream for the hosted store to take.
 */
public final class CratePublish {

    /** The most metadata JSON accepted (it carries the README, so it is not tiny). */
    static final int MAX_METADATA_BYTES = 10 << 20;

    private static final Pattern VERSION_REQ = Pattern.compile("[0-9A-Za-z.*^~<>=, +-]+");
    private static final Pattern RUST_VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,2}");
    private static final Pattern FEATURE_NAME = Pattern.compile("[\\p{L}\\p{N}_][\\p{L}\\p{N}_+.-]*");
    private static final List<String> KINDS = List.of("normal", "dev", "build");
    /** The longest description kept for search (crates.io's limit is about this). */
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_TEXT = 1024;

    private CratePublish() {
    }

    /**
     * The index-relevant part of a publish request, validated.
     *
     * @param features   feature name → what it enables, in the order sent
     * @param links      the {@code links} value, or {@code null}
     * @param rustVersion the minimal supported Rust version, or {@code null}
     */
    public record Metadata(String name, String version, List<Dependency> deps, Map<String, List<String>> features,
                           String links, String rustVersion, String description) {

        public Metadata(String name, String version, List<Dependency> deps, Map<String, List<String>> features,
                        String links, String rustVersion) {
            this(name, version, deps, features, links, rustVersion, null);
        }

        /** {@code name@version}, for messages and the audit log. */
        public String display() {
            return name + "@" + version;
        }
    }

    /**
     * A dependency as the publish API sends it.
     *
     * @param name               the real name of the crate depended on
     * @param explicitNameInToml the name it is renamed to in {@code Cargo.toml}, or {@code null}
     * @param registry           the index URL of the registry it comes from; {@code null}: this registry
     */
    public record Dependency(String name, String versionReq, List<String> features, boolean optional,
                             boolean defaultFeatures, String target, String kind, String registry,
                             String explicitNameInToml) {
    }

    /** What precedes the {@code .crate} in the body. */
    public record Header(Metadata metadata, long crateLength) {
    }

    /**
     * Reads the metadata part of a publish body; on return {@code body} is at the first byte of the
     * {@code .crate}, whose length the header gives.
     *
     * @throws InvalidRequestException when the body is not a publish request or the metadata is unusable
     */
    public static Header readHeader(InputStream body) {
        try {
            long jsonLength = readLength(body, "metadata length");
            if (jsonLength > MAX_METADATA_BYTES) {
                throw new InvalidRequestException("the publish metadata is " + jsonLength + " bytes; at most "
                        + MAX_METADATA_BYTES + " are accepted (is the README very large?)");
            }
            byte[] json = body.readNBytes((int) jsonLength);
            if (json.length < jsonLength) {
                throw new InvalidRequestException("the publish request ended inside its metadata");
            }
            Metadata metadata = metadata(parse(json));
            long crateLength = readLength(body, ".crate length");
            return new Header(metadata, crateLength);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the publish request failed: " + e.getMessage(), e);
        }
    }

    /**
     * The next {@code length} bytes of {@code body}: ends there, and fails with a 400 if the body ends
     * sooner (so a truncated upload is never stored).
     */
    public static InputStream crateBytes(InputStream body, long length) {
        return new ExactLengthInputStream(body, length);
    }

    /** Validates the metadata JSON of a publish request. */
    static Metadata metadata(JsonObject json) {
        String name = CargoPath.validNewName(string(json, "name", true));
        String version = CargoPath.validVersion(string(json, "vers", true));
        List<Dependency> deps = new ArrayList<>();
        JsonValue rawDeps = json.get("deps");
        if (rawDeps != null && rawDeps != JsonValue.NULL) {
            if (!(rawDeps instanceof JsonArray array)) {
                throw new InvalidRequestException("\"deps\" must be an array");
            }
            for (JsonValue d : array) {
                if (!(d instanceof JsonObject dep)) {
                    throw new InvalidRequestException("every entry of \"deps\" must be an object");
                }
                deps.add(dependency(dep));
            }
        }
        Map<String, List<String>> features = new LinkedHashMap<>();
        JsonValue rawFeatures = json.get("features");
        if (rawFeatures != null && rawFeatures != JsonValue.NULL) {
            if (!(rawFeatures instanceof JsonObject object)) {
                throw new InvalidRequestException("\"features\" must be an object");
            }
            object.forEach((feature, enables) -> {
                if (feature.length() > MAX_TEXT || !FEATURE_NAME.matcher(feature).matches()) {
                    throw new InvalidRequestException("'" + shorten(feature) + "' is not a valid feature name");
                }
                features.put(feature, strings(enables, "features." + feature));
            });
        }
        String links = string(json, "links", false);
        String rustVersion = string(json, "rust_version", false);
        if (rustVersion != null && !RUST_VERSION.matcher(rustVersion).matches()) {
            throw new InvalidRequestException("rust_version '" + shorten(rustVersion) + "' is not a version such as 1.70");
        }
        String description = string(json, "description", false);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION);
        }
        return new Metadata(name, version, List.copyOf(deps), Collections.unmodifiableMap(features), links, rustVersion,
                description);
    }

    private static Dependency dependency(JsonObject dep) {
        String name = CargoPath.validName(string(dep, "name", true));
        String req = string(dep, "version_req", true);
        if (req.length() > MAX_TEXT || !VERSION_REQ.matcher(req).matches()) {
            throw new InvalidRequestException("'" + shorten(req) + "' is not a valid version requirement (dependency "
                    + name + ")");
        }
        String kind = string(dep, "kind", false);
        if (kind == null) {
            kind = "normal";
        } else if (!KINDS.contains(kind)) {
            throw new InvalidRequestException("dependency " + name + " has kind '" + shorten(kind)
                    + "'; it must be normal, dev or build");
        }
        String rename = string(dep, "explicit_name_in_toml", false);
        if (rename != null) {
            CargoPath.validName(rename);
        }
        return new Dependency(name, req, strings(dep.get("features"), "features of dependency " + name),
                bool(dep, "optional", false), bool(dep, "default_features", true), string(dep, "target", false),
                kind, string(dep, "registry", false), rename);
    }

    private static JsonObject parse(byte[] json) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(json))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject o) {
                return o;
            }
        } catch (JsonException e) {
            throw new InvalidRequestException("the publish metadata is not valid JSON: " + e.getMessage());
        }
        throw new InvalidRequestException("the publish metadata is not a JSON object");
    }

    private static long readLength(InputStream in, String what) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw new InvalidRequestException("this is not a cargo publish request: the body ended before the " + what);
        }
        return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    }

    private static String string(JsonObject o, String key, boolean required) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) {
            if (required) {
                throw new InvalidRequestException("the publish metadata has no \"" + key + "\"");
            }
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw new InvalidRequestException("\"" + key + "\" must be a string");
        }
        return s.getString();
    }

    private static boolean bool(JsonObject o, String key, boolean absent) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) {
            return absent;
        }
        if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
            throw new InvalidRequestException("\"" + key + "\" must be true or false");
        }
        return v == JsonValue.TRUE;
    }

    private static List<String> strings(JsonValue v, String what) {
        if (v == null || v == JsonValue.NULL) {
            return List.of();
        }
        if (!(v instanceof JsonArray array)) {
            throw new InvalidRequestException(what + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s) || s.getString().isEmpty() || s.getString().length() > MAX_TEXT) {
                throw new InvalidRequestException(what + " must be an array of non-empty strings");
            }
            out.add(s.getString());
        }
        return List.copyOf(out);
    }

    private static String shorten(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        StringBuilder b = new StringBuilder();
        cut.codePoints().forEach(c -> b.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
        return b.toString();
    }

    /** Exactly {@code length} bytes of the underlying stream: EOF after them, a 400 if they do not all come. */
    private static final class ExactLengthInputStream extends InputStream {
        private final InputStream in;
        private final long length;
        private long left;

        ExactLengthInputStream(InputStream in, long length) {
            this.in = in;
            this.length = length;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new InvalidRequestException("the publish request ended after " + (length - left) + " of the "
                        + length + " bytes of the .crate; nothing was stored");
            }
            left -= n;
            return n;
        }
    }
}
