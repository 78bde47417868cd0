package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.granary.persistence.OverviewDao;

/**
 * Every repository with its figures, as the admin console shows them: requests, hits, misses and bytes served
 * (counted in memory and written every 15 seconds), artifacts and bytes stored, and when its upstream last
 * delivered something. A handful of queries, whatever the number of repositories.
 */
@ApplicationScoped
public class Overview {

    @Inject
    RepositoryRegistry registry;
    @Inject
    OverviewDao dao;

    /**
     * One repository's figures.
     *
     * @param lastUpstreamFetch the latest time a proxy stored a document or artifact from its upstream (or had a
     *                          document confirmed current); {@code null} when never, and for other types
     */
    public record Figures(RepositoryInfo repository, long requests, long hits, long misses, long bytesServed,
                          long artifacts, long bytesStored, Instant lastUpstreamFetch) {

        /** Hits among the artifact requests (hits and misses); metadata requests count as neither. */
        public long artifactRequests() {
            return hits + misses;
        }
    }

    /** The sum over all repositories. */
    public record Totals(long requests, long hits, long misses, long bytesServed, long artifacts, long bytesStored) {

        public long artifactRequests() {
            return hits + misses;
        }
    }

    /** Every repository, by name. */
    public List<Figures> repositories() {
        Map<Long, OverviewDao.Usage> usage = dao.usage();
        Map<Long, OverviewDao.Counters> counters = dao.counters();
        Map<Long, Instant> metadata = dao.lastMetadataFetch();
        return registry.all().stream().sorted(Comparator.comparing(RepositoryInfo::name)).map(r -> {
            OverviewDao.Usage u = usage.getOrDefault(r.id(), OverviewDao.Usage.NONE);
            OverviewDao.Counters c = counters.getOrDefault(r.id(), OverviewDao.Counters.NONE);
            Instant last = r.isProxy() ? latest(u.lastStoredAt(), metadata.get(r.id())) : null;
            return new Figures(r, c.requests(), c.hits(), c.misses(), c.bytesServed(), u.artifacts(), u.bytesStored(), last);
        }).toList();
    }

    public static Totals totals(List<Figures> all) {
        return new Totals(all.stream().mapToLong(Figures::requests).sum(), all.stream().mapToLong(Figures::hits).sum(),
                all.stream().mapToLong(Figures::misses).sum(), all.stream().mapToLong(Figures::bytesServed).sum(),
                all.stream().mapToLong(Figures::artifacts).sum(), all.stream().mapToLong(Figures::bytesStored).sum());
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
