package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/** Reads and writes cached metadata records (and hosted repositories' documents, which share the table). */
@ApplicationScoped
@Transactional
public class MetadataDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public MetadataDao() {
        // for CDI
    }

    MetadataDao(EntityManager em) {
        this.em = em;
    }

    public Optional<MetadataEntry> find(long repositoryId, String path) {
        return em.createQuery("select m from MetadataEntry m where m.repositoryId = :repo and m.path = :path",
                        MetadataEntry.class)
                .setParameter("repo", repositoryId)
                .setParameter("path", path)
                .getResultStream().findFirst();
    }

    /** What {@link #saveFetched} did: the row as it is now, and the blob key it pointed at before (to delete). */
    public record Saved(MetadataEntry entry, Optional<String> replacedKey) {
    }

    /** Records a copy just fetched from upstream under its (new) storage key, creating or updating the row. */
    public Saved saveFetched(long repositoryId, String path, String storageKey, long size, String sha256,
                             String contentType, String etag, String lastModified, Instant fetchedAt) {
        Optional<MetadataEntry> existing = find(repositoryId, path);
        MetadataEntry entry = existing.orElseGet(() -> new MetadataEntry(repositoryId, path, storageKey));
        Optional<String> replaced = existing.map(MetadataEntry::getStorageKey).filter(k -> !k.equals(storageKey));
        new StatsDao(em).addStorage(repositoryId, 0, 0, existing.isEmpty() ? 1 : 0,
                size - existing.map(MetadataEntry::getSize).orElse(0L));
        entry.refreshed(storageKey, size, sha256, contentType, etag, lastModified, fetchedAt);
        if (existing.isEmpty()) {
            em.persist(entry); // identity ids insert at once, so only a complete row is persisted
            em.flush(); // and the id is there for the caller with every provider
        }
        return new Saved(entry, replaced);
    }

    /** The upstream answered 304: the copy is current as of {@code at}. */
    public void markRevalidated(long id, Instant at) {
        MetadataEntry e = em.find(MetadataEntry.class, id);
        if (e != null) {
            e.revalidated(at);
        }
    }
}
