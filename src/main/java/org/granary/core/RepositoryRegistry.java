package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.granary.persistence.Repository;
import org.granary.persistence.RepositoryDao;

/**
 * Looks repositories up by name for every request, from a snapshot of the repository table that is
 * re-read at most every few seconds (so a change made on another server shows up quickly).
 */
@ApplicationScoped
public class RepositoryRegistry {

    /** Names that are never repositories: they are Granary's own URL space. */
    public static final List<String> RESERVED_NAMES =
            List.of("api", "admin", "health", "metrics", "dl", "jakarta.faces.resource", "resources", "webjars");

    private static final Duration REFRESH = Duration.ofSeconds(5);

    @Inject
    RepositoryDao dao;
    @Inject
    Clock clock;

    private volatile Snapshot snapshot;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong generation = new AtomicLong();

    private record Snapshot(Map<String, RepositoryInfo> byName, Instant readAt) {
    }

    public Optional<RepositoryInfo> find(String name) {
        return Optional.ofNullable(current().byName().get(name));
    }

    public List<RepositoryInfo> all() {
        return List.copyOf(current().byName().values());
    }

    /** Forgets the snapshot; the next lookup reads the table. */
    public void invalidate() {
        generation.incrementAndGet();
        snapshot = null;
    }

    /**
     * The snapshot; an old one is re-read by one request while the others go on with it (re-reading on every
     * request that arrives while the query runs would put a burst of queries on the database under load). After
     * {@link #invalidate()} (a change on this server) the next request reads the table before it answers.
     */
    private Snapshot current() {
        Snapshot s = snapshot;
        if (s == null) {
            return first();
        }
        Instant now = clock.instant();
        boolean old = now.isAfter(s.readAt().plus(REFRESH)) || now.isBefore(s.readAt()); // a clock set back too
        if (old && refreshing.compareAndSet(false, true)) {
            try {
                return read(now);
            } finally {
                refreshing.set(false);
            }
        }
        return s;
    }

    private synchronized Snapshot first() {
        Snapshot s = snapshot;
        return s != null ? s : read(clock.instant());
    }

    private Snapshot read(Instant now) {
        long before = generation.get();
        Map<String, RepositoryInfo> byName = dao.findAll().stream()
                .map(RepositoryRegistry::info)
                .collect(Collectors.toUnmodifiableMap(RepositoryInfo::name, Function.identity()));
        Snapshot s = new Snapshot(byName, now);
        if (generation.get() == before) {
            snapshot = s; // not when an invalidate() ran meanwhile: the next request reads the table again
        }
        return s;
    }

    static RepositoryInfo info(Repository r) {
        return new RepositoryInfo(r.getId(), r.getName(), Format.valueOf(r.getFormat()), RepositoryType.valueOf(r.getType()),
                Optional.ofNullable(r.getUpstreamUrl()).map(URI::create),
                Duration.ofSeconds(r.getMetadataMaxAgeSeconds()),
                r.getMembers().stream().map(Repository::getName).toList(), r.isAnonymousRead(), r.getPublishers(),
                r.getMaxUploadBytes(),
                r.getMaxMetadataBytes() != null ? r.getMaxMetadataBytes() : Format.valueOf(r.getFormat()).defaultMaxMetadataBytes(),
                r.isRequireDeclaredHash(),
                new CleanupPolicy(r.getCleanupMaxBytes(), r.getCleanupMaxIdleDays(), r.getCleanupKeepLatest()));
    }
}
