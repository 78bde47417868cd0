package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.granary.config.GranaryConfig;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ArtifactEntry;
import org.granary.storage.BlobNotFoundException;
import org.granary.storage.Digests;
import org.granary.storage.StoragePath;
import org.granary.storage.filesystem.FileSystemBlobStore;
import org.granary.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache hit served from the in-memory index: what a client downloading the same artifact again gets, and how many
 * database queries it costs (none, until something changes or the index's recheck time has passed).
 */
class ArtifactCacheIndexTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingDao dao = new CountingDao();
    private final RepositoryInfo hosted = new RepositoryInfo(1, "npm-hosted", Format.NPM, RepositoryType.HOSTED,
            Optional.empty(), Duration.ofMinutes(5), List.of());
    private FileSystemBlobStore blobs;
    private ArtifactCache cache;
    private final org.granary.metrics.GranaryMetrics metrics = new org.granary.metrics.GranaryMetrics();

    @BeforeEach
    void setUp() throws IOException {
        blobs = new FileSystemBlobStore(dir.resolve("blobs"));
        cache = new ArtifactCache();
        cache.blobs = blobs;
        cache.clock = clock;
        cache.artifactDao = dao;
        cache.config = GranaryConfig.of(Map.of());
        AccessRecorder access = new AccessRecorder();
        access.clock = clock;
        access.metrics = metrics;
        cache.access = access;
        cache.metrics = metrics;
        cache.executor = Runnable::run;
        cache.init();
    }

    @Test
    void aSecondDownloadOfAStoredArtifactAsksTheDatabaseNothing() throws IOException {
        store("left-pad/-/left-pad-1.3.0.tgz", "version one");

        String first = read("left-pad/-/left-pad-1.3.0.tgz");
        String second = read("left-pad/-/left-pad-1.3.0.tgz");
        String third = read("left-pad/-/left-pad-1.3.0.tgz");

        assertEquals("version one", first);
        assertEquals(first, second);
        assertEquals(first, third);
        assertEquals(1, dao.finds.get(), "only the first download looks the artifact up");
    }

    @Test
    void theFastPathOfAHostedRepositoryAsksTheDatabaseOnceThenTheIndexAndServesTheLocalFile() throws IOException {
        store("a/-/a-1.0.0.tgz", "bytes of a");
        assertInstanceOf(ArtifactCache.Lookup.Hit.class, cache.indexed(hosted, "a/-/a-1.0.0.tgz"));

        ArtifactCache.Lookup known = cache.indexed(hosted, "a/-/a-1.0.0.tgz");

        ArtifactResult.Stored hit = assertInstanceOf(ArtifactCache.Lookup.Hit.class, known).artifact();
        try (FileChannel channel = hit.file().open()) {
            assertEquals("bytes of a".length(), channel.size());
        }
        assertEquals(1, dao.finds.get());
    }

    @Test
    void aPathAHostedRepositoryDoesNotHaveIsAskedOfTheDatabaseOncePerAbsentTtlSoAPublishElsewhereIsSeenWithinIt()
            throws IOException {
        assertThrows(NotFoundException.class, () -> read("missing/-/missing-1.0.0.tgz"));
        assertInstanceOf(ArtifactCache.Lookup.Absent.class, cache.indexed(hosted, "missing/-/missing-1.0.0.tgz"));
        assertInstanceOf(ArtifactCache.Lookup.Absent.class, cache.indexed(hosted, "missing/-/missing-1.0.0.tgz"));
        assertEquals(1, dao.finds.get(), "the absence is remembered for GRANARY_HOSTED_ABSENT_TTL (default 1 s)");

        store("missing/-/missing-1.0.0.tgz", "published on another server"); // no forget: this server never heard of it
        assertInstanceOf(ArtifactCache.Lookup.Absent.class, cache.indexed(hosted, "missing/-/missing-1.0.0.tgz"),
                "not seen before the ttl has passed");

        clock.advance(Duration.ofMillis(1001));
        assertInstanceOf(ArtifactCache.Lookup.Hit.class, cache.indexed(hosted, "missing/-/missing-1.0.0.tgz"));
        assertEquals(2, dao.finds.get());
    }

    @Test
    void withAZeroAbsentTtlAPathAHostedRepositoryDoesNotHaveIsAskedOfTheDatabaseEveryTime() throws IOException {
        cache.config = GranaryConfig.of(Map.of(org.granary.config.Setting.HOSTED_ABSENT_TTL, "PT0S"));
        cache.init();
        assertInstanceOf(ArtifactCache.Lookup.Absent.class, cache.indexed(hosted, "e/-/e-1.0.0.tgz"));
        assertInstanceOf(ArtifactCache.Lookup.Absent.class, cache.indexed(hosted, "e/-/e-1.0.0.tgz"));
        assertEquals(2, dao.finds.get());

        store("e/-/e-1.0.0.tgz", "published on another server");

        assertInstanceOf(ArtifactCache.Lookup.Hit.class, cache.indexed(hosted, "e/-/e-1.0.0.tgz"), "seen at once");
    }

    @Test
    void aPublishOnThisServerIsSeenAtOnce() throws IOException {
        assertThrows(NotFoundException.class, () -> read("b/-/b-1.0.0.tgz"));
        store("b/-/b-1.0.0.tgz", "published");

        cache.forget(hosted, "b/-/b-1.0.0.tgz"); // what HostedStore does after its commit

        assertEquals("published", read("b/-/b-1.0.0.tgz"));
    }

    @Test
    void aReplacementOnThisServerServesTheNewBytes() throws IOException {
        store("c/1.0-SNAPSHOT/c.jar", "old");
        assertEquals("old", read("c/1.0-SNAPSHOT/c.jar"));

        store("c/1.0-SNAPSHOT/c.jar", "new");
        cache.forget(hosted, "c/1.0-SNAPSHOT/c.jar");

        assertEquals("new", read("c/1.0-SNAPSHOT/c.jar"));
    }

    @Test
    void aPublishOnAnotherServerIsSeenWithinTheAbsentTtlAndADeleteThereAfterTheRecheckTime() throws IOException {
        assertThrows(NotFoundException.class, () -> read("d/-/d-1.0.0.tgz"));
        store("d/-/d-1.0.0.tgz", "published elsewhere"); // no forget: another server wrote it
        clock.advance(Duration.ofMillis(1001));

        assertEquals("published elsewhere", read("d/-/d-1.0.0.tgz"));

        dao.rows.remove("d/-/d-1.0.0.tgz"); // deleted elsewhere; its blob stays for the cleanup grace
        assertEquals("published elsewhere", read("d/-/d-1.0.0.tgz"), "believed until the recheck");
        clock.advance(ArtifactIndex.RECHECK.plusSeconds(1));
        assertThrows(NotFoundException.class, () -> read("d/-/d-1.0.0.tgz"));
    }

    @Test
    void theIndexIsBelievedForHalfTheCleanupGraceAtMostSoADeletedBlobIsNeverNamedAfterItsGrace() {
        assertEquals(ArtifactIndex.RECHECK, ArtifactCache.indexRecheck(Duration.ofHours(1)));
        assertEquals(Duration.ofSeconds(15), ArtifactCache.indexRecheck(Duration.ofSeconds(30)));
        assertEquals(Duration.ZERO, ArtifactCache.indexRecheck(Duration.ZERO));
    }

    @Test
    void bytesDeletedByAnotherServerMakeTheIndexForgetTheArtifact() throws IOException {
        StoragePath key = store("e/-/e-1.0.0.tgz", "soon gone");
        read("e/-/e-1.0.0.tgz");
        ArtifactResult.Stored hit = ((ArtifactCache.Lookup.Hit) cache.indexed(hosted, "e/-/e-1.0.0.tgz")).artifact();

        blobs.delete(key);
        dao.rows.remove("e/-/e-1.0.0.tgz");

        assertThrows(BlobNotFoundException.class, () -> hit.file().open());
        assertInstanceOf(ArtifactCache.Lookup.Absent.class, cache.indexed(hosted, "e/-/e-1.0.0.tgz"));
        assertThrows(NotFoundException.class, () -> read("e/-/e-1.0.0.tgz"));
    }

    @Test
    void theRequestLogHearsWhatTheCacheDidAndHowManyBytesWereSent() throws IOException {
        store("f/-/f-1.0.0.tgz", "twelve bytes");
        RequestOutcome first = RequestOutcome.begin();
        try {
            read("f/-/f-1.0.0.tgz");
        } finally {
            RequestOutcome.end();
        }
        RequestOutcome missing = RequestOutcome.begin();
        try {
            assertThrows(NotFoundException.class, () -> read("g/-/g-1.0.0.tgz"));
        } finally {
            RequestOutcome.end();
        }

        assertEquals(List.of("hosted", "npm-hosted", 12L), List.of(first.outcome(), first.member(), first.bytes()));
        assertEquals(List.of("hosted", 0L), List.of(missing.outcome(), missing.bytes()));
    }

    @Test
    void aReaderThatLookedBeforeAForgetCannotPutTheOldAnswerBack() {
        ArtifactIndex index = new ArtifactIndex(10, clock);
        long stamp = index.stamp();
        index.forget(1, "f");

        index.remember(1, "f", new ArtifactIndex.Absent(clock.instant()), stamp);

        assertEquals(null, index.lookup(1, "f"));
    }

    @Test
    void theIndexStaysWithinItsCapacity() {
        ArtifactIndex index = new ArtifactIndex(100, clock);
        for (int i = 0; i < 1000; i++) {
            index.remember(1, "p" + i, new ArtifactIndex.Absent(clock.instant()), index.stamp());
        }
        assertEquals(true, index.size() <= 100, "size " + index.size());
        assertInstanceOf(ArtifactIndex.Absent.class, index.lookup(1, "p999"), "the newest entry is kept");
    }

    private String read(String path) throws IOException {
        ArtifactResult result = cache.read(hosted, path, r -> {
            throw new AssertionError("a hosted repository never fetches");
        });
        try (InputStream in = result.open(0)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private StoragePath store(String path, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String sha256 = Digests.sha256Hex(bytes);
        StoragePath key = StoragePath.of("artifacts", "npm-hosted", sha256).resolve(path);
        blobs.put(key, new java.io.ByteArrayInputStream(bytes));
        ArtifactEntry e = new ArtifactEntry(hosted.id(), null, path, key.toString(), bytes.length, "sha1", sha256,
                "sha512", "application/octet-stream", null, clock.instant());
        setId(e, dao.nextId++);
        dao.rows.put(path, e);
        return key;
    }

    private static void setId(ArtifactEntry e, long id) {
        try {
            Field f = ArtifactEntry.class.getDeclaredField("id");
            f.setAccessible(true);
            f.set(e, id);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The artifact table of one repository, counting lookups. */
    static final class CountingDao extends ArtifactDao {
        final Map<String, ArtifactEntry> rows = new HashMap<>();
        final AtomicInteger finds = new AtomicInteger();
        long nextId = 1;

        @Override
        public Optional<ArtifactEntry> find(long repositoryId, String path) {
            finds.incrementAndGet();
            return Optional.ofNullable(rows.get(path));
        }
    }
}
