package org.granary.format.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The npm packument as the cooldown shows it: hidden versions gone, dist-tags repaired, in full and abbreviated form. */
class CooldownFilterTest {

    private static final String BASE = "http://granary.example/granary/npm/";

    /** A packument with the versions and dist-tags given ({@code tag=version;...}), each version with a time. */
    private static JsonObject packument(List<String> versions, String tags) {
        JsonObjectBuilder vs = Json.createObjectBuilder();
        JsonObjectBuilder time = Json.createObjectBuilder().add("created", "2020-01-01T00:00:00.000Z")
                .add("modified", "2025-01-05T00:00:00.000Z");
        int day = 1;
        for (String v : versions) {
            vs.add(v, Json.createObjectBuilder().add("name", "widgets").add("version", v)
                    .add("readme", "big readme of " + v)
                    .add("dist", Json.createObjectBuilder().add("tarball", "http://upstream/widgets/-/widgets-" + v + ".tgz")
                            .add("shasum", "0123456789abcdef0123456789abcdef01234567")));
            time.add(v, String.format("2024-01-%02dT00:00:00.000Z", day++));
        }
        JsonObjectBuilder dt = Json.createObjectBuilder();
        if (!tags.isEmpty()) {
            for (String t : tags.split(";")) {
                dt.add(t.split("=")[0], t.split("=")[1]);
            }
        }
        return Json.createObjectBuilder().add("name", "widgets").add("dist-tags", dt).add("versions", vs)
                .add("time", time).build();
    }

    private static String tags(JsonObject packument) {
        StringBuilder b = new StringBuilder();
        packument.getJsonObject("dist-tags").forEach((k, v) -> b.append(b.length() == 0 ? "" : ";")
                .append(k).append('=').append(((jakarta.json.JsonString) v).getString()));
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // case                              | versions                                   | hidden              | tags before                         | tags after
        "latest young                        | 1.0.0,1.1.0,1.2.0                          | 1.2.0               | latest=1.2.0                        | latest=1.1.0",
        "latest young, prerelease below it   | 1.0.0,2.0.0-rc.1,2.0.0                     | 2.0.0               | latest=2.0.0;next=2.0.0-rc.1        | latest=1.0.0;next=2.0.0-rc.1",
        "latest is a visible prerelease      | 1.0.0,2.0.0-rc.1                           | ''                  | latest=2.0.0-rc.1                   | latest=2.0.0-rc.1",
        "latest a young prerelease           | 1.0.0,2.0.0-rc.1,2.0.0-rc.2                | 2.0.0-rc.2          | latest=2.0.0-rc.2                   | latest=1.0.0",
        "all young                           | 1.0.0,1.1.0                                | 1.0.0,1.1.0         | latest=1.1.0;beta=1.1.0             | ''",
        "tag at a hidden version             | 1.0.0,1.5.0,2.0.0-beta.1,2.0.0-beta.2       | 2.0.0-beta.2        | latest=1.5.0;next=2.0.0-beta.2      | latest=1.5.0;next=2.0.0-beta.1",
        "tag below every visible version     | 1.0.0,3.0.0                                | 1.0.0               | latest=3.0.0;legacy=1.0.0           | latest=3.0.0",
        "latest never moves up               | 1.0.0,1.1.0,2.0.0                          | 1.1.0               | latest=1.1.0                        | latest=1.0.0",
        "a backport newer in time, older in order | 1.0.0,2.0.0,1.0.1                     | 1.0.1,2.0.0         | latest=2.0.0;v1=1.0.1               | latest=1.0.0;v1=1.0.0",
    })
    void distTagsAreRepairedInFullAndAbbreviatedDocuments(String name, String versions, String hidden, String before,
                                                          String after) {
        List<String> all = List.of(versions.split(","));
        Set<String> hide = hidden.isEmpty() ? Set.of() : Set.of(hidden.split(","));
        JsonObject filtered = CooldownFilter.filter(packument(all, before), v -> !hide.contains(v));

        assertEquals(after, tags(filtered), "full");
        assertEquals(after, tags(PackumentRewriter.rewrite(filtered, BASE, true)), "abbreviated");
        assertEquals(all.stream().filter(v -> !hide.contains(v)).toList(),
                List.copyOf(filtered.getJsonObject("versions").keySet()));
        for (String v : hide) {
            assertNull(filtered.getJsonObject("time").get(v), "no time entry for hidden " + v);
        }
        assertEquals("2025-01-05T00:00:00.000Z", filtered.getJsonObject("time").getString("modified"));
    }

    @Test
    void aPackumentWithNothingHiddenIsTheVeryDocument() {
        JsonObject p = packument(List.of("1.0.0", "1.1.0"), "latest=1.1.0");
        assertSame(p, CooldownFilter.filter(p, v -> true));
    }

    @Test
    void releaseTimesAreTheTimeEntriesOfTheListedVersions() throws Exception {
        String json = """
                {"name":"widgets","versions":{"1.0.0":{},"1.1.0":{},"2.0.0":{}},
                 "time":{"created":"2020-01-01T00:00:00.000Z","1.0.0":"2024-01-01T10:00:00.000Z",
                         "1.1.0":"2024-02-01T10:00:00+01:00","2.0.0":"not a time","3.0.0":"2024-03-01T00:00:00Z"}}
                """;

        Map<String, Instant> times = CooldownFilter.releaseTimes(json.getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("1.0.0", "1.1.0", "2.0.0"), List.copyOf(times.keySet()), "the versions the document lists");
        assertEquals(Instant.parse("2024-01-01T10:00:00Z"), times.get("1.0.0"));
        assertEquals(Instant.parse("2024-02-01T09:00:00Z"), times.get("1.1.0"));
        assertNull(times.get("2.0.0"), "an unreadable time is no time");
    }

    static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
