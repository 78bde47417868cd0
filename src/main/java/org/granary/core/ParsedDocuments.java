package org.granary.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What a format extracted from metadata documents (e.g. every version's tarball URL and hash from an npm packument),
 * kept by the document's sha256 so that a document is parsed once, not once per artifact miss, however many ask at
 * the same moment (one parses, the others wait for it). At most {@code maxWeight} is kept, by the format's estimate
 * of each value's size, least recently used out first; a changed document has a new hash and its old value ages out.
 * A cache of this server's own work only.
 */
public final class ParsedDocuments<T> {

    private final long maxWeight;
    private final ToLongFunction<T> weight;
    private final SingleFlight<String, T> flights = new SingleFlight<>();
    private final LinkedHashMap<String, Entry<T>> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long total;

    private record Entry<T>(T value, long weight) {
    }

    public ParsedDocuments(long maxWeight, ToLongFunction<T> weight) {
        this.maxWeight = maxWeight;
        this.weight = weight;
    }

    /** The value extracted from the document with hash {@code sha256}, running {@code parse} only if it is not kept. */
    public T get(String sha256, Supplier<T> parse) {
        T hit = lookup(sha256);
        if (hit != null) {
            return hit;
        }
        return flights.run(sha256, () -> {
            T again = lookup(sha256);
            if (again != null) {
                return again;
            }
            T parsed = parse.get();
            keep(sha256, parsed);
            return parsed;
        });
    }

    private synchronized T lookup(String key) {
        Entry<T> e = cache.get(key);
        return e == null ? null : e.value();
    }

    private synchronized void keep(String key, T value) {
        long w = Math.max(1, weight.applyAsLong(value));
        if (w > maxWeight) {
            return; // larger than the whole cache: used once, not kept
        }
        Entry<T> old = cache.put(key, new Entry<>(value, w));
        total += w - (old == null ? 0 : old.weight());
        var it = cache.entrySet().iterator();
        while (total > maxWeight && it.hasNext()) {
            Map.Entry<String, Entry<T>> eldest = it.next();
            total -= eldest.getValue().weight();
            it.remove();
        }
    }

    /** How much is kept, by the weight estimate (tests). */
    synchronized long weight() {
        return total;
    }

    synchronized int size() {
        return cache.size();
    }
}
