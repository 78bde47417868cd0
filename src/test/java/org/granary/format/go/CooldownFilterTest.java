package org.granary.format.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The GOPROXY protocol through the cooldown: list, @latest the way go picks it, retract directives. */
class CooldownFilterTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theListLosesHiddenVersions() {
        assertEquals("v1.0.0\nv1.1.0\n", new String(CooldownFilter.filterList(bytes("v1.0.0\nv1.2.0\r\nv1.1.0\n\n"),
                v -> !v.equals("v1.2.0")), StandardCharsets.UTF_8));
    }

    @Test
    void latestMovesToTheHighestVisibleReleaseElseTheHighestPrerelease() throws Exception {
        byte[] upstream = bytes("{\"Version\":\"v1.2.0\",\"Time\":\"2025-06-01T00:00:00Z\"}");
        List<String> listed = List.of("v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0-rc.1");
        Optional<Instant> t = Optional.of(Instant.parse("2024-01-01T00:00:00Z"));

        assertEquals("{\"Version\":\"v1.1.0\",\"Time\":\"2024-01-01T00:00:00Z\"}", new String(CooldownFilter.filterLatest(
                upstream, listed, v -> !v.equals("v1.2.0"), v -> t).orElseThrow(), StandardCharsets.UTF_8));
        assertEquals("{\"Version\":\"v1.3.0-rc.1\"}", new String(CooldownFilter.filterLatest(upstream, listed,
                v -> v.contains("rc"), v -> Optional.empty()).orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(CooldownFilter.filterLatest(upstream, listed, v -> false, v -> t).isEmpty());
        assertEquals(upstream, CooldownFilter.filterLatest(upstream, listed, v -> true, v -> t).orElseThrow());
    }

    @Test
    void retractDirectivesInEveryForm() {
        String goMod = """
                module example.test/lib

                go 1.19

                retract v1.0.2 // a bad release
                retract [v1.1.0, v1.1.5]
                retract (
                    v0.9.0
                    [v0.5.0, v0.6.0] // old mistakes
                )
                """;
        List<CooldownFilter.Retraction> r = CooldownFilter.retractions(goMod);

        Set<String> retracted = Set.of("v1.0.2", "v1.1.0", "v1.1.3", "v1.1.5", "v0.9.0", "v0.5.0", "v0.5.9");
        for (String v : List.of("v1.0.2", "v1.1.0", "v1.1.3", "v1.1.5", "v0.9.0", "v0.5.0", "v0.5.9", "v1.0.1", "v1.1.6",
                "v0.6.1", "v1.0.3")) {
            assertEquals(retracted.contains(v), r.stream().anyMatch(x -> x.covers(v)), v);
        }
    }
}
