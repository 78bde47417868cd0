package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure rules: the version order, version ranges, name patterns, and how a policy's parts decide together. */
class GuardPolicyTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "1.0.0, 1.0.1", "1.9.0, 1.10.0", "1.0.0-rc.1, 1.0.0", "1.0.0-alpha, 1.0.0-alpha.1", "1.0.0-alpha.1, 1.0.0-beta",
        "1.0.0-beta.2, 1.0.0-beta.11", "1.0.0-rc.1, 1.0.0-rc.1.1", "1.0.0-0.3.7, 1.0.0", "v1.2.3, v1.2.4",
        "2.0b1, 2.0", "2.0a1, 2.0b1", "2.0rc1, 2.0", "2.0, 2.0.post1", "1.0-alpha-1, 1.0-beta-1", "1.0-SNAPSHOT, 1.0",
        "1.0, 1.0.1", "1.0.RELEASE, 1.0.1", "1.0-rc-1, 1.0-SNAPSHOT"
    })
    void versionsSortAsTheirEcosystemsSortThem(String lower, String higher) {
        assertTrue(VersionOrder.INSTANCE.compare(lower, higher) < 0);
        assertTrue(VersionOrder.INSTANCE.compare(higher, lower) > 0);
    }

    @ParameterizedTest
    @CsvSource({"1.0.0, 1.0.0+build.5", "1.0, 1.0.0", "v1.2.3, 1.2.3", "1.0, 1.0.FINAL"})
    void equalVersions(String a, String b) {
        assertEquals(0, VersionOrder.INSTANCE.compare(a, b));
    }

    @Test
    void preReleasesAreRecognisedInEveryEcosystemsSpelling() {
        for (String v : List.of("1.0.0-rc.1", "2.0b1", "3.0-SNAPSHOT", "1.0.0-0.3.7", "v2.0.0-pre")) {
            assertTrue(VersionOrder.INSTANCE.isPrerelease(v), v);
        }
        for (String v : List.of("1.0.0", "2.0.post1", "1.0.RELEASE", "v1.2.3", "1.0.0+build")) {
            assertFalse(VersionOrder.INSTANCE.isPrerelease(v), v);
        }
    }

    @ParameterizedTest(name = "{1} in ''{0}'': {2}")
    @CsvSource(delimiter = '|', value = {
        "*                | 9.9.9       | true", "1.2.3        | 1.2.3       | true", "1.2.3  | 1.2.4 | false",
        ">=1.2.0 <1.3.0   | 1.2.9       | true", ">=1.2.0 <1.3.0 | 1.3.0 | false", ">=1.2.0 <1.3.0 | 1.3.0-rc.1 | true",
        ">1.0,<=1.4       | 1.4         | true", "<2        | 2.0.0-rc.1  | true", "=1.0    | 1.0.0 | true"
    })
    void versionRanges(String range, String version, boolean inside) {
        assertEquals(inside, VersionRange.parse(range).contains(version));
    }

    @Test
    void aMalformedRangeIsTheClientsMistake() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> VersionRange.parse(">=1.0 <<2"));
        assertTrue(e.getMessage().contains("is not a version, '*', or comparators"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({"@acme/*, @acme/widgets, true", "@acme/*, @other/widgets, false", "org.example:*, org.example:core, true",
                "left-pad, Left-Pad, true", "left-pad, left-pad2, false", "*, anything, true", "*-crypto, evil-crypto, true"})
    void namePatterns(String pattern, String name, boolean matches) {
        GuardRule r = new GuardRule(1, GuardRule.Action.BLOCK, pattern, null, null, "x", null, null, NOW);
        assertEquals(matches, r.matches(name, "1.0.0"));
    }

    private static GuardPolicy policy(Duration age, GuardPolicy.MissingReleaseTime missing, boolean breakGlass,
                                      GuardRule... rules) {
        return new GuardPolicy(1, "npm-proxy", age, missing, breakGlass, null, List.of(rules));
    }

    private static GuardRule rule(GuardRule.Action action, String pattern, String versions, Duration age) {
        return new GuardRule(1, action, pattern, VersionRange.parse(versions), age, "reason " + action, null, "admin", NOW);
    }

    @Test
    void theMostSpecificAgeRuleWinsAndAnExactAllowBeatsABlock() {
        GuardPolicy p = policy(Duration.ofDays(3), null, false,
                rule(GuardRule.Action.AGE, "@acme/*", null, Duration.ofDays(14)),
                rule(GuardRule.Action.AGE, "@acme/trusted", null, Duration.ZERO),
                rule(GuardRule.Action.BLOCK, "evil", "<2", null),
                rule(GuardRule.Action.ALLOW, "evil", "1.0.1", null));
        Instant fiveDaysAgo = NOW.minus(Duration.ofDays(5));

        assertEquals(Verdict.Outcome.PASS, p.judge("lodash", "4.0.0", fiveDaysAgo, NOW).outcome());
        Verdict acme = p.judge("@acme/widgets", "1.0.0", fiveDaysAgo, NOW);
        assertEquals(Verdict.Outcome.HELD, acme.outcome());
        assertEquals(fiveDaysAgo.plus(Duration.ofDays(14)), acme.availableAt());
        assertTrue(p.judge("@acme/trusted", "1.0.0", NOW, NOW).passes(), "a zero age for one package");
        assertEquals(Verdict.Outcome.BLOCKED, p.judge("evil", "1.0.0", fiveDaysAgo, NOW).outcome());
        assertTrue(p.judge("evil", "1.0.1", fiveDaysAgo, NOW).passes());
        assertTrue(p.judge("evil", "2.0.0", fiveDaysAgo, NOW).passes());
    }

    @Test
    void withoutAReleaseTimeTheMissingRuleDecidesUnlessNoAgeApplies() {
        assertTrue(policy(Duration.ofDays(3), GuardPolicy.MissingReleaseTime.ALLOW, false).judge("x", "1", null, NOW).passes());
        Verdict denied = policy(Duration.ofDays(3), GuardPolicy.MissingReleaseTime.DENY, false).judge("x", "1", null, NOW);
        assertEquals(Verdict.Outcome.NO_RELEASE_TIME, denied.outcome());
        assertTrue(denied.wantsReleaseTime());
        assertTrue(policy(Duration.ZERO, GuardPolicy.MissingReleaseTime.DENY, false,
                rule(GuardRule.Action.BLOCK, "y", null, null)).judge("x", "1", null, NOW).passes(), "no age: no time needed");
        assertTrue(policy(Duration.ofDays(3), GuardPolicy.MissingReleaseTime.DENY, true).judge("x", "1", null, NOW).passes(),
                "break-glass");
    }

    @Test
    void anExpiredRuleOrBreakGlassNoLongerCounts() {
        GuardRule expired = new GuardRule(1, GuardRule.Action.BLOCK, "x", null, null, "old", NOW, "admin", NOW);
        assertFalse(policy(Duration.ZERO, null, false, expired).isActive(NOW));
        assertTrue(policy(Duration.ZERO, null, false, expired).judge("x", "1", null, NOW).passes());
        GuardPolicy glass = new GuardPolicy(1, "p", Duration.ofDays(1), null, true, NOW, List.of());
        assertEquals(Verdict.Outcome.HELD, glass.judge("x", "1", NOW.minusSeconds(60), NOW).outcome());
        assertTrue(glass.judge("x", "1", NOW.minusSeconds(60), NOW.minusSeconds(1)).passes());
    }

    @Test
    void everyPolicyOnTheWayToAMemberMustPass() {
        PolicyChain chain = new PolicyChain(List.of(policy(Duration.ofDays(1), null, false),
                new GuardPolicy(2, "npm", Duration.ofDays(7), null, false, null, List.of())));
        Verdict v = chain.judge("x", "1.0.0", NOW.minus(Duration.ofDays(3)), NOW);
        assertEquals(Verdict.Outcome.HELD, v.outcome());
        assertEquals("npm", v.repository(), "the group's longer cooldown");
    }
}
