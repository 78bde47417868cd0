package org.granary.format.cargo;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a sparse-index file: one JSON object per line, one line per published version (yanked ones
 * included). Granary serves index files unchanged; it reads them only to check an upstream copy before
 * caching it and to find the {@code cksum} a crate must hash to.
 */
public final class CrateIndex {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    /** One version as an index line declares it. */
    public record Entry(String name, String version, String cksum, boolean yanked) {
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
        return new Entry(name.getString(), vers.getString(), cksum, o.get("yanked") == JsonValue.TRUE);
    }
}
