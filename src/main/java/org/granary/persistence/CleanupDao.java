package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * What the cleanup job reads and removes: rows of a repository, evictions (a row removed, its figure moved and its
 * blob given a tombstone in one transaction) and tombstones that are due.
 */
@ApplicationScoped
@Transactional
public class CleanupDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public CleanupDao() {
        // for CDI
    }

    CleanupDao(EntityManager em) {
        this.em = em;
    }

    /** Every artifact of a repository, with its package version. */
    public List<StoredRow> artifacts(long repositoryId) {
        List<Object[]> rows = em.createQuery("select a.id, a.path, a.storageKey, a.size, a.lastAccessedAt, a.fetchedAt, "
                        + "p.name, v.version, v.releasedAt, v.createdAt from ArtifactEntry a left join a.version v "
                        + "left join v.pkg p where a.repositoryId = :repo order by a.id", Object[].class)
                .setParameter("repo", repositoryId).getResultList();
        return rows.stream().map(r -> new StoredRow((Long) r[0], (String) r[1], (String) r[2], (Long) r[3],
                r[4] != null ? (Instant) r[4] : (Instant) r[5], (String) r[6], (String) r[7],
                r[8] != null ? (Instant) r[8] : (Instant) r[9])).toList();
    }

    /** Every metadata document of a repository. */
    public List<StoredRow> documents(long repositoryId) {
        List<Object[]> rows = em.createQuery("select m.id, m.path, m.storageKey, m.size, m.fetchedAt from MetadataEntry m "
                        + "where m.repositoryId = :repo order by m.id", Object[].class)
                .setParameter("repo", repositoryId).getResultList();
        return rows.stream().map(r -> new StoredRow((Long) r[0], (String) r[1], (String) r[2], (Long) r[3],
                (Instant) r[4], null, null, null)).toList();
    }

    /**
     * Removes an artifact row (if it still points at {@code storageKey}), moves the figures, and gives its blob a
     * tombstone due at {@code deleteAfter}; {@code false} when the row had gone or changed meanwhile.
     */
    public boolean evictArtifact(long repositoryId, StoredRow row, Instant deleteAfter) {
        int removed = em.createQuery("delete from ArtifactEntry a where a.id = :id and a.storageKey = :key")
                .setParameter("id", row.id()).setParameter("key", row.storageKey()).executeUpdate();
        if (removed == 0) {
            return false;
        }
        new StatsDao(em).addStorage(repositoryId, -1, -row.size(), 0, 0);
        em.persist(new BlobTombstone(row.storageKey(), row.size(), deleteAfter));
        return true;
    }

    /** Removes an artifact row whose blob is missing (nothing to tombstone). */
    public boolean dropArtifact(long repositoryId, StoredRow row) {
        int removed = em.createQuery("delete from ArtifactEntry a where a.id = :id and a.storageKey = :key")
                .setParameter("id", row.id()).setParameter("key", row.storageKey()).executeUpdate();
        if (removed > 0) {
            new StatsDao(em).addStorage(repositoryId, -1, -row.size(), 0, 0);
        }
        return removed > 0;
    }

    /** Removes a document row whose blob is missing (a proxy fetches it again on the next read). */
    public boolean dropDocument(long repositoryId, StoredRow row) {
        int removed = em.createQuery("delete from MetadataEntry m where m.id = :id and m.storageKey = :key")
                .setParameter("id", row.id()).setParameter("key", row.storageKey()).executeUpdate();
        if (removed > 0) {
            new StatsDao(em).addStorage(repositoryId, 0, 0, -1, -row.size());
        }
        return removed > 0;
    }

    /** Gives a blob no row points at any more a tombstone due at {@code deleteAfter}. */
    public void tombstone(String storageKey, long size, Instant deleteAfter) {
        em.persist(new BlobTombstone(storageKey, size, deleteAfter));
    }

    /** Whether any artifact or document row points at {@code storageKey}. */
    public boolean isReferenced(String storageKey) {
        return !em.createQuery("select a.id from ArtifactEntry a where a.storageKey = :key", Long.class)
                .setParameter("key", storageKey).setMaxResults(1).getResultList().isEmpty()
                || !em.createQuery("select m.id from MetadataEntry m where m.storageKey = :key", Long.class)
                .setParameter("key", storageKey).setMaxResults(1).getResultList().isEmpty();
    }

    /** Whether a tombstone names {@code storageKey} (its blob is already on its way out). */
    public boolean isTombstoned(String storageKey) {
        return !em.createQuery("select t.id from BlobTombstone t where t.storageKey = :key", Long.class)
                .setParameter("key", storageKey).setMaxResults(1).getResultList().isEmpty();
    }

    /** Tombstones due at {@code now}, oldest first. */
    public List<BlobTombstone> due(Instant now, int limit) {
        return em.createQuery("select t from BlobTombstone t where t.deleteAfter <= :now order by t.deleteAfter, t.id",
                        BlobTombstone.class)
                .setParameter("now", now).setMaxResults(limit).getResultList();
    }

    public void forget(long tombstoneId) {
        em.createQuery("delete from BlobTombstone t where t.id = :id").setParameter("id", tombstoneId).executeUpdate();
    }

    /** Bytes of blobs waiting for their tombstone to fall due. */
    public long pendingBytes() {
        Long sum = em.createQuery("select sum(t.size) from BlobTombstone t", Long.class).getSingleResult();
        return sum == null ? 0 : sum;
    }

    /** Gives every blob of a repository a tombstone (its rows are about to be deleted with it). */
    public void tombstoneRepository(long repositoryId, Instant deleteAfter) {
        for (String table : List.of("artifact", "cached_metadata")) {
            em.createNativeQuery("insert into blob_tombstone (storage_key, size, delete_after) select storage_key, size, ?1 "
                            + "from " + table + " where repository_id = ?2")
                    // an OffsetDateTime at UTC: what every provider binds to TIMESTAMP WITH TIME ZONE in a native
                    // query (no converter applies there; EclipseLink does not bind an Instant)
                    .setParameter(1, deleteAfter.atOffset(java.time.ZoneOffset.UTC)).setParameter(2, repositoryId)
                    .executeUpdate();
        }
    }
}
