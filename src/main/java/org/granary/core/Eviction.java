package org.granary.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.granary.persistence.StoredRow;

/**
 * The pure rule of which artifacts a {@link CleanupPolicy} evicts, given the rows and the time: the same input gives
 * the same list, so a dry run lists exactly what the real run then removes.
 * <ol>
 *   <li>{@code keepLatest}: the newest N versions of each package (by release time, else by when Granary first stored
 *       them) are protected from everything below;</li>
 *   <li>{@code maxIdleDays}: artifacts last read (or fetched) longer ago than that go;</li>
 *   <li>{@code maxBytes}: then the least recently read go, oldest first, until what is left is at most the quota
 *       (if the protected artifacts alone exceed it, they stay and the repository stays over it).</li>
 * </ol>
 */
public final class Eviction {

    /** Why an artifact goes. */
    public enum Reason {
        IDLE("idle"), OVER_QUOTA("over-quota");

        private final String id;

        Reason(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public record Evicted(StoredRow row, Reason reason) {
    }

    private static final Comparator<StoredRow> LEAST_RECENTLY_USED = Comparator
            .comparing(StoredRow::lastAccessedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(StoredRow::id);

    private Eviction() {
    }

    public static List<Evicted> select(List<StoredRow> rows, CleanupPolicy policy, Instant now) {
        Set<Long> kept = protectedRows(rows, policy.keepLatest());
        List<Evicted> out = new ArrayList<>();
        Set<Long> gone = new HashSet<>();
        if (policy.maxIdleDays() != null) {
            Instant cutoff = now.minus(Duration.ofDays(policy.maxIdleDays()));
            rows.stream().filter(r -> !kept.contains(r.id()))
                    .filter(r -> r.lastAccessedAt() == null || r.lastAccessedAt().isBefore(cutoff))
                    .sorted(LEAST_RECENTLY_USED)
                    .forEach(r -> {
                        out.add(new Evicted(r, Reason.IDLE));
                        gone.add(r.id());
                    });
        }
        if (policy.maxBytes() != null) {
            long left = rows.stream().filter(r -> !gone.contains(r.id())).mapToLong(StoredRow::size).sum();
            for (StoredRow r : rows.stream().filter(r -> !gone.contains(r.id()) && !kept.contains(r.id()))
                    .sorted(LEAST_RECENTLY_USED).toList()) {
                if (left <= policy.maxBytes()) {
                    break;
                }
                out.add(new Evicted(r, Reason.OVER_QUOTA));
                left -= r.size();
            }
        }
        return out;
    }

    /** The rows of the newest {@code keepLatest} versions of each package. */
    private static Set<Long> protectedRows(List<StoredRow> rows, Integer keepLatest) {
        if (keepLatest == null) {
            return Set.of();
        }
        Map<String, Map<String, Instant>> versions = new HashMap<>();
        for (StoredRow r : rows) {
            if (r.packageName() != null && r.version() != null) {
                versions.computeIfAbsent(r.packageName(), p -> new LinkedHashMap<>())
                        .merge(r.version(), r.versionTime(), (a, b) -> a == null ? b : b == null ? a : a.isAfter(b) ? a : b);
            }
        }
        Map<String, Set<String>> newest = new HashMap<>();
        versions.forEach((pkg, times) -> newest.put(pkg, new HashSet<>(times.entrySet().stream()
                .sorted(Map.Entry.<String, Instant>comparingByValue(Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .limit(keepLatest).map(Map.Entry::getKey).toList())));
        Set<Long> kept = new HashSet<>();
        for (StoredRow r : rows) {
            if (r.packageName() != null && newest.getOrDefault(r.packageName(), Set.of()).contains(r.version())) {
                kept.add(r.id());
            }
        }
        return kept;
    }

    /** Bytes of a list of evictions. */
    public static long bytes(List<Evicted> evicted) {
        return evicted.stream().map(Evicted::row).filter(Objects::nonNull).mapToLong(StoredRow::size).sum();
    }
}
