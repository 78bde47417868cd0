package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/** Reads and adds to per-repository statistics. */
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
            return true;
        }
        if (em.find(Repository.class, repositoryId) == null) {
            return false;
        }
        em.persist(new RepositoryStats(repositoryId));
        em.flush();
        return add(repositoryId, requests, hits, misses, bytesServed, at);
    }
}
