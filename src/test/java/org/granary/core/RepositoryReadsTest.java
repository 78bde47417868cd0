package org.granary.core;

import static org.granary.core.CoreHarness.MAX_AGE;
import static org.granary.core.CoreHarness.READER;
import static org.granary.core.CoreHarness.T0;
import static org.granary.core.CoreHarness.artifactPath;
import static org.granary.core.CoreHarness.body;
import static org.granary.core.CoreHarness.bytes;
import static org.granary.core.CoreHarness.document;
import static org.granary.core.CoreHarness.failureOf;
import static org.granary.core.CoreHarness.sha256Of;
import static org.granary.core.CoreHarness.source;
import static org.granary.core.CoreHarness.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.granary.storage.Digests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The member walk of groups: merge, access per member, nested groups, which failure is the answer. */
@Timeout(60)
class RepositoryReadsTest {

    private static final String UPSTREAM_DOC = "1.0.0 aaa\n";
    private static final byte[] INTERNAL_TARBALL = bytes("internal build of left-pad");

    /** A toy format's merge: each member's copy under a header naming the member, in member order. */
    private final AtomicInteger merges = new AtomicInteger();
    private final DocumentMerge sections = parts -> {
        merges.incrementAndGet();
        StringBuilder merged = new StringBuilder();
        for (CachedMetadata part : parts) {
            merged.append('[').append(part.source().name()).append("]\n").append(text(part));
        }
        return merged.toString().getBytes(StandardCharsets.UTF_8);
    };

    @RegisterExtension
    final CoreHarness core = new CoreHarness();
    private RepositoryInfo hosted;
    private RepositoryInfo proxy;

    @BeforeEach
    void given() {
        hosted = core.hosted("npm-hosted");
        proxy = core.proxy("npm-proxy");
    }

    private CachedMetadata merged(RepositoryInfo repo, Identity who, String name) {
        return core.reads.merged(repo, who, m -> document(name), sections);
    }

    private ArtifactResult artifact(RepositoryInfo repo, Identity who, String name, String version, byte[] declared) {
        return core.reads.artifact(repo, who, artifactPath(name, version), source(name, version, sha256Of(declared)));
    }

    @Test
    void aDocumentSeveralMembersHaveIsMergedInMemberOrderWithOneIdentityTimeAndStaleness() {
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");
        core.upstreamDocument("npm-proxy", "left-pad", UPSTREAM_DOC);
        core.metadata.read(proxy, document("left-pad")); // the proxy's copy is fetched at T0
        core.clock.advance(Duration.ofMinutes(1));
        core.publish(hosted, "left-pad", "2.0.0-internal", INTERNAL_TARBALL); // the hosted one written at T0+1m

        CachedMetadata first = merged(group, Identity.ANONYMOUS, "left-pad");
        CachedMetadata again = merged(group, Identity.ANONYMOUS, "left-pad");

        assertEquals("[npm-hosted]\n2.0.0-internal " + Digests.sha256Hex(INTERNAL_TARBALL) + "\n"
                + "[npm-proxy]\n" + UPSTREAM_DOC, text(first));
        assertEquals("npm", first.source().name(), "a merged document comes from the group");
        assertEquals(T0.plus(Duration.ofMinutes(1)), first.fetchedAt(), "as new as its newest part");
        assertFalse(first.stale());
        assertEquals(first.sha256(), again.sha256(), "same parts, same identity (ETag)");
        assertEquals(first.bytes().length, again.bytes().length);

        // A member's copy changes: the merged document has a new identity and the newest time.
        core.upstreamDocument("npm-proxy", "left-pad", "1.0.0 aaa\n1.0.1 ccc\n");
        core.clock.advance(MAX_AGE);
        CachedMetadata changed = merged(group, Identity.ANONYMOUS, "left-pad");
        assertNotEquals(first.sha256(), changed.sha256());
        assertEquals(T0.plus(Duration.ofMinutes(1)).plus(MAX_AGE), changed.fetchedAt());
        assertTrue(text(changed).endsWith("[npm-proxy]\n1.0.0 aaa\n1.0.1 ccc\n"), text(changed));

        // A member serves a stale copy: the merged document is stale, with the same identity (same bytes).
        core.upstream.stop();
        core.clock.advance(MAX_AGE);
        CachedMetadata stale = merged(group, Identity.ANONYMOUS, "left-pad");
        assertTrue(stale.stale());
        assertEquals(changed.sha256(), stale.sha256());
        assertEquals(text(changed), text(stale));
    }

    @Test
    void aDocumentOnlyOneMemberHasIsServedAsThatMemberKeepsIt() {
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");
        core.upstreamDocument("npm-proxy", "left-pad", UPSTREAM_DOC);

        CachedMetadata served = merged(group, Identity.ANONYMOUS, "left-pad");

        assertEquals(UPSTREAM_DOC, text(served), "byte for byte, no merge");
        assertEquals(Digests.sha256Hex(bytes(UPSTREAM_DOC)), served.sha256());
        assertEquals("npm-proxy", served.source().name());
        assertEquals(0, merges.get());
    }

    @Test
    void anonymousReadersNeverSeeAPrivateMembersPackagesThroughAGroup() {
        RepositoryInfo secret = core.privateHosted("npm-private");
        RepositoryInfo group = core.group("npm", "npm-private", "npm-proxy");
        core.publish(secret, "left-pad", "9.9.9-internal", INTERNAL_TARBALL);
        core.publish(secret, "secret-lib", "1.0.0", INTERNAL_TARBALL);
        core.upstreamDocument("npm-proxy", "left-pad", UPSTREAM_DOC);

        // Anonymous: the public member's document as it is, and no trace of the private packages.
        CachedMetadata anonymous = merged(group, Identity.ANONYMOUS, "left-pad");
        assertEquals(UPSTREAM_DOC, text(anonymous));
        NotFoundException hidden = assertThrows(NotFoundException.class,
                () -> artifact(group, Identity.ANONYMOUS, "secret-lib", "1.0.0", INTERNAL_TARBALL));
        assertEquals(404, hidden.status(), "not found, rather than a 401 that would say the package exists");
        assertThrows(NotFoundException.class, () -> core.reads.first(group, Identity.ANONYMOUS, m -> document("secret-lib")));

        // Authenticated: the private member takes part.
        CachedMetadata signedIn = merged(group, READER, "left-pad");
        assertEquals("[npm-private]\n9.9.9-internal " + Digests.sha256Hex(INTERNAL_TARBALL) + "\n[npm-proxy]\n"
                + UPSTREAM_DOC, text(signedIn));
        assertArrayEquals(INTERNAL_TARBALL, body(artifact(group, READER, "secret-lib", "1.0.0", INTERNAL_TARBALL)));

        // Asked directly, the private repository says that it wants credentials.
        UnauthorizedException direct = assertThrows(UnauthorizedException.class,
                () -> core.reads.first(secret, Identity.ANONYMOUS, m -> document("secret-lib")));
        assertEquals(401, direct.status());
        assertEquals("repository 'npm-private' requires authentication to read", direct.getMessage());
    }

    @Test
    void aGroupInAGroupIsWalkedDepthFirstWithEachMembersAccessAndEachRepositoryOnce() {
        RepositoryInfo secret = core.privateHosted("npm-private");
        core.group("npm-inner", "npm-private", "npm-proxy");
        RepositoryInfo outer = core.group("npm-all", "npm-hosted", "npm-inner", "npm-proxy");
        core.publish(secret, "secret-lib", "1.0.0", INTERNAL_TARBALL);
        core.publish(hosted, "left-pad", "2.0.0-internal", INTERNAL_TARBALL);
        core.upstreamDocument("npm-proxy", "left-pad", UPSTREAM_DOC);

        assertEquals(List.of("npm-hosted", "npm-proxy"), names(core.reads.readableMembers(outer, Identity.ANONYMOUS)));
        assertEquals(List.of("npm-hosted", "npm-private", "npm-proxy"), names(core.reads.readableMembers(outer, READER)));

        assertArrayEquals(INTERNAL_TARBALL, body(artifact(outer, READER, "secret-lib", "1.0.0", INTERNAL_TARBALL)));
        assertThrows(NotFoundException.class,
                () -> artifact(outer, Identity.ANONYMOUS, "secret-lib", "1.0.0", INTERNAL_TARBALL));
        assertEquals("[npm-hosted]\n2.0.0-internal " + Digests.sha256Hex(INTERNAL_TARBALL) + "\n[npm-proxy]\n"
                + UPSTREAM_DOC, text(merged(outer, Identity.ANONYMOUS, "left-pad")), "npm-proxy once, not twice");
        assertEquals(1, core.upstreamRequests("npm-proxy", "left-pad"));
    }

    @Test
    void anUnreachableUpstreamOutranksNotFoundInAGroup() {
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");
        core.upstream.stop();

        UpstreamFailureException metadata = assertThrows(UpstreamFailureException.class,
                () -> core.reads.first(group, Identity.ANONYMOUS, m -> document("left-pad")));
        UpstreamFailureException merged = assertThrows(UpstreamFailureException.class,
                () -> merged(group, Identity.ANONYMOUS, "left-pad"));
        UpstreamFailureException artifact = assertThrows(UpstreamFailureException.class,
                () -> body(artifact(group, Identity.ANONYMOUS, "left-pad", "1.0.0", INTERNAL_TARBALL)));

        assertEquals(502, metadata.status());
        assertTrue(metadata.getMessage().contains("repository 'npm-proxy'"), metadata.getMessage());
        assertEquals(502, merged.status());
        assertEquals(502, artifact.status());
    }

    @Test
    void aMembersFailureDoesNotHideWhatAnotherMemberHas() {
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");
        core.publish(hosted, "left-pad", "2.0.0-internal", INTERNAL_TARBALL);
        core.upstream.stop();

        CachedMetadata served = merged(group, Identity.ANONYMOUS, "left-pad");

        assertEquals("2.0.0-internal " + Digests.sha256Hex(INTERNAL_TARBALL) + "\n", text(served));
        assertEquals("npm-hosted", served.source().name());
    }

    @Test
    void whenNoMemberHasItTheAnswerIsNotFoundNamingTheGroup() {
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");

        NotFoundException inGroup = assertThrows(NotFoundException.class,
                () -> core.reads.first(group, Identity.ANONYMOUS, m -> document("left-pad")));
        NotFoundException direct = assertThrows(NotFoundException.class,
                () -> core.reads.first(proxy, Identity.ANONYMOUS, m -> document("nope")));

        assertTrue(inGroup.getMessage().startsWith("not found in any member of repository 'npm'"), inGroup.getMessage());
        assertEquals("nope was not found in repository 'npm-proxy' or its upstream", direct.getMessage(),
                "a repository read directly answers with its own message");
    }

    @Test
    void anIntegrityFailureIsTheAnswerEvenWhenALaterMemberHasTheArtifact() {
        core.proxy("npm-mirror");
        RepositoryInfo group = core.group("npm", "npm-proxy", "npm-mirror");
        byte[] good = bytes("left-pad 1.0.0");
        core.upstreamArtifact("npm-proxy", "left-pad", "1.0.0", bytes("left-pad 1.0.0 tampered"));
        core.upstreamArtifact("npm-mirror", "left-pad", "1.0.0", good);

        Throwable e = failureOf(() -> body(artifact(group, Identity.ANONYMOUS, "left-pad", "1.0.0", good)));

        assertInstanceOf(IntegrityException.class, e);
        assertEquals(0, core.upstreamRequests("npm-mirror", artifactPath("left-pad", "1.0.0")),
                "a tampered upstream is reported, not papered over by another member");
    }

    private static List<String> names(List<RepositoryInfo> repos) {
        return repos.stream().map(RepositoryInfo::name).toList();
    }
}
