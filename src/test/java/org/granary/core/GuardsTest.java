package org.granary.core;

import static org.granary.core.CoreHarness.READER;
import static org.granary.core.CoreHarness.T0;
import static org.granary.core.CoreHarness.artifactPath;
import static org.granary.core.CoreHarness.body;
import static org.granary.core.CoreHarness.bytes;
import static org.granary.core.CoreHarness.sha256Of;
import static org.granary.core.CoreHarness.source;
import static org.granary.core.CoreHarness.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.granary.storage.Digests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The supply-chain guards on the one read path: a too-young or blocked version is refused whether it is cached or
 * not and through any group, a listing hides what the guards hide and changes the moment a version matures,
 * exemptions and break-glass, versions without a release time under allow and deny.
 * <p>
 * The toy format's package document lists {@code <version> <sha256> [<release time>]} per line.
 */
@Timeout(60)
class GuardsTest {

    private static final byte[] OLD = bytes("left-pad 1.0.0, released long ago");
    private static final byte[] YOUNG = bytes("left-pad 2.0.0, released an hour ago");
    private static final Instant OLD_RELEASE = T0.minus(Duration.ofDays(30));
    private static final Instant YOUNG_RELEASE = T0.minus(Duration.ofHours(1));
    private static final Duration COOLDOWN = Duration.ofDays(3);

    @RegisterExtension
    final CoreHarness core = new CoreHarness();
    private RepositoryInfo proxy;
    private final AtomicInteger probes = new AtomicInteger();

    @BeforeEach
    void given() {
        proxy = core.proxy("npm-proxy");
        core.upstreamDocument("npm-proxy", "left-pad", line("1.0.0", OLD, OLD_RELEASE) + line("2.0.0", YOUNG, YOUNG_RELEASE));
        core.upstreamArtifact("npm-proxy", "left-pad", "1.0.0", OLD);
        core.upstreamArtifact("npm-proxy", "left-pad", "2.0.0", YOUNG);
    }

    // ---------------------------------------------------------------- the toy format's guard functions

    private static String line(String version, byte[] artifact, Instant releasedAt) {
        return version + " " + Digests.sha256Hex(artifact) + (releasedAt == null ? "" : " " + releasedAt) + "\n";
    }

    private static Map<String, Instant> releaseTimes(byte[] document) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (String l : new String(document, StandardCharsets.UTF_8).split("\n")) {
            String[] f = l.split(" ");
            if (f.length >= 2) {
                out.put(f[0], f.length > 2 ? Instant.parse(f[2]) : null);
            }
        }
        return out;
    }

    private static byte[] withoutHidden(byte[] document, VersionGate gate) {
        StringBuilder kept = new StringBuilder();
        for (String l : new String(document, StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank() && gate.allows(l.split(" ")[0])) {
                kept.append(l).append('\n');
            }
        }
        return kept.toString().getBytes(StandardCharsets.UTF_8);
    }

    private MetadataRequest listing(String name) {
        return CoreHarness.document(name).withListing(new ReleaseListing(name, GuardsTest::releaseTimes));
    }

    private MetadataRequest probedListing(String name) {
        return CoreHarness.document(name).withListing(new ReleaseListing(name, GuardsTest::releaseTimes,
                (member, version) -> {
                    probes.incrementAndGet();
                    return Optional.of(version.equals("2.0.0") ? YOUNG_RELEASE : OLD_RELEASE);
                }));
    }

    private ArtifactResult download(RepositoryInfo repo, String version, byte[] declared) {
        return download(repo, Identity.ANONYMOUS, version, declared);
    }

    private ArtifactResult download(RepositoryInfo repo, Identity who, String version, byte[] declared) {
        return core.reads.artifact(repo, who, artifactPath("left-pad", version), source("left-pad", version,
                sha256Of(declared)), new ReleaseKey("left-pad", version, m -> listing("left-pad")));
    }

    private CachedMetadata visible(RepositoryInfo repo) {
        return core.reads.visible(repo, Identity.ANONYMOUS, m -> listing("left-pad"), parts -> parts.get(0).bytes(),
                GuardsTest::withoutHidden);
    }

    private void cooldown(RepositoryInfo repo, Duration age, GuardPolicy.MissingReleaseTime missing) {
        core.guards.change(repo, new Guards.PolicyChange(age, missing, null, null));
    }

    private GuardRule rule(RepositoryInfo repo, GuardRule.Action action, String pattern, String versions,
                           Duration age, Instant expiresAt) {
        return core.guards.addRule(repo, new Guards.RuleSpec(action, pattern, versions, age, "because a test says so",
                expiresAt), "admin");
    }

    // ---------------------------------------------------------------- downloads

    @Test
    void aTooYoungVersionIsRefusedBeforeAnythingIsFetchedAndServedOnceItMatures() {
        cooldown(proxy, COOLDOWN, null);
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad")); // the client read the packument first

        assertArrayEquals(OLD, body(download(proxy, "1.0.0", OLD)), "a mature version downloads as always");
        BlockedException refused = assertThrows(BlockedException.class, () -> download(proxy, "2.0.0", YOUNG));

        assertEquals(403, refused.status());
        assertEquals("minimum-release-age", refused.blockReason());
        assertEquals("left-pad@2.0.0 was released at " + YOUNG_RELEASE + " and is younger than the minimum release age "
                + "(PT72H) of repository 'npm-proxy'; it becomes available at " + YOUNG_RELEASE.plus(COOLDOWN),
                refused.getMessage());
        assertEquals(0, core.upstreamRequests("npm-proxy", artifactPath("left-pad", "2.0.0")), "nothing was fetched");

        core.clock.advance(COOLDOWN.minus(Duration.ofHours(1)).minusSeconds(1));
        assertThrows(BlockedException.class, () -> download(proxy, "2.0.0", YOUNG), "a second before maturity");
        core.clock.advance(Duration.ofSeconds(1));
        assertArrayEquals(YOUNG, body(download(proxy, "2.0.0", YOUNG)), "the moment it matures, without a restart");
    }

    @Test
    void aPinnedDownloadWhoseListingWasNeverReadLearnsTheReleaseTimeFirst() {
        cooldown(proxy, COOLDOWN, null);

        // a lockfile install asks for the tarball straight away
        BlockedException refused = assertThrows(BlockedException.class, () -> download(proxy, "2.0.0", YOUNG));

        assertTrue(refused.getMessage().contains("released at " + YOUNG_RELEASE), refused.getMessage());
        assertEquals(1, core.upstreamRequests("npm-proxy", "left-pad"), "the listing was read once, to learn the time");
        assertEquals(0, core.upstreamRequests("npm-proxy", artifactPath("left-pad", "2.0.0")));
    }

    @Test
    void aCooldownSwitchedOnByAnotherServerHoldsHereWithinTheSnapshotsRefreshTime() {
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));
        assertArrayEquals(YOUNG, body(download(proxy, "2.0.0", YOUNG)), "no policy yet: cached");

        // another server's change: the table is written, this server's snapshot is not told
        core.guards.dao.savePolicy(proxy.id(), COOLDOWN.toSeconds(), GuardPolicy.MissingReleaseTime.ALLOW.name(), false,
                null, core.clock.instant());
        assertArrayEquals(YOUNG, body(download(proxy, "2.0.0", YOUNG)), "the snapshot is believed for a few seconds");
        core.clock.advance(Duration.ofSeconds(6));

        assertThrows(BlockedException.class, () -> download(proxy, "2.0.0", YOUNG));
    }

    @Test
    void aCachedYoungVersionIsRefusedTooWhenACooldownIsSwitchedOnLater() {
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));
        assertArrayEquals(YOUNG, body(download(proxy, "2.0.0", YOUNG)), "no policy yet: cached");

        cooldown(proxy, COOLDOWN, null);

        assertThrows(BlockedException.class, () -> download(proxy, "2.0.0", YOUNG));
    }

    @Test
    void aProxysPolicyHoldsThroughEveryGroupAndAGroupsPolicyHoldsForEveryMember() {
        RepositoryInfo hosted = core.hosted("npm-hosted");
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");
        RepositoryInfo outer = core.group("all", "npm");
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));
        cooldown(proxy, COOLDOWN, null);

        assertThrows(BlockedException.class, () -> download(group, "2.0.0", YOUNG));
        assertThrows(BlockedException.class, () -> download(outer, "2.0.0", YOUNG));
        assertArrayEquals(OLD, body(download(outer, "1.0.0", OLD)));

        // a group's policy also holds a version just published to its hosted member (publish time: now)
        cooldown(proxy, Duration.ZERO, null);
        cooldown(group, COOLDOWN, null);
        byte[] internal = bytes("internal-lib 1.0.0");
        core.publish(hosted, "internal-lib", "1.0.0", internal);
        BlockedException held = assertThrows(BlockedException.class, () -> core.reads.artifact(outer, READER,
                artifactPath("internal-lib", "1.0.0"), source("internal-lib", "1.0.0", sha256Of(internal)),
                new ReleaseKey("internal-lib", "1.0.0", m -> listing("internal-lib"))));
        assertTrue(held.getMessage().contains("released at " + T0 + " and is younger than the minimum release age "
                + "(PT72H) of repository 'npm'"), held.getMessage());
        assertArrayEquals(internal, body(core.reads.artifact(hosted, READER, artifactPath("internal-lib", "1.0.0"),
                source("internal-lib", "1.0.0", sha256Of(internal)),
                new ReleaseKey("internal-lib", "1.0.0", m -> listing("internal-lib")))), "the hosted repository has no policy");
    }

    @Test
    void theFastPathOfHitsServesOnlyWhatThePoliciesPassAndLeavesTheRestToTheReadPath() {
        RepositoryInfo group = core.group("npm", "npm-proxy");
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));
        for (int i = 0; i < 2; i++) { // the second download is a stored hit, which the index then knows
            body(download(group, "1.0.0", OLD));
            body(download(group, "2.0.0", YOUNG));
        }
        ReleaseKey old = new ReleaseKey("left-pad", "1.0.0", m -> listing("left-pad"));
        ReleaseKey young = new ReleaseKey("left-pad", "2.0.0", m -> listing("left-pad"));
        assertTrue(fastHit(group, young).isPresent(), "no policy: the index answers");

        cooldown(group, COOLDOWN, null);
        assertArrayEquals(OLD, body(fastHit(group, old).orElseThrow()), "mature: still answered by the index");
        assertTrue(fastHit(group, young).isEmpty(), "too young: left to the read path");
        assertThrows(BlockedException.class, () -> download(group, "2.0.0", YOUNG), "which refuses it");

        rule(proxy, GuardRule.Action.BLOCK, "left-pad", "1.0.0", null, null);
        assertTrue(fastHit(group, old).isEmpty(), "a block rule on the member holds on the fast path too");

        core.clock.advance(COOLDOWN);
        assertArrayEquals(YOUNG, body(download(group, "2.0.0", YOUNG)), "matured (the index re-checks old entries)");
        assertTrue(fastHit(group, young).isPresent(), "and the index answers again");
    }

    private Optional<ArtifactResult.Stored> fastHit(RepositoryInfo repo, ReleaseKey release) {
        return core.reads.indexedArtifact(repo, Identity.ANONYMOUS, artifactPath("left-pad", release.version()), release);
    }

    @Test
    void aBlockRuleRefusesACachedVersionUnlessAnAllowRuleNamesItExactly() {
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));
        assertArrayEquals(OLD, body(download(proxy, "1.0.0", OLD)));

        rule(proxy, GuardRule.Action.BLOCK, "left-*", "<3", null, null);
        BlockedException blocked = assertThrows(BlockedException.class, () -> download(proxy, "1.0.0", OLD));
        assertEquals("blocked", blocked.blockReason());
        assertEquals("left-pad@1.0.0 is blocked in repository 'npm-proxy': because a test says so", blocked.getMessage());

        rule(proxy, GuardRule.Action.ALLOW, "left-pad", "1.0.0", null, null);
        assertArrayEquals(OLD, body(download(proxy, "1.0.0", OLD)), "the exact allow wins");
        assertThrows(BlockedException.class, () -> download(proxy, "2.0.0", YOUNG), "the rest stays blocked");
    }

    @Test
    void anExemptionLetsAYoungVersionThroughUntilItExpires() {
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));
        cooldown(proxy, COOLDOWN, null);
        rule(proxy, GuardRule.Action.ALLOW, "left-pad", null, null, T0.plus(Duration.ofHours(2)));

        assertArrayEquals(YOUNG, body(download(proxy, "2.0.0", YOUNG)), "exempt");

        core.clock.advance(Duration.ofHours(2));
        core.guards.invalidate();
        assertThrows(BlockedException.class, () -> download(proxy, "2.0.0", YOUNG), "the exemption expired, cached or not");
    }

    @Test
    void anAgeRuleGivesAPatternItsOwnMinimumAge() {
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));
        cooldown(proxy, COOLDOWN, null);
        rule(proxy, GuardRule.Action.AGE, "left-*", null, Duration.ofMinutes(30), null);

        assertArrayEquals(YOUNG, body(download(proxy, "2.0.0", YOUNG)), "an hour old, thirty minutes required");
    }

    @Test
    void breakGlassSuspendsTheMinimumAgeButNoBlockRuleAndTurnsItselfOff() {
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));
        cooldown(proxy, COOLDOWN, null);
        rule(proxy, GuardRule.Action.BLOCK, "left-pad", "1.0.0", null, null);
        core.guards.change(proxy, new Guards.PolicyChange(null, null, true, Optional.of(T0.plus(Duration.ofMinutes(10)))));

        assertArrayEquals(YOUNG, body(download(proxy, "2.0.0", YOUNG)), "break-glass: the young version passes");
        assertThrows(BlockedException.class, () -> download(proxy, "1.0.0", OLD), "a block rule still holds");

        core.clock.advance(Duration.ofMinutes(10));
        assertThrows(BlockedException.class, () -> download(proxy, "2.0.0", YOUNG), "break-glass is over");
    }

    @Test
    void aVersionWithoutAReleaseTimePassesUnderAllowAndIsRefusedUnderDeny() {
        byte[] timeless = bytes("left-pad 1.5.0 with no time upstream");
        core.upstreamDocument("npm-proxy", "left-pad", line("1.0.0", OLD, OLD_RELEASE) + line("1.5.0", timeless, null));
        core.upstreamArtifact("npm-proxy", "left-pad", "1.5.0", timeless);
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));

        cooldown(proxy, COOLDOWN, GuardPolicy.MissingReleaseTime.ALLOW);
        assertArrayEquals(timeless, body(download(proxy, "1.5.0", timeless)));
        core.clock.advance(Duration.ofMinutes(1));
        assertArrayEquals(timeless, body(download(proxy, "1.5.0", timeless)),
                "cached now, and still without a release time (the time it was cached is none)");

        cooldown(proxy, COOLDOWN, GuardPolicy.MissingReleaseTime.DENY);
        BlockedException refused = assertThrows(BlockedException.class, () -> download(proxy, "1.5.0", timeless));
        assertEquals("missing-release-time", refused.blockReason());
        assertTrue(refused.getMessage().startsWith("left-pad@1.5.0 has no known release time, and repository "
                + "'npm-proxy' refuses versions without one"), refused.getMessage());
        assertArrayEquals(OLD, body(download(proxy, "1.0.0", OLD)));
    }

    @Test
    void aReleaseTimeIsStoredOnceAndNeverReplacedByALaterDocument() {
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));
        // the upstream rewrites history: 2.0.0 claims to be old now
        core.upstreamDocument("npm-proxy", "left-pad", line("1.0.0", OLD, OLD_RELEASE) + line("2.0.0", YOUNG, OLD_RELEASE));
        core.clock.advance(CoreHarness.MAX_AGE);
        core.reads.first(proxy, Identity.ANONYMOUS, m -> listing("left-pad"));

        assertEquals(YOUNG_RELEASE, core.releaseTimes.versions(proxy, "left-pad").get("2.0.0"));
        cooldown(proxy, COOLDOWN, null);
        assertThrows(BlockedException.class, () -> download(proxy, "2.0.0", YOUNG));
    }

    // ---------------------------------------------------------------- metadata

    @Test
    void aListingHidesWhatTheGuardsHideAndShowsItTheMomentItMatures() {
        CachedMetadata open = visible(proxy);
        assertEquals(Digests.sha256Hex(open.bytes()), open.sha256(), "no policy: the document as cached");

        cooldown(proxy, COOLDOWN, null);
        CachedMetadata held = visible(proxy);
        assertEquals(line("1.0.0", OLD, OLD_RELEASE), text(held));
        assertNotEquals(open.sha256(), held.sha256(), "another identity, so renderings of both are kept apart");
        assertEquals(held.sha256(), visible(proxy).sha256(), "the same hidden set, the same identity");

        core.clock.advance(COOLDOWN.minus(Duration.ofHours(1)));
        CachedMetadata matured = visible(proxy);
        assertEquals(text(open), text(matured));
        assertEquals(open.sha256(), matured.sha256());
    }

    @Test
    void aGroupListingJudgesEachVersionByThePoliciesOnTheWayToTheMemberThatListsItFirst() {
        RepositoryInfo hosted = core.hosted("npm-hosted");
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");
        byte[] ours = bytes("our own left-pad 2.0.0");
        core.publish(hosted, "left-pad", "2.0.0", ours);
        core.publish(hosted, "left-pad", "3.0.0", bytes("our own left-pad 3.0.0"));
        cooldown(proxy, COOLDOWN, null);
        DocumentMerge hostedLinesFirst = parts -> {
            Map<String, String> lines = new LinkedHashMap<>();
            for (CachedMetadata p : parts) {
                for (String l : text(p).split("\n")) {
                    lines.putIfAbsent(l.split(" ")[0], l);
                }
            }
            return (String.join("\n", lines.values()) + "\n").getBytes(StandardCharsets.UTF_8);
        };

        CachedMetadata merged = core.reads.visible(group, Identity.ANONYMOUS, m -> listing("left-pad"), hostedLinesFirst,
                GuardsTest::withoutHidden);

        assertEquals(java.util.List.of("2.0.0", "3.0.0", "1.0.0"),
                text(merged).lines().map(l -> l.split(" ")[0]).toList(),
                "the hosted 2.0.0 is listed first and its member has no policy; the proxy's 1.0.0 is mature");

        core.upstreamDocument("npm-proxy", "left-pad", line("1.0.0", OLD, OLD_RELEASE) + line("4.0.0", YOUNG, YOUNG_RELEASE));
        core.clock.advance(CoreHarness.MAX_AGE);
        CachedMetadata young = core.reads.visible(group, Identity.ANONYMOUS, m -> listing("left-pad"), hostedLinesFirst,
                GuardsTest::withoutHidden);
        assertEquals(java.util.List.of("2.0.0", "3.0.0", "1.0.0"),
                text(young).lines().map(l -> l.split(" ")[0]).toList(), "the proxy's young 4.0.0 is hidden");
        assertArrayEquals(ours, body(core.reads.artifact(group, Identity.ANONYMOUS, artifactPath("left-pad", "2.0.0"),
                source("left-pad", "2.0.0", sha256Of(ours)), new ReleaseKey("left-pad", "2.0.0", m -> listing("left-pad")))),
                "and the hosted 2.0.0 downloads");
    }

    @Test
    void aMemberThatRefusesTheRequestItselfHasNothingAndTheGroupAnswersFromTheOthers() {
        core.proxy("npm-other");
        core.upstreamDocument("npm-other", "left-pad", line("1.0.0", OLD, OLD_RELEASE) + line("2.0.0", YOUNG, YOUNG_RELEASE));
        RepositoryInfo group = core.group("npm", "npm-proxy", "npm-other");
        cooldown(group, COOLDOWN, null);

        RepositoryReads.GuardedDocument doc = core.reads.guarded(group, Identity.ANONYMOUS, m -> {
            if (m.name().equals("npm-proxy")) { // e.g. a proxy without an upstream
                throw new NotFoundException("repository '" + m.name() + "' has no upstream configured");
            }
            return listing("left-pad");
        }, parts -> parts.get(0).bytes());

        assertEquals("npm-other", doc.document().source().name(), "the other member's copy, alone");
        assertEquals("minimum-release-age", doc.gate().verdict("2.0.0").blockReason());
    }

    @Test
    void aGateForVersionsSeenElsewhereReadsTheListingOnlyForVersionsNotStoredYetAndOnlyWithinItsBudget() {
        java.util.List<String> fromASearch = java.util.List.of("1.0.0", "2.0.0");
        assertSame(VersionGate.OPEN, core.reads.gate(proxy, Identity.ANONYMOUS, m -> listing("left-pad"), fromASearch,
                () -> true), "no policy: nothing to judge, nothing read");
        assertEquals(0, core.upstreamRequests("npm-proxy", "left-pad"));
        cooldown(proxy, COOLDOWN, GuardPolicy.MissingReleaseTime.DENY);

        VersionGate withoutBudget = core.reads.gate(proxy, Identity.ANONYMOUS, m -> listing("left-pad"), fromASearch,
                () -> false);
        assertEquals(0, core.upstreamRequests("npm-proxy", "left-pad"), "no budget: judged by what is stored (nothing)");
        assertEquals("missing-release-time", withoutBudget.verdict("1.0.0").blockReason());

        VersionGate learnt = core.reads.gate(proxy, Identity.ANONYMOUS, m -> listing("left-pad"), fromASearch, () -> true);
        assertTrue(learnt.allows("1.0.0"));
        assertEquals("minimum-release-age", learnt.verdict("2.0.0").blockReason());
        assertEquals(1, core.upstreamRequests("npm-proxy", "left-pad"), "the listing was read once");

        core.reads.gate(proxy, Identity.ANONYMOUS, m -> listing("left-pad"), fromASearch,
                () -> { throw new AssertionError("stored: no budget asked for"); });
        assertEquals(1, core.upstreamRequests("npm-proxy", "left-pad"));
    }

    @Test
    void versionsListedWithoutATimeAreProbedNewestFirstOnceAndTheTimesKept() {
        core.upstreamDocument("npm-proxy", "left-pad", line("1.0.0", OLD, null) + line("2.0.0", YOUNG, null));
        cooldown(proxy, COOLDOWN, null);

        CachedMetadata first = core.reads.visible(proxy, Identity.ANONYMOUS, m -> probedListing("left-pad"),
                parts -> parts.get(0).bytes(), GuardsTest::withoutHidden);
        assertEquals(line("1.0.0", OLD, null), text(first));
        assertEquals(2, probes.get(), "2.0.0 (young), then 1.0.0 (old enough: the probing stops)");

        core.reads.visible(proxy, Identity.ANONYMOUS, m -> probedListing("left-pad"), parts -> parts.get(0).bytes(),
                GuardsTest::withoutHidden);
        assertEquals(2, probes.get(), "probed times are stored");
        assertEquals(YOUNG_RELEASE, core.releaseTimes.versions(proxy, "left-pad").get("2.0.0"));
    }

    @Test
    void withoutAnyPolicyTheReadPathServesTheVeryDocumentAndArtifact() {
        CachedMetadata plain = core.reads.merged(proxy, Identity.ANONYMOUS, m -> listing("left-pad"), p -> p.get(0).bytes());
        CachedMetadata visible = visible(proxy);
        assertEquals(plain.sha256(), visible.sha256());
        assertSame(proxy, visible.source());
        assertArrayEquals(YOUNG, body(download(proxy, "2.0.0", YOUNG)));
    }
}
