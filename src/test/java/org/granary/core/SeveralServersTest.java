package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.granary.config.Setting;
import org.granary.persistence.AuditDao;
import org.granary.persistence.FetchLeaseDao;
import org.granary.persistence.PublicationDao;
import org.granary.storage.Digests;
import org.granary.testing.FakeUpstream;
import org.granary.upstream.ArtifactHostRule;
import org.granary.upstream.HostResolver;
import org.granary.upstream.RetryPolicy;
import org.granary.upstream.UpstreamClient;
import org.granary.upstream.UpstreamTimeouts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Granary servers on one real PostgreSQL and one blob store, each with its own caches in memory (artifact cache
 * and its hit index, single-flight, negative caches, fetch leases, hosted store): what one server does, the other
 * serves correctly. The fake upstream on loopback counts every request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeveralServersTest {

    private static final Duration LEASE = Duration.ofMinutes(11);
    private static final Duration NEGATIVE_TTL = Duration.ofMinutes(2);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Identity PUBLISHER = Identity.of("paula", Set.of(Identity.PUBLISHER), "127.0.0.1");

    private EmbeddedPostgres postgres;
    private JobsDatabase db;
    private StoreFixture f;
    private FakeUpstream upstream;
    private final List<ExecutorService> pools = new ArrayList<>();
    private Server a;
    private Server b;

    @BeforeAll
    void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        db = new JobsDatabase(postgres.getPostgresDatabase());
    }

    @AfterAll
    void stopDatabase() throws Exception {
        db.close();
        postgres.close();
    }

    @BeforeEach
    void twoServers() throws Exception {
        db.empty();
        f = new StoreFixture(db, Map.of(Setting.NEGATIVE_CACHE_TTL, NEGATIVE_TTL.toString(),
                Setting.CLEANUP_GRACE, GRACE.toString()));
        upstream = new FakeUpstream();
        a = new Server("server-a");
        b = new Server("server-b");
    }

    @AfterEach
    void stop() throws Exception {
        pools.forEach(ExecutorService::shutdownNow);
        pools.clear();
        upstream.stop();
        f.close();
    }

    /** One server: its own caches and leases over the shared database, blob store, spool and clock. */
    final class Server {
        final ArtifactCache artifacts = new ArtifactCache();
        final MetadataCache metadata = new MetadataCache();
        final FetchLeases leases;
        final HostedStore hosted = new HostedStore();

        Server(String name) {
            ExecutorService downloads = Executors.newFixedThreadPool(4);
            pools.add(downloads);
            java.util.concurrent.ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            pools.add(scheduler);
            UpstreamClient client = new UpstreamClient(new UpstreamTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(20),
                    Duration.ofSeconds(60), Duration.ofSeconds(60)),
                    new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), () -> 0.5, f.clock),
                    Optional.empty(), scheduler);
            AccessRecorder access = new AccessRecorder();
            access.artifactDao = f.artifactDao;
            access.statsDao = f.statsDao;
            access.clock = f.clock;
            access.metrics = new org.granary.metrics.GranaryMetrics();
            AuditLog audit = new AuditLog();
            audit.dao = db.dao(AuditDao.class);
            audit.clock = f.clock;
            leases = new FetchLeases(db.dao(FetchLeaseDao.class), f.clock, name, LEASE, Duration.ofSeconds(20));

            artifacts.blobs = f.blobs;
            artifacts.upstream = client;
            artifacts.clock = f.clock;
            artifacts.config = f.config;
            artifacts.artifactDao = f.artifactDao;
            artifacts.access = access;
            artifacts.metrics = access.metrics;
            artifacts.spool = f.spool;
            artifacts.hostRule = ArtifactHostRule.parse("", HostResolver.SYSTEM);
            artifacts.audit = audit;
            artifacts.executor = downloads;
            artifacts.fetchLeases = leases;
            artifacts.init();

            metadata.blobs = f.blobs;
            metadata.upstream = client;
            metadata.clock = f.clock;
            metadata.config = f.config;
            metadata.metadataDao = f.metadataDao;
            metadata.artifactDao = f.artifactDao;
            metadata.access = access;
            metadata.spool = f.spool;
            metadata.cleanup = f.cleanup;

            AccessRules rules = new AccessRules();
            rules.audit = audit;
            hosted.blobs = f.blobs;
            hosted.artifactDao = f.artifactDao;
            hosted.metadataDao = f.metadataDao;
            hosted.publications = db.dao(PublicationDao.class);
            hosted.registry = f.registry;
            hosted.access = rules;
            hosted.spool = f.spool;
            hosted.clock = f.clock;
            hosted.recorder = access;
            hosted.artifacts = artifacts;
            hosted.metadata = metadata;
            hosted.cleanup = f.cleanup;
        }

        /** What a client downloading {@code name@version} through this server gets. */
        byte[] download(RepositoryInfo repo, String name, String version, byte[] declared) {
            ArtifactResult result = artifacts.read(repo, path(name, version), member -> new ArtifactSource(
                    member.upstreamUrl(path(name, version)), Optional.of(new ExpectedDigest(ExpectedDigest.Algorithm.SHA256,
                    Digests.sha256Hex(declared))), new ArtifactSource.Coordinates(name, "npm", name, version, null),
                    "application/octet-stream"));
            try (InputStream in = result.open(0)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        String document(RepositoryInfo repo, String name) {
            CachedMetadata m = metadata.read(repo, new MetadataRequest(name, name, Map.of(), MetadataRequest.ContentCheck.ANY));
            return new String(m.bytes(), StandardCharsets.UTF_8);
        }

        HostedStore.Committed publish(RepositoryInfo repo, String name, String version, byte[] bytes) {
            String path = path(name, version);
            try (HostedStore.Write write = hosted.begin(repo, PUBLISHER, "publish", name + "@" + version)) {
                write.requireAbsent(path, name + "@" + version);
                HostedStore.Spooled spooled = write.spool(path, new ByteArrayInputStream(bytes), new HostedStore.Upload(
                        new ArtifactSource.Coordinates(name, "npm", name, version, null), "application/octet-stream",
                        Optional.empty(), false));
                write.updateDocument(name, "text/plain", current -> (current.map(c -> new String(c, StandardCharsets.UTF_8))
                        .orElse("") + version + " " + spooled.digests().sha256() + "\n").getBytes(StandardCharsets.UTF_8));
                return write.commit("published " + name + "@" + version);
            }
        }
    }

    private static String path(String name, String version) {
        return name + "/-/" + name + "-" + version + ".tgz";
    }

    private RepositoryInfo proxy(String name, CleanupPolicy cleanup) {
        return f.repositories.create(new RepositoryService.Spec(name, Format.NPM, RepositoryType.PROXY,
                upstream.baseUrl() + "/" + name + "/", null, null, null, Duration.ofMinutes(5), null, null, null, null,
                cleanup));
    }

    private RepositoryInfo hostedRepository(String name) {
        return f.repositories.create(new RepositoryService.Spec(name, Format.NPM, RepositoryType.HOSTED, null, null, null,
                null, null, null));
    }

    private long rows(String sql) {
        return db.tx(em -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }

    /** Lease rows left once the download threads are done (they give the lease back after answering the clients). */
    private long leasesOnceDownloadsFinish() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long left = rows("select count(*) from fetch_lease");
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            left = rows("select count(*) from fetch_lease");
        }
        return left;
    }

    private List<String> blobsUnder(String prefix) throws IOException {
        Path root = f.dir.resolve("blobs");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.startsWith(prefix)).sorted().toList();
        }
    }

    @Test
    void concurrentMissesOnBothServersFetchOnceFromTheUpstreamAndStoreOneCopy() throws Exception {
        RepositoryInfo repo = proxy("npm-proxy", null);
        byte[] tarball = "the one and only left-pad 1.3.0".getBytes(StandardCharsets.UTF_8);
        CountDownLatch release = new CountDownLatch(1);
        upstream.on("/npm-proxy/" + path("left-pad", "1.3.0"), ex -> {
            try {
                release.await(20, TimeUnit.SECONDS); // the fetch is slow: everyone else arrives meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.respond(200, "application/octet-stream", tarball);
        });
        ExecutorService clients = Executors.newFixedThreadPool(8);
        pools.add(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<byte[]>> downloads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Server server = i % 2 == 0 ? a : b;
            downloads.add(clients.submit(() -> {
                go.await();
                return server.download(repo, "left-pad", "1.3.0", tarball);
            }));
        }

        go.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (a.leases.waits() + b.leases.waits() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // until one server fetches and the other waits for it
        }
        release.countDown();

        for (Future<byte[]> d : downloads) {
            assertArrayEquals(tarball, d.get(30, TimeUnit.SECONDS), "every client gets the bytes");
        }
        int fetches = upstream.requestCount("/npm-proxy/" + path("left-pad", "1.3.0"));
        System.out.println("[measured] 8 concurrent misses on two servers: " + fetches + " upstream fetch(es)");
        assertEquals(1, fetches, "one server fetched, the other waited for its row");
        assertEquals(1, a.leases.waits() + b.leases.waits(), "the other server waited once (its other clients waited for it)");
        assertEquals(1, rows("select count(*) from artifact where path = '" + path("left-pad", "1.3.0") + "'"));
        assertEquals(1, blobsUnder("artifacts/npm-proxy/left-pad/").size(), "one stored copy");
        assertEquals(0, leasesOnceDownloadsFinish(), "the lease was given back");
    }

    @Test
    void aLeaseLeftByAServerThatDiedIsTakenOverOnceItHasExpired() throws Exception {
        RepositoryInfo repo = proxy("npm-proxy", null);
        byte[] tarball = "is-odd 3.0.1".getBytes(StandardCharsets.UTF_8);
        upstream.on("/npm-proxy/" + path("is-odd", "3.0.1"), ex -> ex.respond(200, "application/octet-stream", tarball));
        // a server that died while fetching left its lease behind
        db.dao(FetchLeaseDao.class).insert(FetchLeases.key(repo, path("is-odd", "3.0.1")), repo.id(), "server-dead",
                f.clock.instant().plus(LEASE));
        f.clock.advance(LEASE.plusSeconds(1));

        assertArrayEquals(tarball, b.download(repo, "is-odd", "3.0.1", tarball));

        assertEquals(1, upstream.requestCount("/npm-proxy/" + path("is-odd", "3.0.1")));
        assertEquals(0, b.leases.waits(), "an expired lease is nobody's: taken over at once");
        assertEquals(0, leasesOnceDownloadsFinish());
    }

    @Test
    void aPublishThroughOneServerIsServedByTheOtherOnceItsEarlier404IsOlderThanTheAbsentTtl() {
        RepositoryInfo repo = hostedRepository("npm-hosted");
        byte[] tarball = "our-lib 1.0.0".getBytes(StandardCharsets.UTF_8);
        assertThrows(NotFoundException.class, () -> b.download(repo, "our-lib", "1.0.0", tarball));
        assertInstanceOf(ArtifactCache.Lookup.Absent.class, b.artifacts.indexed(repo, path("our-lib", "1.0.0")));
        assertThrows(NotFoundException.class, () -> b.document(repo, "our-lib"));

        a.publish(repo, "our-lib", "1.0.0", tarball);
        assertInstanceOf(ArtifactCache.Lookup.Hit.class, a.artifacts.indexed(repo, path("our-lib", "1.0.0")),
                "the publishing server sees it at once");
        f.clock.advance(Duration.ofMillis(1001)); // GRANARY_HOSTED_ABSENT_TTL, 1 s by default

        assertInstanceOf(ArtifactCache.Lookup.Hit.class, b.artifacts.indexed(repo, path("our-lib", "1.0.0")),
                "the fast path of server b asks the database again once its 404 is older than the absent ttl");
        assertArrayEquals(tarball, b.download(repo, "our-lib", "1.0.0", tarball));
        // server b remembers that the document was not there for GRANARY_HOSTED_ABSENT_TTL (default PT1S), no longer
        f.clock.advance(Duration.ofMillis(1001));
        assertTrue(b.document(repo, "our-lib").startsWith("1.0.0 "), "the document too");
    }

    @Test
    void concurrentPublishesOfOneVersionThroughBothServersLetExactlyOneWinAndTheOtherGets409() throws Exception {
        RepositoryInfo repo = hostedRepository("npm-hosted");
        ExecutorService publishers = Executors.newFixedThreadPool(2);
        pools.add(publishers);
        for (int round = 0; round < 5; round++) {
            String version = "2.0." + round;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HostedStore.Committed>> both = new ArrayList<>();
            for (Server server : List.of(a, b)) {
                byte[] bytes = ("our-lib " + version + " from " + server.leases.holder()).getBytes(StandardCharsets.UTF_8);
                both.add(publishers.submit(() -> {
                    go.await();
                    return server.publish(repo, "our-lib", version, bytes);
                }));
            }
            go.countDown();
            int won = 0;
            List<Throwable> refused = new ArrayList<>();
            for (Future<HostedStore.Committed> p : both) {
                try {
                    p.get(30, TimeUnit.SECONDS);
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    refused.add(e.getCause());
                }
            }
            assertEquals(1, won, "round " + round + ": " + refused);
            assertInstanceOf(ConflictException.class, refused.get(0), "the loser hears 409");
            assertEquals(1, rows("select count(*) from artifact where path = '" + path("our-lib", version) + "'"));
        }
        String listing = a.document(repo, "our-lib");
        assertEquals(5, listing.lines().count(), "every winner is listed once: " + listing);
    }

    @Test
    void aNegativeCacheEntryOfOneServerNeverHidesWhatTheOtherStoredAndEndsAfterItsTtl() {
        RepositoryInfo repo = proxy("npm-proxy", null);
        String doc = "/npm-proxy/new-pkg";
        byte[] tarball = "new-pkg 1.0.0".getBytes(StandardCharsets.UTF_8);
        upstream.failWith(doc, 404);
        upstream.failWith("/npm-proxy/" + path("new-pkg", "1.0.0"), 404);
        assertThrows(NotFoundException.class, () -> a.document(repo, "new-pkg"));
        assertThrows(NotFoundException.class, () -> a.download(repo, "new-pkg", "1.0.0", tarball));

        // the package appears upstream; server b fetches it first
        upstream.clearFaults();
        upstream.on(doc, ex -> ex.respond(200, "text/plain", "1.0.0\n".getBytes(StandardCharsets.UTF_8)));
        upstream.on("/npm-proxy/" + path("new-pkg", "1.0.0"), ex -> ex.respond(200, "application/octet-stream", tarball));
        assertEquals("1.0.0\n", b.document(repo, "new-pkg"));
        assertArrayEquals(tarball, b.download(repo, "new-pkg", "1.0.0", tarball));

        // server a's 404s do not hide the database's rows
        assertEquals("1.0.0\n", a.document(repo, "new-pkg"));
        assertArrayEquals(tarball, a.download(repo, "new-pkg", "1.0.0", tarball));
        assertEquals(2, upstream.requestCount("/npm-proxy/" + path("new-pkg", "1.0.0")), "a's 404 and b's fetch, no more");

        // and a 404 nobody else overturns lasts the negative cache's TTL, no longer
        upstream.failWith("/npm-proxy/other", 404);
        assertThrows(NotFoundException.class, () -> a.document(repo, "other"));
        upstream.clearFaults();
        upstream.on("/npm-proxy/other", ex -> ex.respond(200, "text/plain", "2.0.0\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(NotFoundException.class, () -> a.document(repo, "other"), "within the TTL");
        f.clock.advance(NEGATIVE_TTL.plusSeconds(1));
        assertEquals("2.0.0\n", a.document(repo, "other"));
    }

    @Test
    void metadataRevalidatedByOneServerIsFreshForTheOtherAndAStaleCopyIsNeverServedPastTheMaxAge() {
        RepositoryInfo repo = proxy("npm-proxy", null);
        String[] body = {"1.0.0\n"};
        upstream.on("/npm-proxy/lib", ex -> ex.respond(200, "text/plain", body[0].getBytes(StandardCharsets.UTF_8)));
        assertEquals("1.0.0\n", a.document(repo, "lib"));
        assertEquals("1.0.0\n", b.document(repo, "lib"), "fresh in the database: b does not ask the upstream");
        assertEquals(1, upstream.requestCount("/npm-proxy/lib"));

        body[0] = "1.0.0\n1.1.0\n";
        f.clock.advance(Duration.ofMinutes(5).plusSeconds(1)); // past the max age
        assertEquals("1.0.0\n1.1.0\n", b.document(repo, "lib"), "b revalidates");
        assertEquals("1.0.0\n1.1.0\n", a.document(repo, "lib"), "a sees b's copy at once, not its own older view");
        assertEquals(2, upstream.requestCount("/npm-proxy/lib"));
    }

    @Test
    void anArtifactEvictedThroughOneServerIsNotServedByTheOthersHitIndexBeforeItsBlobIsDeleted() throws Exception {
        RepositoryInfo repo = proxy("npm-proxy", new CleanupPolicy(0L, null, null));
        byte[] tarball = "old-lib 0.1.0".getBytes(StandardCharsets.UTF_8);
        String upstreamPath = "/npm-proxy/" + path("old-lib", "0.1.0");
        upstream.on(upstreamPath, ex -> ex.respond(200, "application/octet-stream", tarball));
        assertArrayEquals(tarball, a.download(repo, "old-lib", "0.1.0", tarball));
        assertArrayEquals(tarball, b.download(repo, "old-lib", "0.1.0", tarball));
        assertInstanceOf(ArtifactCache.Lookup.Hit.class, b.artifacts.indexed(repo, path("old-lib", "0.1.0")));

        // server a's cleanup evicts it (maxBytes 0); its blob waits for the grace; the upstream no longer has it
        assertEquals(1, f.cleanup.run(repo, false).count());
        upstream.failWith(upstreamPath, 404);

        f.clock.advance(ArtifactCache.indexRecheck(GRACE).plusSeconds(1)); // within the grace, past b's recheck
        assertTrue(f.clock.instant().isBefore(StoreFixture.T0.plus(GRACE)));
        assertInstanceOf(ArtifactCache.Lookup.Unknown.class, b.artifacts.indexed(repo, path("old-lib", "0.1.0")),
                "b's index no longer believes it");
        assertThrows(NotFoundException.class, () -> b.download(repo, "old-lib", "0.1.0", tarball));

        f.clock.advance(GRACE);
        f.cleanup.housekeeping();
        assertEquals(List.of(), blobsUnder("artifacts/npm-proxy/old-lib/"), "the blob went after the grace");
        assertThrows(NotFoundException.class, () -> b.download(repo, "old-lib", "0.1.0", tarball));
    }
}
