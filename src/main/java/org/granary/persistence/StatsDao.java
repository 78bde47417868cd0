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
