package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Figures of every repository at once, for the admin console's dashboard and repository list: one query each. */
@ApplicationScoped
@Transactional
public class OverviewDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public OverviewDao() {
        // for CDI
    }

    OverviewDao(EntityManager em) {
        this.em = em;
    }

    /** What a repository holds: artifacts, their bytes, and when the newest was stored. */
    public record Usage(long artifacts, long bytesStored, Instant lastStoredAt) {
        public static final Usage NONE = new Usage(0, 0, null);
    }

    /** A repository's counters: requests, hits, misses, bytes served. */
    public record Counters(long requests, long hits, long misses, long bytesServed) {
        public static final Counters NONE = new Counters(0, 0, 0, 0);
    }

    /** {@link Usage} by repository id; repositories without artifacts are absent. */
    public Map<Long, Usage> usage() {
        Map<Long, Usage> out = new HashMap<>();
        for (Object[] row : em.createQuery("select a.repositoryId, count(a), sum(a.size), max(a.fetchedAt) "
                + "from ArtifactEntry a group by a.repositoryId", Object[].class).getResultList()) {
            out.put((Long) row[0], new Usage((Long) row[1], row[2] == null ? 0 : ((Number) row[2]).longValue(),
                    (Instant) row[3]));
        }
        return out;
    }

    /** {@link Counters} by repository id; repositories never asked for anything are absent. */
    public Map<Long, Counters> counters() {
        Map<Long, Counters> out = new HashMap<>();
        for (RepositoryStats s : em.createQuery("select s from RepositoryStats s", RepositoryStats.class).getResultList()) {
            out.put(s.getRepositoryId(), new Counters(s.getRequests(), s.getHits(), s.getMisses(), s.getBytesServed()));
        }
        return out;
    }

    /** When each repository last stored a metadata document (fetched from, or confirmed by, its upstream). */
    public Map<Long, Instant> lastMetadataFetch() {
        Map<Long, Instant> out = new HashMap<>();
        for (Object[] row : em.createQuery("select m.repositoryId, max(m.fetchedAt) from MetadataEntry m "
                + "group by m.repositoryId", Object[].class).getResultList()) {
            out.put((Long) row[0], (Instant) row[1]);
        }
        return out;
    }

    /** How many packages are known, in all repositories. */
    public long packages() {
        return em.createQuery("select count(p) from PackageEntry p", Long.class).getSingleResult();
    }
}
