package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionRuleTest {

    private static final List<String> NPM = List.of("1.0.0", "1.10.0", "1.2.0", "2.0.0-rc.1", "1.9.3", "0.9.0");

    @Test
    void latestIsTheHighestReleaseComparedNumericallyAndLatestNTheNHighest() {
        assertEquals(List.of("1.10.0"), VersionRule.parse("latest").select(NPM));
        assertEquals(List.of("1.10.0", "1.9.3", "1.2.0"), VersionRule.parse("latest 3").select(NPM));
        assertEquals(List.of("2.0", "1.0"), VersionRule.parse("latest 2").select(List.of("1.0", "2.0b1", "2.0", "2.1.dev3")),
                "PyPI pre-releases and dev releases are not 'latest'");
        assertEquals(List.of("1.1"), VersionRule.parse("latest").select(List.of("1.0", "1.1", "1.2-SNAPSHOT")));
    }

    @Test
    void aRangeAndAllIncludePreReleases() {
        assertEquals(List.of("2.0.0-rc.1", "1.10.0", "1.9.3", "1.2.0"), VersionRule.parse(">=1.2 <=2.0.0").select(NPM));
        assertEquals(List.of("1.9.3"), VersionRule.parse("=1.9.3").select(NPM));
        assertEquals(6, VersionRule.parse("all").select(NPM).size());
        assertEquals(List.of("2.0.0", "2.0.0-rc.1"), VersionRule.parse(">1.10.0").select(List.of("2.0.0", "2.0.0-rc.1", "1.10.0")),
                "a pre-release sorts below its release");
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(InvalidRequestException.class, () -> VersionRule.parse("newest"));
        assertThrows(InvalidRequestException.class, () -> VersionRule.parse("latest 0"));
        assertThrows(InvalidRequestException.class, () -> VersionRule.parse(""));
    }
}
