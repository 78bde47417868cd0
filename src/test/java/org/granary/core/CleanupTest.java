package org.granary.core;

import static org.granary.core.StoreFixture.T0;
import static org.granary.core.StoreFixture.items;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.granary.config.Setting;
import org.granary.persistence.ArtifactEntry;
import org.granary.storage.StoragePath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cleanup policies, orphan collection and grace of {@link Cleanup}, on a real database and a fixed clock. */
class CleanupTest {

    private static final Duration DAY = Duration.ofDays(1);
    private StoreFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new StoreFixture(Map.of(Setting.CLEANUP_GRACE, "PT1H"));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void overTheQuotaTheLeastRecentlyReadGoFirstUntilTheQuotaIsReachedExactly() throws Exception {
        RepositoryInfo repo = f.proxy("npm-proxy", new CleanupPolicy(200L, null, null));
        ArtifactEntry a = f.store(repo, "a", "1.0.0", null, "x".repeat(100));
        ArtifactEntry b = f.store(repo, "b", "1.0.0", null, "x".repeat(100));
        ArtifactEntry c = f.store(repo, "c", "1.0.0", null, "y".repeat(100));
        ArtifactEntry d = f.store(repo, "d", "1.0.0", null, "z".repeat(100));
        f.readAt(c, T0.plusSeconds(10));
        f.readAt(a, T0.plusSeconds(40));
        f.readAt(d, T0.plusSeconds(20));
        f.readAt(b, T0.plusSeconds(30));
        assertEquals(400, f.figures(repo).getArtifactBytes());

        Cleanup.Report report = f.cleanup.run(f.registry.find("npm-proxy").orElseThrow(), false);

        assertEquals(List.of("over-quota c/-/c-1.0.0.tgz", "over-quota d/-/d-1.0.0.tgz"), items(report),
                "least recently read first, and no more than needed");
        assertEquals(200, report.bytes());
        assertEquals(200, f.figures(repo).getArtifactBytes(), "exactly at the quota");
        assertEquals(2, f.figures(repo).getArtifactCount());
        assertTrue(f.hasRow(repo, a) && f.hasRow(repo, b));
        assertFalse(f.hasRow(repo, c) || f.hasRow(repo, d));

        // a second run finds the repository within its quota
        assertEquals(List.of(), items(f.cleanup.run(repo, false)));
    }

    @Test
    void artifactsIdleLongerThanMaxIdleDaysGoAndRecentlyReadOnesStay() throws Exception {
        RepositoryInfo repo = f.proxy("npm-proxy", new CleanupPolicy(null, 30, null));
        ArtifactEntry old = f.store(repo, "old", "1.0.0", null, "old");
        ArtifactEntry fetchedLongAgoReadLately = f.store(repo, "read", "1.0.0", null, "read");
        f.clock.advance(DAY.multipliedBy(29));
        ArtifactEntry young = f.store(repo, "young", "1.0.0", null, "young");
        f.readAt(fetchedLongAgoReadLately, f.clock.instant());
        f.clock.advance(DAY.multipliedBy(2)); // old: 31 days idle; the others 2

        Cleanup.Report report = f.cleanup.run(repo, false);

        assertEquals(List.of("idle old/-/old-1.0.0.tgz"), items(report));
        assertFalse(f.hasRow(repo, old));
        assertTrue(f.hasRow(repo, young) && f.hasRow(repo, fetchedLongAgoReadLately));
    }

    @Test
    void theNewestVersionsOfEachPackageStayWhateverElseApplies() throws Exception {
        RepositoryInfo repo = f.proxy("npm-proxy", new CleanupPolicy(0L, 1, 2));
        // released out of order: 2.0.0 is older than 1.2.0 by release time
        ArtifactEntry v10 = f.store(repo, "lib", "1.0.0", T0.minus(DAY.multipliedBy(30)), "1.0.0");
        ArtifactEntry v20 = f.store(repo, "lib", "2.0.0", T0.minus(DAY.multipliedBy(20)), "2.0.0");
        ArtifactEntry v12 = f.store(repo, "lib", "1.2.0", T0.minus(DAY.multipliedBy(10)), "1.2.0");
        ArtifactEntry other = f.store(repo, "other", "0.1.0", T0.minus(DAY.multipliedBy(50)), "other");
        f.clock.advance(DAY.multipliedBy(100));

        Cleanup.Report report = f.cleanup.run(repo, false);

        assertEquals(List.of("idle lib/-/lib-1.0.0.tgz"), items(report),
                "idle and over a zero quota, yet the two newest of lib and the only version of other stay");
        assertTrue(f.hasRow(repo, v20) && f.hasRow(repo, v12) && f.hasRow(repo, other));
        assertFalse(f.hasRow(repo, v10));
    }

    @Test
    void hostedArtifactsAreNeverEvictedByCachePolicies() throws Exception {
        RepositoryInfo hosted = f.hosted("npm-hosted");
        ArtifactEntry mine = f.store(hosted, "mine", "1.0.0", null, "the only copy");

        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> f.repositories.update(
                "npm-hosted", new RepositoryService.Spec(null, null, null, null, null, null, null, null, null, null, null,
                        null, new CleanupPolicy(0L, 1, null))));
        assertTrue(refused.getMessage().contains("hosted artifacts are never evicted"), refused.getMessage());

        // even a policy that reached the database some other way does not touch it
        f.db.tx(em -> em.createNativeQuery("update repository set cleanup_max_bytes = 0, cleanup_max_idle_days = 1 "
                + "where name = 'npm-hosted'").executeUpdate());
        f.registry.invalidate();
        f.clock.advance(DAY.multipliedBy(400));
        RepositoryInfo withPolicy = f.registry.find("npm-hosted").orElseThrow();
        assertEquals(0L, withPolicy.cleanup().maxBytes());

        assertEquals(List.of(), items(f.cleanup.run(withPolicy, false)));
        assertTrue(f.hasRow(hosted, mine) && f.hasBlob(mine));
    }

    @Test
    void aDryRunListsExactlyWhatTheRealRunThenRemovesAndChangesNothing() throws Exception {
        RepositoryInfo repo = f.proxy("npm-proxy", new CleanupPolicy(150L, 10, 1));
        f.store(repo, "a", "1.0.0", T0, "a".repeat(100));
        f.store(repo, "a", "1.1.0", T0.plusSeconds(1), "b".repeat(100));
        ArtifactEntry c = f.store(repo, "c", "1.0.0", T0, "c".repeat(100));
        f.store(repo, "c", "2.0.0", T0.plusSeconds(1), "d".repeat(100));
        f.clock.advance(DAY.multipliedBy(5));
        f.readAt(c, f.clock.instant());
        f.clock.advance(DAY.multipliedBy(6));
        StoragePath orphan = StoragePath.of("artifacts/npm-proxy/left/-/left-1.0.0.tgz~feed");
        f.blobs.put(orphan, new ByteArrayInputStream(new byte[42]));
        age(orphan, Duration.ofHours(2));
        long before = f.figures(repo).getArtifactBytes();

        Cleanup.Report dry = f.cleanup.run(repo, true);
        assertEquals(before, f.figures(repo).getArtifactBytes(), "a dry run removes nothing");
        assertTrue(f.blobs.exists(orphan));
        Cleanup.Report real = f.cleanup.run(repo, false);

        assertEquals(List.of("idle a/-/a-1.0.0.tgz", "over-quota c/-/c-1.0.0.tgz",
                "orphan-blob artifacts/npm-proxy/left/-/left-1.0.0.tgz~feed"), items(dry));
        assertEquals(items(dry), items(real));
        assertEquals(dry.bytes(), real.bytes());
        assertEquals(242, real.bytes());
        assertTrue(dry.dryRun() && !real.dryRun());
        assertFalse(f.blobs.exists(orphan));
    }

    @Test
    void orphansOnBothSidesAreCollectedAndYoungBlobsWithoutARowAreLeftAlone() throws Exception {
        RepositoryInfo repo = f.proxy("npm-proxy", CleanupPolicy.NONE);
        ArtifactEntry kept = f.store(repo, "kept", "1.0.0", null, "kept");
        ArtifactEntry lost = f.store(repo, "lost", "1.0.0", null, "lost bytes");
        f.blobs.delete(StoragePath.of(lost.getStorageKey())); // a row whose blob is missing
        StoragePath oldOrphan = StoragePath.of("artifacts/npm-proxy/gone/-/gone-1.0.0.tgz~aa");
        StoragePath youngOrphan = StoragePath.of("artifacts/npm-proxy/new/-/new-1.0.0.tgz~bb"); // an upload in flight
        StoragePath oldDocument = StoragePath.of("metadata/npm-proxy/gone~cc");
        for (StoragePath p : List.of(oldOrphan, youngOrphan, oldDocument)) {
            f.blobs.put(p, new ByteArrayInputStream(new byte[7]));
        }
        age(oldOrphan, Duration.ofHours(2));
        age(oldDocument, Duration.ofHours(2));

        Cleanup.Report report = f.cleanup.run(repo, false);

        assertEquals(List.of("missing-blob lost/-/lost-1.0.0.tgz", "orphan-blob artifacts/npm-proxy/gone/-/gone-1.0.0.tgz~aa",
                "orphan-blob metadata/npm-proxy/gone~cc"), items(report));
        assertFalse(f.hasRow(repo, lost));
        assertFalse(f.blobs.exists(oldOrphan) || f.blobs.exists(oldDocument));
        assertTrue(f.blobs.exists(youngOrphan), "younger than the grace: perhaps a write whose row is not committed yet");
        assertTrue(f.hasRow(repo, kept) && f.hasBlob(kept));
        assertEquals(1, f.figures(repo).getArtifactCount());
        assertEquals(4, f.figures(repo).getArtifactBytes());
    }

    @Test
    void anEvictedBlobStaysForTheGraceThenGoes() throws Exception {
        RepositoryInfo repo = f.proxy("npm-proxy", new CleanupPolicy(0L, null, null));
        ArtifactEntry a = f.store(repo, "a", "1.0.0", null, "a");

        f.cleanup.run(repo, false);
        assertFalse(f.hasRow(repo, a), "no new download of it starts");
        assertTrue(f.hasBlob(a), "one in flight still reads it");
        assertEquals(1, f.cleanup.pendingBytes());

        f.clock.advance(Duration.ofMinutes(59));
        assertEquals(0, f.cleanup.housekeeping().blobsDeleted());
        assertTrue(f.hasBlob(a));
        f.clock.advance(Duration.ofMinutes(1));
        assertEquals(1, f.cleanup.housekeeping().blobsDeleted());
        assertFalse(f.hasBlob(a));
        assertEquals(0, f.cleanup.pendingBytes());
    }

    @Test
    void aDeletedRepositorysBlobsAreGoneAtOnceAndItsTombstonesAreSettledAfterTheGrace() throws Exception {
        RepositoryInfo repo = f.proxy("doomed", CleanupPolicy.NONE);
        ArtifactEntry a = f.store(repo, "a", "1.0.0", null, "aaa");
        ArtifactEntry b = f.store(repo, "b", "1.0.0", null, "bbbb");

        String removed = f.repositories.delete("doomed");

        // no private package stays on disk: the blobs go with the repository, not after the grace
        assertFalse(f.hasBlob(a) || f.hasBlob(b), removed);
        assertTrue(removed.startsWith("deleted with 2 stored files"), removed);
        // their tombstones (the backstop, had removing the files failed) wait for the grace, then are settled
        assertEquals(7, f.cleanup.pendingBytes());
        assertEquals(0, f.cleanup.housekeeping().blobsDeleted(), "nothing is due before the grace");
        f.clock.advance(Duration.ofHours(1));
        f.cleanup.housekeeping();
        assertEquals(0, f.cleanup.pendingBytes());
        assertFalse(f.hasBlob(a) || f.hasBlob(b));
    }

    @Test
    void aDownloadInFlightCompletesWhenItsArtifactIsEvictedAndDeleted() throws Exception {
        f.close();
        f = new StoreFixture(Map.of(Setting.CLEANUP_GRACE, "PT0S")); // no grace at all: the blob is deleted at once
        RepositoryInfo repo = f.proxy("npm-proxy", new CleanupPolicy(0L, null, null));
        byte[] big = new byte[8 << 20];
        new java.util.Random(7).nextBytes(big);
        ArtifactEntry a = f.store(repo, "big", "1.0.0", null, new String(big, java.nio.charset.StandardCharsets.ISO_8859_1));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");

        try (InputStream download = f.blobs.open(StoragePath.of(a.getStorageKey()), 0)) {
            byte[] first = download.readNBytes(1 << 20);
            sha.update(first);
            f.cleanup.run(repo, false);
            assertEquals(1, f.cleanup.housekeeping().blobsDeleted());
            assertFalse(f.hasBlob(a), "deleted from the store");
            sha.update(download.readAllBytes());
        }

        byte[] expected = MessageDigest.getInstance("SHA-256").digest(
                new String(big, java.nio.charset.StandardCharsets.ISO_8859_1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertArrayEquals(expected, sha.digest(), "the client got every byte");
    }

    @Test
    void spoolLeftoversOlderThanTheGraceGoAndLiveFilesStay() throws Exception {
        Path leftover = f.spool.newFile("artifact-");
        f.spool.release(leftover);
        Files.write(leftover, new byte[10]); // a crash left it, no live download holds it
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path live = f.spool.newFile("artifact-");
        Files.setLastModifiedTime(live, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        f.clock.set(Instant.now());

        Cleanup.Housekeeping h = f.cleanup.housekeeping();

        assertEquals(1, h.spoolFiles());
        assertEquals(10, h.spoolBytes());
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(live));
    }

    /** Makes a blob look as old as {@code age} by the fixture's clock. */
    private void age(StoragePath blob, Duration age) throws Exception {
        Path file = f.dir.resolve("blobs").resolve(blob.toString());
        Files.setLastModifiedTime(file, FileTime.from(f.clock.instant().minus(age)));
    }
}
