package org.granary.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.granary.storage.StoragePath;

/**
 * What {@link ArtifactCache} knows about (repository, path) without asking the database: the stored artifact and
 * its blob key, or that a hosted repository has nothing there. Bounded ({@code capacity} entries; when full, some
 * entries are dropped to make room, never the whole map at once), and kept coherent:
 * <ul>
 *   <li>{@link #forget} drops an entry the moment a publish, replacement or delete on this server changes it;</li>
 *   <li>an entry is believed for {@link #RECHECK} at most (less when the cleanup grace is shorter, see
 *       {@code ArtifactCache.indexRecheck}), then the database is asked again, so a change made by another server is
 *       seen within that time, before the blob it names can be deleted;</li>
 *   <li>an {@link Absent} entry (a hosted repository does not have the path) is believed for a shorter time of its own
 *       ({@code GRANARY_HOSTED_ABSENT_TTL}), the longest a publish through another server goes unseen here;</li>
 *   <li>{@link #remember} is refused when a {@code forget} ran since the caller read the database
 *       ({@link #stamp()}), so a slow reader cannot put back what a writer just invalidated.</li>
 * </ul>
 * Reads take no lock.
 */
final class ArtifactIndex {

    /** How long an entry is believed before the database is asked again. */
    static final Duration RECHECK = Duration.ofSeconds(60);

    /** What is known about one (repository, path). */
    sealed interface Known {
        Instant checkedAt();
    }

    /** Stored: the row's id (for hit counts), what a response needs, and where the bytes are. */
    record Present(long artifactId, StoredArtifact artifact, StoragePath key, Instant checkedAt) implements Known {
    }

    /** Not in the database (remembered for hosted repositories, where that means "not here"). */
    record Absent(Instant checkedAt) implements Known {
    }

    private final Clock clock;
    private final CoherentIndex<Known> entries;
    private final Duration recheck;
    private final Duration absentRecheck;

    ArtifactIndex(int capacity, Clock clock) {
        this(capacity, clock, RECHECK, RECHECK);
    }

    /**
     * An index whose entries are believed for {@code recheck} at most, and whose {@link Absent} entries for
     * {@code absentRecheck} at most (zero: they are not remembered).
     */
    ArtifactIndex(int capacity, Clock clock, Duration recheck, Duration absentRecheck) {
        this.clock = clock;
        this.entries = new CoherentIndex<>(capacity, Known::checkedAt);
        this.recheck = recheck;
        this.absentRecheck = absentRecheck.compareTo(recheck) < 0 ? absentRecheck : recheck;
    }

    /** Whether {@link Absent} entries are remembered at all. */
    boolean remembersAbsence() {
        return !absentRecheck.isZero() && !absentRecheck.isNegative();
    }

    /** What is known about {@code path} of repository {@code repositoryId}, if it is still to be believed. */
    Known lookup(long repositoryId, String path) {
        Known k = entries.get(repositoryId, path);
        if (k == null) {
            return null;
        }
        if (clock.instant().isAfter(k.checkedAt().plus(k instanceof Absent ? absentRecheck : recheck))) {
            return null; // old enough to ask the database again (another server may have changed it)
        }
        return k;
    }

    /** Taken before reading the database; hand it to {@link #remember}. */
    long stamp() {
        return entries.stamp();
    }

    /** Remembers what the database said, unless something was forgotten since {@code stamp}. */
    void remember(long repositoryId, String path, Known known, long stamp) {
        if (known instanceof Absent && !remembersAbsence()) {
            return;
        }
        entries.remember(repositoryId, path, known, stamp, clock.instant().minus(recheck));
    }

    /** Drops what is known about {@code path} of repository {@code repositoryId}. */
    void forget(long repositoryId, String path) {
        entries.forget(repositoryId, path);
    }

    /** Drops what is known about paths of repository {@code repositoryId} stored under {@code key} (it is gone). */
    void forgetKey(long repositoryId, StoragePath key) {
        entries.forgetIf(repositoryId, k -> k instanceof Present p && p.key().equals(key));
    }

    /** Drops everything known about a repository (it was deleted). */
    void forgetRepository(long repositoryId) {
        entries.forgetRepository(repositoryId);
    }

    int size() {
        return entries.size();
    }
}
