package org.granary.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys remembered for a while and then forgotten, at most {@code capacity} of them (the oldest marks go first),
 * so that remembering what clients probe can never grow without bound. Used for upstream 404s (the negative
 * cache) and recent integrity failures.
 */
final class ExpiringMarks {

    private final int capacity;
    private final Clock clock;
    private final Map<String, Instant> until;

    ExpiringMarks(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
        this.until = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > ExpiringMarks.this.capacity;
            }
        };
    }

    /** Marks {@code key} for {@code ttl} from now (a zero ttl marks nothing). */
    synchronized void mark(String key, Duration ttl) {
        if (!ttl.isZero() && !ttl.isNegative()) {
            until.remove(key);
            until.put(key, clock.instant().plus(ttl));
        }
    }

    /** Whether {@code key} is marked and the mark has not expired. */
    synchronized boolean isMarked(String key) {
        Instant end = until.get(key);
        if (end == null) {
            return false;
        }
        if (!clock.instant().isBefore(end)) {
            until.remove(key);
            return false;
        }
        return true;
    }

    synchronized void clear(String key) {
        until.remove(key);
    }

    synchronized int size() {
        return until.size();
    }
}
