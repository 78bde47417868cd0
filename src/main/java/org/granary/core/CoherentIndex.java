package org.granary.core;

import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The mechanism {@link ArtifactIndex} and {@link MetadataIndex} share: what this server learnt about (repository,
 * path) from the database, bounded ({@code capacity} entries; when full, about a tenth is dropped, the expired first)
 * and kept coherent with local writes: {@link #remember} is refused when a {@code forget} ran since the caller took its
 * {@link #stamp()}, so a slow reader cannot put back what a writer just invalidated. How long an entry is believed is
 * the caller's rule. Reads take no lock.
 *
 * @param <V> what is known about one path; {@code checkedAt} says when it was learnt
 */
final class CoherentIndex<V> {

    private record Key(long repositoryId, String path) {
    }

    private final int capacity;
    private final Function<V, Instant> checkedAt;
    private final ConcurrentHashMap<Key, V> entries = new ConcurrentHashMap<>();
    private final AtomicLong forgets = new AtomicLong();

    CoherentIndex(int capacity, Function<V, Instant> checkedAt) {
        this.capacity = capacity;
        this.checkedAt = checkedAt;
    }

    /** What was remembered about {@code path} of repository {@code repositoryId}, however old; {@code null}: nothing. */
    V get(long repositoryId, String path) {
        return entries.get(new Key(repositoryId, path));
    }

    /** Taken before reading the database; hand it to {@link #remember}. */
    long stamp() {
        return forgets.get();
    }

    /**
     * Remembers what the database said, unless something was forgotten since {@code stamp}; when full, first drops
     * the entries learnt before {@code expiredBefore}, then enough others.
     */
    void remember(long repositoryId, String path, V known, long stamp, Instant expiredBefore) {
        if (forgets.get() != stamp) {
            return;
        }
        if (entries.size() >= capacity) {
            makeRoom(expiredBefore);
        }
        Key key = new Key(repositoryId, path);
        entries.put(key, known);
        if (forgets.get() != stamp) {
            entries.remove(key, known); // a forget raced with this put
        }
    }

    /** Drops what is known about {@code path} of repository {@code repositoryId}. */
    void forget(long repositoryId, String path) {
        forgets.incrementAndGet();
        entries.remove(new Key(repositoryId, path));
    }

    /** Drops what is known about paths of repository {@code repositoryId} that {@code which} names. */
    void forgetIf(long repositoryId, Predicate<V> which) {
        forgets.incrementAndGet();
        entries.entrySet().removeIf(e -> e.getKey().repositoryId() == repositoryId && which.test(e.getValue()));
    }

    /** Drops everything known about a repository. */
    void forgetRepository(long repositoryId) {
        forgetIf(repositoryId, v -> true);
    }

    int size() {
        return entries.size();
    }

    private void makeRoom(Instant expiredBefore) {
        entries.values().removeIf(v -> checkedAt.apply(v).isBefore(expiredBefore));
        int excess = entries.size() - capacity + Math.max(1, capacity / 10);
        Iterator<Key> it = entries.keySet().iterator();
        while (excess-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
