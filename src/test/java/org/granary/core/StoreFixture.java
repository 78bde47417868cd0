package org.granary.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ArtifactEntry;
import org.granary.persistence.CleanupDao;
import org.granary.persistence.MetadataDao;
import org.granary.persistence.NewArtifact;
import org.granary.persistence.RepositoryDao;
import org.granary.persistence.StatsDao;
import org.granary.persistence.RepositoryStats;
import org.granary.storage.Digests;
import org.granary.storage.HashingInputStream;
import org.granary.storage.StoragePath;
import org.granary.storage.filesystem.FileSystemBlobStore;
import org.granary.testing.MutableClock;

/**
 * Core services wired as the container wires them, on a real database (H2 in memory, schema from Liquibase), a
 * filesystem blob store in a temporary directory and a clock the test moves: what the cleanup and job tests need.
 */
final class StoreFixture implements AutoCloseable {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final Path dir;
    final JobsDatabase db;
    final FileSystemBlobStore blobs;
    final Spool spool;
    final GranaryConfig config;
    final RepositoryDao repositoryDao;
    final ArtifactDao artifactDao;
    final MetadataDao metadataDao;
    final StatsDao statsDao;
    final CleanupDao cleanupDao;
    final RepositoryRegistry registry = new RepositoryRegistry();
    final RepositoryService repositories = new RepositoryService();
    final AccessRecorder access = new AccessRecorder();
    final Cleanup cleanup = new Cleanup();
    /** The artifact cache's hit index only (repositories and cleanup tell it what goes). */
    final ArtifactCache artifactCache = new ArtifactCache();

    StoreFixture(Map<Setting, String> settings) throws Exception {
        this(JobsDatabase.sharedH2(), settings);
    }

    private boolean closed;

    StoreFixture(JobsDatabase db, Map<Setting, String> settings) throws Exception {
        this.db = db;
        dir = Files.createTempDirectory("granary-core-");
        blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        spool = new Spool(dir.resolve("spool"));
        Map<Setting, String> all = new HashMap<>(settings);
        all.putIfAbsent(Setting.DATA_DIR, dir.toString());
        config = GranaryConfig.of(all);
        repositoryDao = db.dao(RepositoryDao.class);
        artifactDao = db.dao(ArtifactDao.class);
        metadataDao = db.dao(MetadataDao.class);
        statsDao = db.dao(StatsDao.class);
        cleanupDao = db.dao(CleanupDao.class);
        registry.dao = repositoryDao;
        registry.clock = clock;
        repositories.dao = repositoryDao;
        repositories.registry = registry;
        repositories.clock = clock;
        repositories.config = config;
        repositories.blobs = blobs;
        repositories.artifacts = artifactDao;
        repositories.access = access;
        repositories.artifactCache = artifactCache;
        repositories.metadataCache = new MetadataCache();
        repositories.metadataCache.clock = clock;
        access.artifactDao = artifactDao;
        access.statsDao = statsDao;
        access.clock = clock;
        access.metrics = new org.granary.metrics.GranaryMetrics();
        cleanup.dao = cleanupDao;
        cleanup.stats = statsDao;
        cleanup.blobs = blobs;
        cleanup.spool = spool;
        cleanup.access = access;
        cleanup.registry = registry;
        cleanup.clock = clock;
        cleanup.config = config;
        cleanup.artifactCache = artifactCache;
        artifactCache.clock = clock;
        artifactCache.config = config;
        artifactCache.metrics = access.metrics;
        artifactCache.executor = Runnable::run;
        artifactCache.init();
    }

    RepositoryInfo proxy(String name, CleanupPolicy policy) {
        return repositories.create(new RepositoryService.Spec(name, Format.NPM, RepositoryType.PROXY,
                "http://127.0.0.1:9/", null, null, null, null, null, null, null, null, policy));
    }

    RepositoryInfo hosted(String name) {
        return repositories.create(new RepositoryService.Spec(name, Format.NPM, RepositoryType.HOSTED, null, null, null,
                null, null, null));
    }

    /** A proxied artifact as ArtifactCache stores one: its blob under a key of its own, then its row. */
    ArtifactEntry store(RepositoryInfo repo, String pkg, String version, Instant released, String content)
            throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String path = pkg + "/-/" + pkg + "-" + version + ".tgz";
        HashingInputStream h = new HashingInputStream(new ByteArrayInputStream(bytes));
        h.readAllBytes();
        Digests d = h.digests();
        StoragePath key = ArtifactCache.artifactKey(repo, path, d);
        blobs.put(key, new ByteArrayInputStream(bytes));
        return artifactDao.record(new NewArtifact(repo.id(), path, key.toString(), pkg, "pkg:npm/" + pkg, version,
                "pkg:npm/" + pkg + "@" + version, released, d.size(), d.sha1(), d.sha256(), d.sha512(),
                "application/octet-stream", "http://127.0.0.1:9/" + path, clock.instant()));
    }

    /** A client read the artifact at {@code at} (what AccessRecorder's flush writes). */
    void readAt(ArtifactEntry a, Instant at) {
        artifactDao.addHits(a.getId(), 1, at);
    }

    boolean hasBlob(ArtifactEntry a) {
        return blobs.exists(StoragePath.of(a.getStorageKey()));
    }

    boolean hasRow(RepositoryInfo repo, ArtifactEntry a) {
        return artifactDao.find(repo.id(), a.getPath()).isPresent();
    }

    RepositoryStats figures(RepositoryInfo repo) {
        return statsDao.find(repo.id()).orElseThrow();
    }

    static List<String> items(Cleanup.Report r) {
        return r.removals().stream().map(x -> x.kind().id() + " " + x.item()).toList();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true; // the database is the caller's (or the shared one): left open
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
