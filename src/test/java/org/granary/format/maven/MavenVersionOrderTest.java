package org.granary.format.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MavenVersionOrderTest {

    private static final MavenVersionOrder ORDER = MavenVersionOrder.INSTANCE;

    @ParameterizedTest
    @CsvSource({
        "1.0, 1.1", "1.9, 1.10", "1.0-alpha-1, 1.0", "1.0-alpha-1, 1.0-beta-1", "1.0-beta-2, 1.0-rc-1",
        "1.0-rc-1, 1.0-SNAPSHOT", "1.0-SNAPSHOT, 1.0", "1.0, 1.0-sp-1", "1.0-sp-1, 1.0.1", "1.0-M1, 1.0-RC1",
        "1.0-a1, 1.0-b1", "1.0, 1.0-jboss", "2.0.0-SNAPSHOT, 2.0.0", "0.9, 1.0-alpha", "1.0-1, 1.0-2",
        "1.0-alpha, 1.0-1", "3.9.9, 3.10.0", "10.0.0, 10.0.0.1",
    })
    void theFirstVersionIsOlder(String older, String newer) {
        assertTrue(ORDER.compare(older, newer) < 0, older + " < " + newer);
        assertTrue(ORDER.compare(newer, older) > 0, newer + " > " + older);
    }

    @ParameterizedTest
    @CsvSource({"1, 1.0", "1.0, 1.0.0", "1.0-GA, 1.0", "1.0-final, 1", "1.0-CR1, 1.0-rc1", "1.0-SNAPSHOT, 1-snapshot",
        "1.0-release, 1.0.0"})
    void equalVersions(String a, String b) {
        assertEquals(0, ORDER.compare(a, b), a + " = " + b);
    }

    @Test
    void sortingAndMaximum() {
        List<String> versions = new ArrayList<>(List.of("1.10", "1.2-SNAPSHOT", "1.2", "1.1-rc-1", "1.1", "0.9"));
        versions.sort(ORDER);
        assertEquals(List.of("0.9", "1.1-rc-1", "1.1", "1.2-SNAPSHOT", "1.2", "1.10"), versions);
        assertEquals("1.10", ORDER.max(versions));
        assertNull(ORDER.max(List.of()));
    }
}
