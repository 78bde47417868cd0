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
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null || now.isAfter(s.readAt().plus(REFRESH)) || now.isBefore(s.readAt())) { // a clock set back too
            Map<String, RepositoryInfo> byName = dao.findAll().stream()
                    .map(RepositoryRegistry::info)
                    .collect(Collectors.toUnmodifiableMap(RepositoryInfo::name, Function.identity()));
            s = new Snapshot(byName, now);
            snapshot = s;
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
