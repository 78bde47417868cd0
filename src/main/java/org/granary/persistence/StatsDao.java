package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Reads and adds to per-repository statistics, in all and per hour. */
@ApplicationScoped
@Transactional
public class StatsDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public StatsDao() {
        // for CDI
    }

    StatsDao(EntityManager em) {
        this.em = em;
    }

    public Optional<RepositoryStats> find(long repositoryId) {
        return Optional.ofNullable(em.find(RepositoryStats.class, repositoryId));
    }

    /**
     * Adds counts gathered in memory; increments in SQL so several servers can add at once.
     *
     * @return false, changing nothing, when the repository no longer exists (deleted since the counts were gathered)
     */
    public boolean add(long repositoryId, long requests, long hits, long misses, long bytesServed, Instant at) {
        return add(repositoryId, requests, hits, misses, bytesServed, 0, 0, at);
    }

    /**
     * Adds counts gathered in memory, and moves the document figures by {@code documents} / {@code documentBytes}
     * (documents fetched from upstream, counted off the request path), in one transaction.
     *
     * @return false, changing nothing, when the repository no longer exists
     */
    public boolean add(long repositoryId, long requests, long hits, long misses, long bytesServed, long documents,
                       long documentBytes, Instant at) {
        if (!addCounts(repositoryId, requests, hits, misses, bytesServed, at)) {
            return false;
        }
        addStorage(repositoryId, 0, 0, documents, documentBytes);
        return true;
    }

    private boolean addCounts(long repositoryId, long requests, long hits, long misses, long bytesServed, Instant at) {
        int updated = em.createQuery("update RepositoryStats s set s.requests = s.requests + :requests, "
                        + "s.hits = s.hits + :hits, s.misses = s.misses + :misses, "
                        + "s.bytesServed = s.bytesServed + :bytes, s.updatedAt = :at where s.repositoryId = :repo")
                .setParameter("requests", requests)
                .setParameter("hits", hits)
                .setParameter("misses", misses)
                .setParameter("bytes", bytesServed)
                .setParameter("at", at)
                .setParameter("repo", repositoryId)
                .executeUpdate();
        if (updated > 0) {
            addToHour(repositoryId, requests, hits, misses, bytesServed, at.truncatedTo(ChronoUnit.HOURS));
            return true;
        }
        if (em.find(Repository.class, repositoryId) == null) {
            return false;
        }
        em.persist(new RepositoryStats(repositoryId));
        em.flush();
        return addCounts(repositoryId, requests, hits, misses, bytesServed, at);
    }

    /** The same counts added to the hour they fall in ({@code request_history}, the console's chart). */
    private void addToHour(long repositoryId, long requests, long hits, long misses, long bytesServed, Instant hour) {
        int updated = em.createNativeQuery("update request_history set requests = requests + ?1, hits = hits + ?2, "
                        + "misses = misses + ?3, bytes_served = bytes_served + ?4 where repository_id = ?5 and hour_start = ?6")
                .setParameter(1, requests).setParameter(2, hits).setParameter(3, misses).setParameter(4, bytesServed)
                .setParameter(5, repositoryId).setParameter(6, utc(hour))
                .executeUpdate();
        if (updated == 0) {
            em.createNativeQuery("insert into request_history (repository_id, hour_start, requests, hits, misses, "
                            + "bytes_served) values (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, repositoryId).setParameter(2, utc(hour)).setParameter(3, requests).setParameter(4, hits)
                    .setParameter(5, misses).setParameter(6, bytesServed)
                    .executeUpdate();
        }
    }

    /** One hour of all repositories together. */
    public record Hour(Instant start, long requests, long hits, long misses, long bytesServed) {
    }

    /** Every hour since {@code from} that saw requests, oldest first, summed over repositories. */
    public List<Hour> hoursSince(Instant from) {
        List<?> rows = em.createNativeQuery("select hour_start, sum(requests), sum(hits), sum(misses), sum(bytes_served) "
                        + "from request_history where hour_start >= ?1 group by hour_start order by hour_start")
                .setParameter(1, utc(from)).getResultList();
        return rows.stream().map(r -> (Object[]) r).map(r -> new Hour(instant(r[0]), ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), ((Number) r[3]).longValue(), ((Number) r[4]).longValue())).toList();
    }

    /** A point in time as native queries bind it on every provider and driver (PostgreSQL's cannot infer an Instant). */
    private static java.time.OffsetDateTime utc(Instant at) {
        return at.atOffset(java.time.ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("not a point in time: " + value);
    }

    /**
     * Moves the storage figures of a repository by the given amounts, in the caller's transaction (the statement that
     * adds or removes the row calls this, so the figures move with it). Increments in SQL, so several servers can
     * add at once.
     */
    public void addStorage(long repositoryId, long artifacts, long artifactBytes, long documents, long documentBytes) {
        if (artifacts == 0 && artifactBytes == 0 && documents == 0 && documentBytes == 0) {
            return;
        }
        em.createQuery("update RepositoryStats s set s.artifactCount = s.artifactCount + :artifacts, "
                        + "s.artifactBytes = s.artifactBytes + :artifactBytes, "
                        + "s.documentCount = s.documentCount + :documents, "
                        + "s.documentBytes = s.documentBytes + :documentBytes where s.repositoryId = :repo")
                .setParameter("artifacts", artifacts)
                .setParameter("artifactBytes", artifactBytes)
                .setParameter("documents", documents)
                .setParameter("documentBytes", documentBytes)
                .setParameter("repo", repositoryId)
                .executeUpdate();
    }

    /**
     * Sets the storage figures of a repository to what its rows add up to (the cleanup job does this once per run,
     * so a figure that drifted, say after a crash between a row and its figure, is put right).
     */
    public void recountStorage(long repositoryId) {
        em.createNativeQuery("update repository_stats set "
                        + "artifact_count = (select count(*) from artifact a where a.repository_id = ?1), "
                        + "artifact_bytes = (select coalesce(sum(a.size), 0) from artifact a where a.repository_id = ?1), "
                        + "document_count = (select count(*) from cached_metadata m where m.repository_id = ?1), "
                        + "document_bytes = (select coalesce(sum(m.size), 0) from cached_metadata m where m.repository_id = ?1) "
                        + "where repository_id = ?1")
                .setParameter(1, repositoryId)
                .executeUpdate();
    }
}
