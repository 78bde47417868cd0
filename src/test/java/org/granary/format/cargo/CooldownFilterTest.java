package org.granary.format.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.granary.core.Verdict;
import org.granary.core.VersionGate;
import org.junit.jupiter.api.Test;

/** Cargo index files through the cooldown: pubtime read, lines of hidden versions left out, the rest byte for byte. */
class CooldownFilterTest {

    private static final String OLD = "{\"name\":\"serde\",\"vers\":\"1.0.0\",\"deps\":[],\"cksum\":\"aa\",\"features\":{},"
            + "\"yanked\":false,\"pubtime\":\"2024-01-01T00:00:00Z\"}";
    private static final String YOUNG = "{\"name\":\"serde\",\"vers\":\"1.1.0\",\"deps\":[],\"cksum\":\"bb\",\"features\":{},"
            + "\"yanked\":false,\"pubtime\":\"2025-06-01T12:00:00Z\"}";
    private static final String UNTIMED = "{\"vers\":\"0.9.0\",\"name\":\"serde\",\"deps\":[],\"cksum\":\"cc\",\"yanked\":true}";
    private static final byte[] INDEX = (UNTIMED + "\n" + OLD + "\n" + YOUNG + "\n").getBytes(StandardCharsets.UTF_8);

    @Test
    void pubtimeIsTheReleaseTimeWhereTheIndexHasOne() throws Exception {
        Map<String, Instant> times = CooldownFilter.releaseTimes(INDEX);

        assertEquals(List.of("0.9.0", "1.0.0", "1.1.0"), List.copyOf(times.keySet()));
        assertNull(times.get("0.9.0"));
        assertEquals(Instant.parse("2025-06-01T12:00:00Z"), times.get("1.1.0"));
    }

    @Test
    void theLinesOfHiddenVersionsAreLeftOutAndEveryOtherLineKeptAsItWas() throws Exception {
        VersionGate gate = new VersionGate(Map.of("0.9.0", Verdict.pass("p", null, null, null),
                "1.0.0", Verdict.pass("p", null, null, null),
                "1.1.0", new Verdict(Verdict.Outcome.HELD, "p", null, Instant.parse("2025-06-01T12:00:00Z"),
                        java.time.Duration.ofDays(3), null)), Map.of(), v -> Verdict.pass("p", null, null, null));

        assertEquals(UNTIMED + "\n" + OLD + "\n", new String(CooldownFilter.filter(INDEX, gate), StandardCharsets.UTF_8));
    }

    @Test
    void aHostedLineCarriesItsPublishTimeAsCratesIoWritesIt() {
        String line = CrateIndex.line(new CratePublish.Metadata("demo", "1.0.0", List.of(), Map.of(), null, null), "aa",
                Instant.parse("2025-06-01T12:00:00.123Z"));
        assertTrue(line.endsWith(",\"pubtime\":\"2025-06-01T12:00:00Z\"}"), line);
    }
}
