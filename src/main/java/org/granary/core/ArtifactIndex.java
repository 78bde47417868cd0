package org.granary.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

    private record Key(long repositoryId, String path) {
    }

    private final int capacity;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Known> entries = new ConcurrentHashMap<>();
    private final AtomicLong forgets = new AtomicLong();

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
        this.capacity = capacity;
        this.clock = clock;
        this.recheck = recheck;
        this.absentRecheck = absentRecheck.compareTo(recheck) < 0 ? absentRecheck : recheck;
    }

    /** Whether {@link Absent} entries are remembered at all. */
    boolean remembersAbsence() {
        return !absentRecheck.isZero() && !absentRecheck.isNegative();
    }

    /** What is known about {@code path} of repository {@code repositoryId}, if it is still to be believed. */
    Known lookup(long repositoryId, String path) {
        Known k = entries.get(new Key(repositoryId, path));
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
        return forgets.get();
    }

    /** Remembers what the database said, unless something was forgotten since {@code stamp}. */
    void remember(long repositoryId, String path, Known known, long stamp) {
        if (forgets.get() != stamp || (known instanceof Absent && !remembersAbsence())) {
            return;
        }
        if (entries.size() >= capacity) {
            makeRoom();
        }
        entries.put(new Key(repositoryId, path), known);
        if (forgets.get() != stamp) {
            entries.remove(new Key(repositoryId, path), known); // a forget raced with this put
        }
    }

    /** Drops what is known about {@code path} of repository {@code repositoryId}. */
    void forget(long repositoryId, String path) {
        forgets.incrementAndGet();
        entries.remove(new Key(repositoryId, path));
    }

    /** Drops what is known about paths of repository {@code repositoryId} stored under {@code key} (it is gone). */
    void forgetKey(long repositoryId, StoragePath key) {
        forgets.incrementAndGet();
        entries.entrySet().removeIf(e -> e.getKey().repositoryId() == repositoryId
                && e.getValue() instanceof Present p && p.key().equals(key));
    }

    /** Drops everything known about a repository (it was deleted). */
    void forgetRepository(long repositoryId) {
        forgets.incrementAndGet();
        entries.keySet().removeIf(k -> k.repositoryId() == repositoryId);
    }

    int size() {
        return entries.size();
    }

    /** Drops about a tenth of the entries, the expired ones first. */
    private void makeRoom() {
        Instant expired = clock.instant().minus(recheck);
        entries.values().removeIf(k -> k.checkedAt().isBefore(expired));
        int excess = entries.size() - capacity + Math.max(1, capacity / 10);
        Iterator<Key> it = entries.keySet().iterator();
        while (excess-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
