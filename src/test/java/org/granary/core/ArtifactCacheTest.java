package org.granary.core;

import static org.granary.core.CoreHarness.NEGATIVE_TTL;
import static org.granary.core.CoreHarness.TARBALL;
import static org.granary.core.CoreHarness.artifactPath;
import static org.granary.core.CoreHarness.body;
import static org.granary.core.CoreHarness.bytes;
import static org.granary.core.CoreHarness.coordinates;
import static org.granary.core.CoreHarness.failureOf;
import static org.granary.core.CoreHarness.sha256Of;
import static org.granary.core.CoreHarness.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.granary.storage.Digests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One proxy's immutable artifacts: one fetch per miss, streaming, verification, the negative cache, a bound. */
@Timeout(60)
class ArtifactCacheTest {

    private static final byte[] TARBALL_BYTES = tarball("left-pad 1.0.0", 200_000);
    private static final String PATH = artifactPath("left-pad", "1.0.0");

    @RegisterExtension
    final CoreHarness core = new CoreHarness();
    private RepositoryInfo proxy;

    @BeforeEach
    void given() {
        proxy = core.proxy("npm-proxy");
    }

    private ArtifactResult request() {
        return core.artifacts.read(proxy, PATH, source("left-pad", "1.0.0", sha256Of(TARBALL_BYTES)));
    }

    @Test
    void twentyConcurrentMissesOfOneArtifactMakeOneUpstreamRequest() throws Exception {
        UpstreamGate gate = new UpstreamGate();
        core.upstream.on("/npm-proxy/" + PATH, gate.holding(ex -> ex.respond(200, TARBALL, TARBALL_BYTES)));

        Callers<byte[]> clients = Callers.start(20, i -> body(request()));
        gate.awaitArrival();
        clients.awaitAllWaiting();
        gate.open();

        for (Callers.Outcome<byte[]> got : clients.join()) {
            assertTrue(got.succeeded(), String.valueOf(got.failure()));
            assertArrayEquals(TARBALL_BYTES, got.value());
        }
        assertEquals(1, core.upstreamRequests("npm-proxy", PATH));
        assertEquals(1, core.rows("artifact"));
        // one blob, under the key of this fetch (path, hash and a random part: see ArtifactCache#artifactKey)
        List<String> keys = core.blobKeys();
        assertEquals(1, keys.size(), keys.toString());
        assertTrue(keys.get(0).startsWith("artifacts/npm-proxy/" + PATH + "~" + Digests.sha256Hex(TARBALL_BYTES) + "."),
                keys.toString());
        assertEquals(core.artifactRow(proxy, PATH).orElseThrow().getStorageKey(), keys.get(0));
        assertEquals(List.of(), core.spoolFilesOnceDownloadsFinish());
    }

    @Test
    void theRequestLogCallsAnArtifactMissAMissEvenWhenResolvingItsSourceReadAMetadataHit() {
        core.upstreamArtifact("npm-proxy", "left-pad", "1.0.0", TARBALL_BYTES);
        Function<RepositoryInfo, ArtifactSource> resolve = source("left-pad", "1.0.0", sha256Of(TARBALL_BYTES));
        RequestOutcome miss = RequestOutcome.begin();
        try {
            body(core.artifacts.read(proxy, PATH, repo -> {
                RequestOutcome.note("hit", repo); // what a format's source notes when it reads the cached index page
                return resolve.apply(repo);
            }));
        } finally {
            RequestOutcome.end();
        }

        assertEquals(List.of("miss", "npm-proxy"), List.of(miss.outcome(), miss.member()));
    }

    @Test
    void aCachedArtifactIsServedWithTheUpstreamDown() {
        core.upstreamArtifact("npm-proxy", "left-pad", "1.0.0", TARBALL_BYTES);
        body(request());

        core.upstream.stop();
        ArtifactResult hit = request();

        ArtifactResult.Stored stored = assertInstanceOf(ArtifactResult.Stored.class, hit);
        assertEquals(Digests.sha256Hex(TARBALL_BYTES), stored.artifact().sha256());
        assertEquals(TARBALL_BYTES.length, stored.artifact().size());
        assertArrayEquals(TARBALL_BYTES, body(hit));
        assertEquals(1, core.upstreamRequests("npm-proxy", PATH));
    }

    @Test
    void aClientGetsTheBytesWhileTheyDownloadButTheLastOneOnlyOnceVerified() throws Exception {
        UpstreamGate gate = new UpstreamGate();
        core.upstream.on("/npm-proxy/" + PATH, gate.halfThenHold(TARBALL, TARBALL_BYTES));
        int half = TARBALL_BYTES.length / 2;

        ArtifactResult result = request(); // returns as soon as the upstream answered
        ArtifactResult.Streaming streaming = assertInstanceOf(ArtifactResult.Streaming.class, result);
        assertEquals(TARBALL_BYTES.length, streaming.length());
        try (InputStream body = result.open(0)) {
            byte[] firstHalf = body.readNBytes(half); // while the upstream still holds the second half
            gate.open();
            byte[] rest = body.readAllBytes();

            assertArrayEquals(Arrays.copyOf(TARBALL_BYTES, half), firstHalf);
            assertEquals(TARBALL_BYTES.length - half, rest.length);
        }
        assertTrue(core.artifactRow(proxy, PATH).isPresent());
    }

    @Test
    void anArtifactThatDoesNotMatchItsDeclaredHashIsNotCachedAndTheAnswerNamesThePackage() throws Exception {
        byte[] tampered = tarball("left-pad 1.0.0 with a miner", 200_000);
        core.upstreamArtifact("npm-proxy", "left-pad", "1.0.0", tampered);

        IntegrityException e = assertInstanceOf(IntegrityException.class, failureOf(() -> body(request())));

        assertEquals(502, e.status());
        assertEquals("integrity check failed for left-pad@1.0.0: the upstream metadata declares "
                + sha256Of(TARBALL_BYTES) + " but the downloaded file has sha256:" + Digests.sha256Hex(tampered)
                + "; nothing was cached", e.getMessage());
        assertEquals(0, core.rows("artifact"));
        assertEquals(List.of(), core.blobKeys());
        assertEquals(List.of(), core.spoolFilesOnceDownloadsFinish());

        // The next request is verified in full before any byte is handed out: the client gets the refusal, never a
        // stream that breaks off near the end.
        UpstreamGate gate = new UpstreamGate();
        core.upstream.on("/npm-proxy/" + PATH, gate.halfThenHold(TARBALL, tampered));
        Callers<ArtifactResult> next = Callers.start(1, i -> request());
        gate.awaitArrival();
        next.awaitAllWaiting();
        gate.open();
        Callers.Outcome<ArtifactResult> outcome = next.join().get(0);
        assertInstanceOf(IntegrityException.class, outcome.failure(), "no result to stream, got " + outcome.value());
        assertEquals(2, core.upstreamRequests("npm-proxy", PATH), "a mismatch is not remembered as the answer");

        // Once the upstream serves the right bytes, they are verified, stored and served.
        core.upstreamArtifact("npm-proxy", "left-pad", "1.0.0", TARBALL_BYTES);
        ArtifactResult fixed = request();
        assertInstanceOf(ArtifactResult.Stored.class, fixed, "verified before it was handed out");
        assertArrayEquals(TARBALL_BYTES, body(fixed));
    }

    @Test
    void aPypiDownloadSkipsSha1AndSha512UnlessItsIndexDeclaresOneAndAnNpmDownloadRecordsThem() {
        RepositoryInfo pypi = core.proxy("pypi-proxy", Format.PYPI);
        core.upstreamArtifact("pypi-proxy", "left-pad", "1.0.0", TARBALL_BYTES);
        core.upstreamArtifact("npm-proxy", "left-pad", "1.0.0", TARBALL_BYTES);
        Function<RepositoryInfo, ArtifactSource> bySha256 = source("left-pad", "1.0.0", sha256Of(TARBALL_BYTES));

        body(core.artifacts.read(pypi, PATH, bySha256));
        body(request());

        StoredArtifact wheel = assertInstanceOf(ArtifactResult.Stored.class, core.artifacts.read(pypi, PATH, bySha256))
                .artifact();
        assertEquals(Digests.sha256Hex(TARBALL_BYTES), wheel.sha256());
        assertEquals(null, wheel.sha512(), "pip checks sha256; nothing asks a PyPI file for its SHA-512");
        assertEquals(null, wheel.sha1(), "nor for its SHA-1");
        StoredArtifact tarball = assertInstanceOf(ArtifactResult.Stored.class, request()).artifact();
        assertEquals(sha512Hex(TARBALL_BYTES), tarball.sha512(), "npm's integrity is a SHA-512");
        assertEquals(hex("SHA-1", TARBALL_BYTES), tarball.sha1(), "npm's shasum is a SHA-1");

        // an index that declares a SHA-512 (PEP 503 allows any hashlib name) still has it checked
        String other = artifactPath("right-pad", "1.0.0");
        core.upstream.on("/pypi-proxy/" + other, ex -> ex.respond(200, "application/octet-stream", TARBALL_BYTES));
        ExpectedDigest wrong = new ExpectedDigest(ExpectedDigest.Algorithm.SHA512, sha512Hex(new byte[] {1}));
        Function<RepositoryInfo, ArtifactSource> bySha512 = member -> new ArtifactSource(member.upstreamUrl(other),
                Optional.of(wrong), coordinates("right-pad", "1.0.0"), "application/octet-stream");
        IntegrityException e = assertInstanceOf(IntegrityException.class,
                failureOf(() -> body(core.artifacts.read(pypi, other, bySha512))));
        assertTrue(e.getMessage().contains("sha512:" + sha512Hex(TARBALL_BYTES)), e.getMessage());

        // and one that declares a SHA-1 has it checked, and recorded
        String third = artifactPath("mid-pad", "1.0.0");
        core.upstream.on("/pypi-proxy/" + third, ex -> ex.respond(200, "application/octet-stream", TARBALL_BYTES));
        ExpectedDigest sha1 = new ExpectedDigest(ExpectedDigest.Algorithm.SHA1, hex("SHA-1", TARBALL_BYTES));
        Function<RepositoryInfo, ArtifactSource> bySha1 = member -> new ArtifactSource(member.upstreamUrl(third),
                Optional.of(sha1), coordinates("mid-pad", "1.0.0"), "application/octet-stream");
        body(core.artifacts.read(pypi, third, bySha1));
        assertEquals(hex("SHA-1", TARBALL_BYTES), assertInstanceOf(ArtifactResult.Stored.class,
                core.artifacts.read(pypi, third, bySha1)).artifact().sha1());
    }

    private static String sha512Hex(byte[] bytes) {
        return hex("SHA-512", bytes);
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anArtifactItsFormatCheckRefusesIsNotCachedAndNeverStreamed() {
        core.upstreamArtifact("npm-proxy", "mod", "1.0.0", bytes("not a zip"));
        Function<RepositoryInfo, ArtifactSource> checked = member -> new ArtifactSource(
                member.upstreamUrl(artifactPath("mod", "1.0.0")), Optional.empty(),
                CoreHarness.coordinates("mod", "1.0.0"), TARBALL, file -> {
                    throw new IOException("the zip has no go.mod");
                });

        IntegrityException e = assertThrows(IntegrityException.class,
                () -> core.artifacts.read(proxy, artifactPath("mod", "1.0.0"), checked));

        assertEquals("integrity check failed for mod@1.0.0: the zip has no go.mod; nothing was cached", e.getMessage());
        assertEquals(0, core.rows("artifact"));
    }

    @Test
    void anUpstream404OfAnArtifactIsRememberedForTheNegativeCacheTimeThenAskedAgain() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> body(request()));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().startsWith("left-pad@1.0.0 (" + PATH + ") was not found upstream of repository "
                + "'npm-proxy'"), e.getMessage());

        core.clock.advance(NEGATIVE_TTL.minusSeconds(1));
        assertThrows(NotFoundException.class, this::request);
        assertEquals(1, core.upstreamRequests("npm-proxy", PATH));

        core.upstreamArtifact("npm-proxy", "left-pad", "1.0.0", TARBALL_BYTES);
        core.clock.advance(Duration.ofSeconds(1));
        assertArrayEquals(TARBALL_BYTES, body(request()));
        assertEquals(2, core.upstreamRequests("npm-proxy", PATH));
    }

    @Test
    void anUpstreamServerErrorIsA502AndARetryRightAfterItFetchesAgain() {
        for (int i = 0; i < 10; i++) { // a retry follows the failure at once: it must not be handed the old one
            String name = "pkg" + i;
            String path = artifactPath(name, "1.0.0");
            core.upstream.failNext("/npm-proxy/" + path, 1, 503, Map.of());
            core.upstreamArtifact("npm-proxy", name, "1.0.0", TARBALL_BYTES);
            Function<RepositoryInfo, ArtifactSource> source = source(name, "1.0.0", sha256Of(TARBALL_BYTES));

            UpstreamFailureException e = assertThrows(UpstreamFailureException.class,
                    () -> body(core.artifacts.read(proxy, path, source)));
            byte[] retried = body(core.artifacts.read(proxy, path, source));

            assertEquals(502, e.status());
            assertEquals("cannot fetch " + name + "@1.0.0 from the upstream of repository 'npm-proxy': upstream answered "
                    + "HTTP 503", e.getMessage());
            assertArrayEquals(TARBALL_BYTES, retried);
            assertEquals(2, core.upstreamRequests("npm-proxy", path));
        }
    }

    @Test
    void anArtifactUrlThatIsNotHttpIsNeverFetched() {
        Function<RepositoryInfo, ArtifactSource> local = member -> new ArtifactSource(URI.create("file:///etc/passwd"),
                Optional.empty(), CoreHarness.coordinates("left-pad", "1.0.0"), TARBALL);

        UpstreamFailureException e = assertThrows(UpstreamFailureException.class,
                () -> core.artifacts.read(proxy, PATH, local));

        assertEquals("the upstream metadata of repository 'npm-proxy' points left-pad@1.0.0 somewhere Granary does not "
                + "fetch from: refused to fetch 'file:…': only http and https URLs are fetched; nothing was fetched",
                e.getMessage());
        assertEquals(0, core.upstream.totalRequests());
    }

    @Test
    void anArtifactUrlOnAHostThatIsNeitherTheUpstreamNorAllowedIsNeverFetched() {
        Function<RepositoryInfo, ArtifactSource> metadataService = member -> new ArtifactSource(
                URI.create("http://169.254.169.254/latest/meta-data/"), Optional.empty(),
                CoreHarness.coordinates("left-pad", "1.0.0"), TARBALL);

        UpstreamFailureException e = assertThrows(UpstreamFailureException.class,
                () -> core.artifacts.read(proxy, PATH, metadataService));

        assertTrue(e.getMessage().contains("169.254.169.254"), e.getMessage());
        assertTrue(e.getMessage().contains("GRANARY_ARTIFACT_HOSTS"), e.getMessage());
        assertEquals(0, core.upstream.totalRequests());
    }

    @Test
    void whileTheMaximumOfDownloadsRunsAFurtherMissIsToldToComeBackLater() throws Exception {
        HeldExecutor held = new HeldExecutor();
        core.artifacts.executor = held;
        core.upstream.onPrefix("/npm-proxy/", ex -> ex.respond(200, TARBALL, bytes(ex.path())));
        int max = ArtifactCache.MAX_CONCURRENT_DOWNLOADS;

        Callers<byte[]> running = Callers.start(max, i -> body(readPackage("pkg" + i)));
        held.awaitQueued(max);
        BusyException busy = assertThrows(BusyException.class, () -> readPackage("one-too-many"));
        held.release();

        assertEquals(503, busy.status());
        assertEquals("Granary is already downloading " + max + " artifacts from upstreams; try again in a few seconds",
                busy.getMessage());
        List<Callers.Outcome<byte[]>> outcomes = running.join();
        for (int i = 0; i < max; i++) {
            assertEquals("/npm-proxy/" + artifactPath("pkg" + i, "1.0.0"), new String(outcomes.get(i).value()),
                    String.valueOf(outcomes.get(i).failure()));
        }
        assertEquals("/npm-proxy/" + artifactPath("one-too-many", "1.0.0"), new String(body(readPackage("one-too-many"))),
                "once the downloads are done the next miss is fetched");
    }

    @Test
    void aHostedRepositoryServesWhatWasPublishedAndNothingElse() {
        RepositoryInfo hosted = core.hosted("npm-hosted");
        core.publish(hosted, "my-lib", "1.0.0", TARBALL_BYTES);

        ArtifactResult published = core.artifacts.read(hosted, artifactPath("my-lib", "1.0.0"), member -> {
            throw new AssertionError("a hosted repository resolves no upstream");
        });
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> core.artifacts.read(hosted, artifactPath("my-lib", "2.0.0"), member -> {
                    throw new AssertionError("a hosted repository resolves no upstream");
                }));

        assertArrayEquals(TARBALL_BYTES, body(published));
        assertEquals("my-lib/-/my-lib-2.0.0.tgz is not in repository 'npm-hosted'", missing.getMessage());
    }

    @Test
    void anEvictedArtifactIsNoLongerServedFromTheHitIndexThoughItsBlobWaitsForTheGrace() {
        core.upstreamArtifact("npm-proxy", "left-pad", "1.0.0", TARBALL_BYTES);
        body(request());
        assertArrayEquals(TARBALL_BYTES, body(request()));
        assertTrue(core.reads.indexedArtifact(proxy, CoreHarness.READER, PATH, null).isPresent(),
                "a hit the fast path (web/ArtifactHits) answers without the database");
        String key = core.artifactRow(proxy, PATH).orElseThrow().getStorageKey();
        core.repositories.update("npm-proxy", new RepositoryService.Spec(null, null, null, null, null, null, null, null,
                null, null, null, null, new CleanupPolicy(0L, null, null)));

        Cleanup.Report evicted = core.cleanup.run(core.registry.find("npm-proxy").orElseThrow(), false);
        core.upstream.on("/npm-proxy/" + PATH, ex -> ex.respondEmpty(404)); // gone upstream too, meanwhile

        assertEquals(List.of("over-quota " + PATH), StoreFixture.items(evicted));
        assertTrue(core.blobKeys().contains(key), "the old bytes stay in the store for the grace (a download in flight)");
        assertEquals(Optional.empty(), core.reads.indexedArtifact(proxy, CoreHarness.READER, PATH, null),
                "the fast path no longer knows it");
        assertThrows(NotFoundException.class, this::request, "a miss asks the upstream again, not the old bytes");
        assertEquals(2, core.upstreamRequests("npm-proxy", PATH));
    }

    // ------------------------------------------------------------------ helpers

    private ArtifactResult readPackage(String name) {
        String path = artifactPath(name, "1.0.0");
        return core.artifacts.read(proxy, path, source(name, "1.0.0", sha256Of(bytes("/npm-proxy/" + path))));
    }

    private static byte[] tarball(String seed, int size) {
        byte[] out = new byte[size];
        byte[] s = bytes(seed);
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (s[i % s.length] + i / s.length);
        }
        return out;
    }

    /** An executor that keeps the downloads it is given until {@link #release()}. */
    private static final class HeldExecutor implements Executor {
        private final List<Runnable> queued = new ArrayList<>();
        private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "held-download");
            t.setDaemon(true);
            return t;
        });
        private boolean released;

        @Override
        public synchronized void execute(Runnable command) {
            if (released) {
                pool.execute(command);
            } else {
                queued.add(command);
                notifyAll();
            }
        }

        synchronized void awaitQueued(int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 20_000;
            while (queued.size() < count) {
                long left = deadline - System.currentTimeMillis();
                assertTrue(left > 0, "only " + queued.size() + " downloads were started");
                wait(left);
            }
        }

        synchronized void release() {
            released = true;
            queued.forEach(pool::execute);
            queued.clear();
        }
    }
}
