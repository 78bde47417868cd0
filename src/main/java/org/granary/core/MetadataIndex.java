package org.granary.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.granary.persistence.MetadataEntry;

/**
 * What {@link MetadataCache} knows about a document (repository, path) without asking the database: its row as
 * last read or written here, or that a hosted repository has no document there. Bounded ({@code capacity} entries;
 * when full, about a tenth is dropped, the expired first), and kept coherent:
 * <ul>
 *   <li>{@link #forget} drops an entry the moment a publish, revalidation or delete on this server changes it;</li>
 *   <li>an entry is believed only for as long as the caller says when it looks ({@link #lookup}'s {@code believe}:
 *       for a proxy no longer than the cleanup grace allows, and it is served only while fresh by the repository's
 *       max age; for a hosted repository {@code GRANARY_HOSTED_ABSENT_TTL}), so a change made by another server is
 *       seen within that time;</li>
 *   <li>{@link #remember} is refused when a {@code forget} ran since the caller read the database
 *       ({@link #stamp()}), so a slow reader cannot put back what a writer just invalidated.</li>
 * </ul>
 * Reads take no lock.
 */
final class MetadataIndex {

    /** The longest any entry is believed before the database is asked again. */
    static final Duration RECHECK = Duration.ofSeconds(60);

    /** What is known about one (repository, path). */
    sealed interface Known {
        Instant checkedAt();
    }

    /** A document's row as this server last saw it. */
    record Present(Row row, Instant checkedAt) implements Known {
    }

    /** No document there (remembered for hosted repositories, where that means "not here"). */
    record Absent(Instant checkedAt) implements Known {
    }

    /** The fields of a {@code cached_metadata} row a read needs (a value: the entity itself is the persistence layer's). */
    record Row(long id, String storageKey, long size, String sha256, String contentType, Instant fetchedAt, String etag,
               String lastModified) {

        static Row of(MetadataEntry e) {
            return new Row(e.getId(), e.getStorageKey(), e.getSize(), e.getSha256(), e.getContentType(), e.getFetchedAt(),
                    e.getEtag(), e.getLastModified());
        }
    }

    private final Clock clock;
    private final CoherentIndex<Known> entries;

    MetadataIndex(int capacity, Clock clock) {
        this.clock = clock;
        this.entries = new CoherentIndex<>(capacity, Known::checkedAt);
    }

    /**
     * What is known about {@code path} of repository {@code repositoryId}, if it was learnt at most {@code believe}
     * ago (and at most {@link #RECHECK}); {@code null} otherwise.
     */
    Known lookup(long repositoryId, String path, Duration believe) {
        Known k = entries.get(repositoryId, path);
        if (k == null || believe.isZero() || believe.isNegative()) {
            return null;
        }
        Duration limit = believe.compareTo(RECHECK) < 0 ? believe : RECHECK;
        Instant now = clock.instant();
        if (now.isAfter(k.checkedAt().plus(limit)) || now.isBefore(k.checkedAt())) {
            return null; // old enough to ask the database again (another server may have changed it)
        }
        return k;
    }

    /** Taken before reading or writing the database; hand it to {@link #remember}. */
    long stamp() {
        return entries.stamp();
    }

    /** Remembers what the database said, unless something was forgotten since {@code stamp}. */
    void remember(long repositoryId, String path, Known known, long stamp) {
        entries.remember(repositoryId, path, known, stamp, clock.instant().minus(RECHECK));
    }

    /** Drops what is known about {@code path} of repository {@code repositoryId}. */
    void forget(long repositoryId, String path) {
        entries.forget(repositoryId, path);
    }

    /** Drops everything known about a repository. */
    void forgetRepository(long repositoryId) {
        entries.forgetRepository(repositoryId);
    }

    int size() {
        return entries.size();
    }
}
