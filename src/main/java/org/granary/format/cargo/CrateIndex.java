package org.granary.format.cargo;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.granary.core.ConflictException;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;

/**
 * Sparse-index files: one JSON object per line, one line per published version (yanked ones included).
 * Upstream files are served unchanged (read only to check a copy before caching it and to find the
 * {@code cksum} a crate must hash to); hosted files are written here, a line per publish with only
 * {@code yanked} changing afterwards; a group's file is its members' lines merged.
 */
public final class CrateIndex {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    /** One version as an index line declares it ({@code pubtime}: the publish time crates.io records, or null). */
    public record Entry(String name, String version, String cksum, boolean yanked, String pubtime) {

        public Entry(String name, String version, String cksum, boolean yanked) {
            this(name, version, cksum, yanked, null);
        }
    }

    private CrateIndex() {
    }

    /**
     * Checks that {@code content} is an index file of {@code crate}: every non-empty line is a JSON object
     * with a {@code name} (equal to {@code crate} ignoring case) and a {@code vers}.
     *
     * @throws IOException describing the first bad line
     */
    public static void check(InputStream content, String crate) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Entry entry = parseLine(line, number);
            if (!entry.name().equalsIgnoreCase(crate)) {
                throw new IOException("upstream index file of '" + crate + "' has a line for crate '"
                        + entry.name() + "' (line " + number + ")");
            }
        }
    }

    /** The line for {@code version} (exact match, as Cargo compares versions in download URLs). */
    public static Optional<Entry> find(InputStream content, String version) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Entry entry = parseLine(line, number);
            if (entry.version().equals(version)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Every version an index file lists, yanked ones left out (prefetch rules keep what can be installed). */
    public static List<String> versions(InputStream content) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
        List<String> versions = new java.util.ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (!line.isBlank()) {
                Entry e = parseLine(line, number);
                if (!e.yanked()) {
                    versions.add(e.version());
                }
            }
        }
        return versions;
    }

    /**
     * The index line of a published version: the metadata in index form (dependencies renamed as the
     * index names them, {@code version_req} as {@code req}), the {@code .crate}'s SHA-256 as {@code cksum},
     * not yanked; features with the newer syntax ({@code dep:}, {@code ?/}) in {@code features2} with
     * {@code "v":2}, as crates.io writes them.
     */
    public static String line(CratePublish.Metadata m, String cksum) {
        return line(m, cksum, null);
    }

    /**
     * {@link #line(CratePublish.Metadata, String)} with the publish time as {@code pubtime} (RFC 3339, seconds, UTC), as
     * crates.io writes it, so that cargo's own minimum-release-age checks work against a hosted registry too.
     */
    public static String line(CratePublish.Metadata m, String cksum, java.time.Instant pubtime) {
        JsonArrayBuilder deps = Json.createArrayBuilder();
        m.deps().stream().sorted(Comparator.comparing(CratePublish.Dependency::name)).forEach(d -> {
            JsonObjectBuilder dep = Json.createObjectBuilder()
                    .add("name", d.explicitNameInToml() != null ? d.explicitNameInToml() : d.name())
                    .add("req", d.versionReq())
                    .add("features", Json.createArrayBuilder(d.features()))
                    .add("optional", d.optional())
                    .add("default_features", d.defaultFeatures())
                    .add("target", nullable(d.target()))
                    .add("kind", d.kind());
            if (d.registry() != null) {
                dep.add("registry", d.registry());
            }
            if (d.explicitNameInToml() != null) {
                dep.add("package", d.name());
            }
            deps.add(dep);
        });
        JsonObjectBuilder features = Json.createObjectBuilder();
        JsonObjectBuilder features2 = Json.createObjectBuilder();
        boolean extended = false;
        for (Map.Entry<String, List<String>> f : m.features().entrySet()) {
            boolean newSyntax = f.getValue().stream().anyMatch(v -> v.startsWith("dep:") || v.contains("?/"));
            (newSyntax ? features2 : features).add(f.getKey(), Json.createArrayBuilder(f.getValue()));
            extended |= newSyntax;
        }
        JsonObjectBuilder line = Json.createObjectBuilder()
                .add("name", m.name())
                .add("vers", m.version())
                .add("deps", deps)
                .add("cksum", cksum)
                .add("features", features);
        if (extended) {
            line.add("features2", features2);
        }
        line.add("yanked", false).add("links", nullable(m.links()));
        if (m.rustVersion() != null) {
            line.add("rust_version", m.rustVersion());
        }
        if (extended) {
            line.add("v", 2);
        }
        if (pubtime != null) {
            line.add("pubtime", pubtime.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }
        return line.build().toString();
    }

    /**
     * Refuses to publish {@code metadata} onto {@code current} (a hosted index file, if the crate has one).
     *
     * @throws ConflictException       when the version (build metadata aside) is already in the file
     * @throws InvalidRequestException when the crate was published under another spelling of its name
     */
    public static void requirePublishable(Optional<byte[]> current, CratePublish.Metadata metadata) {
        String text = current.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        for (JsonObject existing : objects(text)) {
            String name = existing.getString("name", "");
            if (!name.equals(metadata.name())) {
                throw new InvalidRequestException("crate " + metadata.name() + " was published as '" + name
                        + "' before; publish it under that name");
            }
            String vers = existing.getString("vers", "");
            if (semverKey(vers).equals(semverKey(metadata.version()))) {
                throw new ConflictException("crate version " + metadata.display() + " is already published"
                        + (vers.equals(metadata.version()) ? "" : " (as " + vers + ")")
                        + " and cannot be replaced; publish a new version");
            }
        }
    }

    /** {@code current} with {@code line} appended, after {@link #requirePublishable}. */
    public static byte[] append(Optional<byte[]> current, CratePublish.Metadata metadata, String line) {
        requirePublishable(current, metadata);
        String text = current.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        StringBuilder next = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            next.append('\n');
        }
        return next.append(line).append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A hosted index file with the {@code yanked} flag of {@code version} (exact match) set to {@code yanked};
     * every other byte unchanged.
     *
     * @throws NotFoundException when the file has no such version
     */
    public static byte[] withYanked(byte[] current, String crate, String version, boolean yanked) {
        String[] lines = new String(current, StandardCharsets.UTF_8).split("\n", -1);
        boolean found = false;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonObject o = object(lines[i]);
            if (version.equals(o.getString("vers", null))) {
                lines[i] = Json.createObjectBuilder(o).add("yanked", yanked).build().toString();
                found = true;
            }
        }
        if (!found) {
            throw new NotFoundException("crate " + crate + " has no version " + version + " here");
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Merges the index files of a group's members, in member order: every line of the first, then the lines
     * of the next whose version (build metadata aside) is not there yet, and so on; on a conflict the
     * earlier member's line wins.
     */
    public static String merge(List<String> files) {
        Set<String> seen = new HashSet<>();
        StringBuilder merged = new StringBuilder();
        for (String file : files) {
            for (String line : file.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String vers;
                try {
                    vers = parseLine(line, 0).version();
                } catch (IOException e) {
                    continue; // checked when cached; an unreadable line cannot be offered anyway
                }
                if (seen.add(semverKey(vers))) {
                    merged.append(line).append('\n');
                }
            }
        }
        return merged.toString();
    }

    /** A version without its build metadata: Cargo treats {@code 1.0.0+a} and {@code 1.0.0+b} as the same. */
    static String semverKey(String version) {
        int plus = version.indexOf('+');
        return plus < 0 ? version : version.substring(0, plus);
    }

    private static List<JsonObject> objects(String text) {
        List<JsonObject> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(object(line));
            }
        }
        return out;
    }

    private static JsonObject object(String line) {
        try (JsonReader json = Json.createReader(new StringReader(line))) {
            return json.readObject();
        } catch (JsonException | ClassCastException e) {
            throw new IllegalStateException("a hosted index line is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static JsonValue nullable(String s) {
        return s == null ? JsonValue.NULL : Json.createValue(s);
    }

    /** Whether {@code cksum} is a hex SHA-256, the only checksum Cargo's index defines. */
    public static boolean isSha256(String cksum) {
        return cksum != null && SHA256_HEX.matcher(cksum).matches();
    }

    static Entry parseLine(String line, int number) throws IOException {
        JsonValue value;
        try (JsonReader json = Json.createReader(new StringReader(line))) {
            value = json.readValue();
        } catch (JsonException e) {
            throw new IOException("index line " + number + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(value instanceof JsonObject o) || !(o.get("name") instanceof JsonString name)
                || !(o.get("vers") instanceof JsonString vers)) {
            throw new IOException("index line " + number + " is not a JSON object with a name and a vers");
        }
        String cksum = o.get("cksum") instanceof JsonString c ? c.getString().toLowerCase(Locale.ROOT) : null;
        return new Entry(name.getString(), vers.getString(), cksum, o.get("yanked") == JsonValue.TRUE,
                o.get("pubtime") instanceof JsonString t ? t.getString() : null);
    }
}
