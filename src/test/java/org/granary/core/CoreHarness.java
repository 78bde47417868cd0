package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.ArtifactEntry;
import org.granary.storage.Digests;
import org.granary.storage.filesystem.FileSystemBlobStore;
import org.granary.testing.FakeUpstream;
import org.granary.upstream.RetryPolicy;
import org.granary.upstream.UpstreamClient;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;

/**
 * The core as the application wires it, by hand and in a second: the real {@link RepositoryReads},
 * {@link MetadataCache}, {@link ArtifactCache}, {@link HostedStore}, {@link Spool}, {@link AccessRules},
 * {@link RepositoryRegistry} and {@link RepositoryService}, on
 * <ul>
 *   <li>a {@link FileSystemBlobStore} and a spool under a test's temporary directory (the blob store can be made to
 *       fail: {@link FaultyBlobStore});</li>
 *   <li>the real DAOs on an H2 database migrated by Liquibase ({@link HarnessDatabase}, {@link HarnessDaos});</li>
 *   <li>the real {@link UpstreamClient} (one attempt, no retries) against a {@link FakeUpstream} on 127.0.0.1;</li>
 *   <li>a {@link MutableClock} and a small download executor (a test may swap {@code artifacts.executor}).</li>
 * </ul>
 * A test class registers one per test: {@code @RegisterExtension final CoreHarness core = new CoreHarness();} (a
 * fresh temporary directory and empty tables for each test; all of it stopped and removed after the test).
 * Repositories are created through {@link RepositoryService}; every proxy gets its own path prefix on the one fake
 * upstream ({@code /<proxy name>/...}) so a test can give each member its own answers.
 * <p>
 * The documents and artifacts of the tests follow a toy format: a package's document (path {@code <name>}) lists
 * one {@code <version> <sha256>} line per version; an artifact lives at {@code <name>/-/<name>-<version>.tgz}.
 */
final class CoreHarness implements AfterEachCallback {

    static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final Duration NEGATIVE_TTL = Duration.ofMinutes(2);
    static final Identity READER = Identity.of("alice", Set.of(Identity.READER), "127.0.0.1");
    static final Identity PUBLISHER = Identity.of("paula", Set.of(Identity.PUBLISHER), "127.0.0.1");
    static final String TEXT = "text/plain";
    static final String TARBALL = "application/octet-stream";

    final Path dir;
    final HarnessDatabase db;
    final MutableClock clock = new MutableClock(T0);
    final FakeUpstream upstream = new FakeUpstream();
    final FaultyBlobStore blobs;
    final Spool spool;
    final GranaryConfig config;

    final HarnessDaos.Artifacts artifactDao;
    final HarnessDaos.Metadata metadataDao;
    final HarnessDaos.Repositories repositoryDao;
    final HarnessDaos.Publications publications;
    final HarnessDaos.Audit auditDao;

    final AccessRules rules = new AccessRules();
    /** The application's meters (a real registry: the caches count into it). */
    final org.granary.metrics.GranaryMetrics metrics = new org.granary.metrics.GranaryMetrics();
    final AccessRecorder recorder = new AccessRecorder();
    final RepositoryRegistry registry = new RepositoryRegistry();
    final RepositoryService repositories = new RepositoryService();
    final MetadataCache metadata = new MetadataCache();
    final ArtifactCache artifacts = new ArtifactCache();
    final HostedStore hosted;
    final RepositoryReads reads = new RepositoryReads();
    final ReleaseTimes releaseTimes = new ReleaseTimes();
    final Guards guards = new Guards();
    /** Retires replaced blobs (tombstones) and runs cleanups, as the application's does. */
    final Cleanup cleanup = new Cleanup();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("stall-guard"));
    private final ExecutorService downloads = Executors.newFixedThreadPool(4, daemon("download"));
    private final UpstreamClient upstreamClient;

    CoreHarness() {
        try {
            dir = Files.createTempDirectory("granary-core-");
            blobs = new FaultyBlobStore(new FileSystemBlobStore(dir.resolve("blobs")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        db = HarnessDatabase.shared();
        db.clean();
        config = GranaryConfig.of(Map.of(
                Setting.DATA_DIR, dir.toString(),
                Setting.NEGATIVE_CACHE_TTL, NEGATIVE_TTL.toString()));
        spool = new Spool(dir.resolve("spool"));
        upstreamClient = new UpstreamClient(new org.granary.upstream.UpstreamTimeouts(Duration.ofSeconds(2),
                Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(60)),
                new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), () -> 0.5, clock),
                Optional.empty(), scheduler);

        artifactDao = HarnessDaos.artifacts(db);
        metadataDao = HarnessDaos.metadata(db);
        repositoryDao = HarnessDaos.repositories(db);
        publications = HarnessDaos.publications(db);
        auditDao = HarnessDaos.audit(db);

        AuditLog audit = new AuditLog();
        audit.dao = auditDao;
        audit.clock = clock;
        rules.audit = audit;
        recorder.artifactDao = artifactDao;
        recorder.statsDao = HarnessDaos.stats(db);
        recorder.clock = clock;
        recorder.metrics = metrics;
        registry.dao = repositoryDao;
        registry.clock = clock;
        repositories.dao = repositoryDao;
        repositories.registry = registry;
        repositories.clock = clock;
        repositories.guards = guards;
        repositories.artifactCache = artifacts;
        repositories.metadataCache = metadata;
        repositories.config = config;
        repositories.blobs = blobs;
        repositories.artifacts = artifactDao;
        repositories.access = recorder;

        cleanup.dao = HarnessDaos.cleanup(db);
        cleanup.stats = recorder.statsDao;
        cleanup.blobs = blobs;
        cleanup.spool = spool;
        cleanup.access = recorder;
        cleanup.registry = registry;
        cleanup.clock = clock;
        cleanup.config = config;
        cleanup.artifactCache = artifacts;

        metadata.blobs = blobs;
        metadata.upstream = upstreamClient;
        metadata.clock = clock;
        metadata.config = config;
        metadata.metadataDao = metadataDao;
        metadata.artifactDao = artifactDao;
        metadata.access = recorder;
        metadata.spool = spool;
        metadata.cleanup = cleanup;
        metadata.times = releaseTimes;

        artifacts.blobs = blobs;
        artifacts.upstream = upstreamClient;
        artifacts.clock = clock;
        artifacts.config = config;
        artifacts.artifactDao = artifactDao;
        artifacts.access = recorder;
        artifacts.metrics = metrics;
        artifacts.spool = spool;
        artifacts.hostRule = org.granary.upstream.ArtifactHostRule.parse("", org.granary.upstream.HostResolver.SYSTEM);
        artifacts.executor = downloads;
        artifacts.fetchLeases = new FetchLeases(HarnessDaos.fetchLeases(db), clock, "harness", Duration.ofMinutes(11),
                Duration.ofSeconds(30));
        artifacts.init();

        hosted = hostedStore(publications);

        releaseTimes.dao = HarnessDaos.releaseTimes(db);
        guards.releaseTimeDao = releaseTimes.dao;
        releaseTimes.artifactDao = artifactDao;
        releaseTimes.clock = clock;
        guards.dao = HarnessDaos.guards(db);
        guards.times = releaseTimes;
        guards.metadata = metadata;
        guards.clock = clock;

        reads.registry = registry;
        reads.metadata = metadata;
        reads.artifacts = artifacts;
        reads.guards = guards;
        reads.times = releaseTimes;
    }

    /**
     * A second server on the same database and blob store: its own {@link HostedStore} (own locks, own publication
     * DAO without the test's steps), as another node of a cluster would have.
     */
    HostedStore otherServer() {
        HostedStore store = hostedStore(HarnessDaos.publications(db));
        store.metadata = otherMetadataCache();
        return store;
    }

    /** The metadata cache of a second server on the same database and blob store (its own memory). */
    MetadataCache otherMetadataCache() {
        MetadataCache other = new MetadataCache();
        other.blobs = blobs;
        other.upstream = upstreamClient;
        other.clock = clock;
        other.config = config;
        other.metadataDao = metadataDao;
        other.artifactDao = artifactDao;
        other.access = recorder;
        other.spool = spool;
        other.cleanup = cleanup;
        other.times = releaseTimes;
        return other;
    }

    private HostedStore hostedStore(HarnessDaos.Publications publicationDao) {
        HostedStore store = new HostedStore();
        store.blobs = blobs;
        store.artifactDao = artifactDao;
        store.metadataDao = metadataDao;
        store.publications = publicationDao;
        store.registry = registry;
        store.access = rules;
        store.spool = spool;
        store.clock = clock;
        store.recorder = recorder;
        store.artifacts = artifacts;
        store.metadata = metadata;
        store.cleanup = cleanup;
        return store;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        downloads.shutdownNow();
        scheduler.shutdownNow();
        upstream.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---------------------------------------------------------------- repositories

    /** A proxy whose upstream is {@code <fake>/<name>/}, with the harness max age. */
    RepositoryInfo proxy(String name) {
        return proxy(name, Format.NPM);
    }

    /** A proxy of another format (its artifacts still come from the npm-shaped paths of the fake upstream). */
    RepositoryInfo proxy(String name, Format format) {
        return create(new RepositoryService.Spec(name, format, RepositoryType.PROXY, upstreamBase(name), null,
                null, null, MAX_AGE, null, null, null, null, null));
    }

    private String upstreamBase(String proxy) {
        return upstream.baseUrl() + "/" + proxy + "/";
    }

    RepositoryInfo hosted(String name) {
        return create(new RepositoryService.Spec(name, Format.NPM, RepositoryType.HOSTED, null, null, null, null,
                null, null, null, null, null, null));
    }

    /** A hosted repository with anonymous read off. */
    RepositoryInfo privateHosted(String name) {
        return create(new RepositoryService.Spec(name, Format.NPM, RepositoryType.HOSTED, null, null, false, null,
                null, null, null, null, null, null));
    }

    RepositoryInfo hosted(String name, long maxUploadBytes) {
        return create(new RepositoryService.Spec(name, Format.NPM, RepositoryType.HOSTED, null, null, null, null,
                null, maxUploadBytes, null, null, null, null));
    }

    RepositoryInfo group(String name, String... members) {
        return create(new RepositoryService.Spec(name, Format.NPM, RepositoryType.GROUP, null, List.of(members), null,
                null, null, null, null, null, null, null));
    }

    private RepositoryInfo create(RepositoryService.Spec spec) {
        return repositories.create(spec);
    }

    // ---------------------------------------------------------------- the toy format

    static String artifactPath(String name, String version) {
        return name + "/-/" + name + "-" + version + ".tgz";
    }

    /** What a format asks a member for a package's document. */
    static MetadataRequest document(String name) {
        return new MetadataRequest(name, name, Map.of(), MetadataRequest.ContentCheck.ANY);
    }

    static ArtifactSource.Coordinates coordinates(String name, String version) {
        return new ArtifactSource.Coordinates(name, "npm", name, version, null);
    }

    static ExpectedDigest sha256Of(byte[] bytes) {
        return new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, Digests.sha256Hex(bytes));
    }

    /** Where a proxy member fetches {@code name@version}, declared to hash to {@code declared}. */
    static Function<RepositoryInfo, ArtifactSource> source(String name, String version, ExpectedDigest declared) {
        return member -> new ArtifactSource(member.upstreamUrl(artifactPath(name, version)), Optional.of(declared),
                coordinates(name, version), TARBALL);
    }

    /** The fake upstream of {@code proxy} serves {@code name@version} as {@code bytes}. */
    void upstreamArtifact(String proxy, String name, String version, byte[] bytes) {
        upstream.on("/" + proxy + "/" + artifactPath(name, version), ex -> ex.respond(200, TARBALL, bytes));
    }

    /** The fake upstream of {@code proxy} serves the document of {@code name} with an ETag and a Last-Modified. */
    void upstreamDocument(String proxy, String name, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String etag = "\"" + Digests.sha256Hex(body).substring(0, 16) + "\"";
        upstream.on("/" + proxy + "/" + name, ex -> {
            if (ex.header("If-None-Match").filter(etag::equals).isPresent()) {
                ex.respondEmpty(304);
                return;
            }
            ex.setHeader("ETag", etag).setHeader("Last-Modified", "Mon, 06 Jan 2025 08:00:00 GMT");
            ex.respond(200, TEXT, body);
        });
    }

    int upstreamRequests(String proxy, String path) {
        return upstream.requestCount("/" + proxy + "/" + path);
    }

    static HostedStore.Upload upload(String name, String version, byte[] declaredBytes) {
        return new HostedStore.Upload(coordinates(name, version), TARBALL, Optional.of(sha256Of(declaredBytes)), false);
    }

    /** The toy format's document edit: adds {@code <version> <sha256>} to the package's listing. */
    static HostedStore.DocumentEdit listing(String version, String sha256) {
        return current -> (current.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("")
                + version + " " + sha256 + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A complete, successful publish of {@code name@version} as a format would run it. */
    HostedStore.Committed publish(RepositoryInfo repo, String name, String version, byte[] bytes) {
        return publish(hosted, repo, name, version, bytes);
    }

    static HostedStore.Committed publish(HostedStore store, RepositoryInfo repo, String name, String version,
                                         byte[] bytes) {
        String path = artifactPath(name, version);
        try (HostedStore.Write write = store.begin(repo, PUBLISHER, "publish", name + "@" + version)) {
            write.requireAbsent(path, name + "@" + version);
            HostedStore.Spooled spooled = write.spool(path, new ByteArrayInputStream(bytes), upload(name, version, bytes));
            write.updateDocument(name, TEXT, listing(version, spooled.digests().sha256()));
            return write.commit("published " + name + "@" + version);
        }
    }

    // ---------------------------------------------------------------- what a user (or an operator) would see

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(CachedMetadata m) {
        return new String(m.bytes(), StandardCharsets.UTF_8);
    }

    static byte[] body(ArtifactResult result) {
        try (InputStream in = result.open(0)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The failure a client sees when it reads an artifact: thrown at once, or breaking off the body it was reading
     * (a download streamed to it failed before its last byte).
     */
    static Throwable failureOf(Executable clientReads) {
        Throwable t = assertThrows(Throwable.class, clientReads);
        if (t instanceof UncheckedIOException u && u.getCause().getCause() instanceof GranaryException g) {
            return g;
        }
        return t;
    }

    /** A hosted document as stored, or empty. */
    Optional<String> storedDocument(RepositoryInfo repo, String name) {
        return hosted.readDocument(repo, name).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    Optional<ArtifactEntry> artifactRow(RepositoryInfo repo, String path) {
        return artifactDao.find(repo.id(), path);
    }

    long rows(String table) {
        return db.count("select count(*) from " + table);
    }

    /** Every blob key in the store (as paths relative to its root). */
    List<String> blobKeys() {
        Path root = dir.resolve("blobs");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .filter(p -> !p.startsWith(".tmp"))
                    .map(p -> p.toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits (a little) until the spool is empty: a download releases its spool file just after its clients were
     * answered, on the download thread.
     */
    List<Path> spoolFilesOnceDownloadsFinish() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Path> files = spoolFiles();
        while (!files.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            files = spoolFiles();
        }
        return files;
    }

    List<Path> spoolFiles() {
        try (Stream<Path> files = Files.list(spool.dir())) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "harness-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
