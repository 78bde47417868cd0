package org.granary.format.npm;

import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * What a tarball miss needs from a packument, for every version at once: the {@code dist} of each version (tarball
 * URL, {@code integrity}, {@code shasum}) and its release time. Read with a streaming parser, so the packument's other
 * contents (READMEs, dependency lists, often most of a large packument's bytes) are skipped, never built as objects.
 */
record TarballIndex(Map<String, Dist> versions) {

    /** One version's distribution; any field may be {@code null} when the packument lacks it. */
    record Dist(String tarball, String integrity, String shasum, String time) {
        long weight() {
            return 64 + 2L * (length(tarball) + length(integrity) + length(shasum) + length(time));
        }

        private static int length(String s) {
            return s == null ? 0 : s.length();
        }
    }

    /** Estimated bytes held, for the bounded cache. */
    long weight() {
        long w = 64;
        for (Map.Entry<String, Dist> e : versions.entrySet()) {
            w += 2L * e.getKey().length() + e.getValue().weight();
        }
        return w;
    }

    Dist version(String version) {
        return versions.get(version);
    }

    /** Reads the versions' {@code dist} objects and the {@code time} map of a packument. */
    static TarballIndex read(InputStream in) throws IOException {
        Map<String, String[]> dists = new HashMap<>();
        Map<String, String> times = new HashMap<>();
        try (JsonParser p = Json.createParser(in)) {
            if (!p.hasNext() || p.next() != JsonParser.Event.START_OBJECT) {
                throw new IOException("the packument is not a JSON object");
            }
            while (p.next() == JsonParser.Event.KEY_NAME) {
                String key = p.getString();
                JsonParser.Event value = p.next();
                if (key.equals("versions") && value == JsonParser.Event.START_OBJECT) {
                    readVersions(p, dists);
                } else if (key.equals("time") && value == JsonParser.Event.START_OBJECT) {
                    readStrings(p, times);
                } else {
                    skip(p, value);
                }
            }
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new IOException("the packument is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, Dist> versions = new HashMap<>();
        dists.forEach((version, d) -> versions.put(version, new Dist(d[0], d[1], d[2], times.get(version))));
        return new TarballIndex(Map.copyOf(versions));
    }

    private static void readVersions(JsonParser p, Map<String, String[]> into) {
        while (p.next() == JsonParser.Event.KEY_NAME) {
            String version = p.getString();
            JsonParser.Event value = p.next();
            if (value != JsonParser.Event.START_OBJECT) {
                skip(p, value);
                continue;
            }
            while (p.next() == JsonParser.Event.KEY_NAME) {
                String key = p.getString();
                JsonParser.Event v = p.next();
                if (key.equals("dist") && v == JsonParser.Event.START_OBJECT) {
                    Map<String, String> dist = new HashMap<>();
                    readStrings(p, dist);
                    into.put(version, new String[] {dist.get("tarball"), dist.get("integrity"), dist.get("shasum")});
                } else {
                    skip(p, v);
                }
            }
        }
    }

    /** The string members of the object just started (others skipped), up to its end. */
    private static void readStrings(JsonParser p, Map<String, String> into) {
        while (p.next() == JsonParser.Event.KEY_NAME) {
            String key = p.getString();
            JsonParser.Event v = p.next();
            if (v == JsonParser.Event.VALUE_STRING) {
                into.put(key, p.getString());
            } else {
                skip(p, v);
            }
        }
    }

    private static void skip(JsonParser p, JsonParser.Event value) {
        if (value == JsonParser.Event.START_OBJECT) {
            p.skipObject();
        } else if (value == JsonParser.Event.START_ARRAY) {
            p.skipArray();
        }
    }
}
