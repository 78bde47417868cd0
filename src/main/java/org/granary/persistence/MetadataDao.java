package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and writes cached metadata records (and hosted repositories' documents, which share the table). */
@ApplicationScoped
@Transactional
public class MetadataDao {

    /** Values per {@code in} list (databases limit them). */
    private static final int IN_BATCH = 500;

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

    /**
     * The documents of a repository whose path starts with {@code pathPrefix}, in path order, at most {@code limit}
     * (for search: each row's path, hash and blob key; the bytes are the caller's to read).
     */
    public List<MetadataEntry> documents(long repositoryId, String pathPrefix, int limit) {
        String like = pathPrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return em.createQuery("select m from MetadataEntry m where m.repositoryId = :repo and m.path like :prefix "
                        + "escape '!' order by m.path", MetadataEntry.class)
                .setParameter("repo", repositoryId)
                .setParameter("prefix", like)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Which of {@code paths} name a document in any of {@code repositoryIds}. */
    public Set<String> existingPaths(Collection<Long> repositoryIds, Collection<String> paths) {
        Set<String> found = new HashSet<>();
        if (repositoryIds.isEmpty() || paths.isEmpty()) {
            return found;
        }
        List<String> all = List.copyOf(new LinkedHashSet<>(paths));
        for (int from = 0; from < all.size(); from += IN_BATCH) {
            found.addAll(em.createQuery("select distinct m.path from MetadataEntry m where m.repositoryId in :repos "
                            + "and m.path in :paths", String.class)
                    .setParameter("repos", repositoryIds)
                    .setParameter("paths", all.subList(from, Math.min(all.size(), from + IN_BATCH)))
                    .getResultList());
        }
        return found;
    }

    /**
     * What {@link #saveFetched} did: the row as it is now, the blob key it pointed at before when it is still the
     * caller's to retire (empty when it was given its tombstone in the same transaction), and when
     * release times were recorded with it, every version the package now has recorded ({@code null}: none asked).
     */
    public record Saved(MetadataEntry entry, Optional<String> replacedKey, Map<String, Instant> versions,
                        Storage storage) {
    }

    /** How the repository's storage figures move with a save (the caller adds them, see {@code StatsDao#addStorage}). */
    public record Storage(long documents, long bytes) {
    }

    /**
     * Release times to record in the same transaction as the document they were read from.
     *
     * @param times version to release time ({@code null} values: listed without a time)
     */
    public record Releases(String packageName, Map<String, Instant> times) {
    }

    /** Records a copy just fetched from upstream under its (new) storage key, creating or updating the row. */
    public Saved saveFetched(long repositoryId, String path, String storageKey, long size, String sha256,
                             String contentType, String etag, String lastModified, Instant fetchedAt) {
        return saveFetched(repositoryId, path, storageKey, size, sha256, contentType, etag, lastModified, fetchedAt, null,
                null);
    }

    /**
     * Records a copy just fetched from upstream under its (new) storage key, creating or updating the row, and
     * ({@code releases} not {@code null}) the release times read from it, all in one transaction: a miss costs one
     * write. A concurrent writer (another server) recording one of the versions makes the whole transaction fail on
     * the unique key; the caller then saves the document alone.
     *
     * @param retireReplacedAfter when not {@code null}, the blob the row pointed at before gets a tombstone due then, in
     *                            this transaction (a reader may still be on it)
     */
    public Saved saveFetched(long repositoryId, String path, String storageKey, long size, String sha256,
                             String contentType, String etag, String lastModified, Instant fetchedAt, Releases releases,
                             Instant retireReplacedAfter) {
        Optional<MetadataEntry> existing = find(repositoryId, path);
        MetadataEntry entry = existing.orElseGet(() -> new MetadataEntry(repositoryId, path, storageKey));
        Optional<String> replaced = existing.map(MetadataEntry::getStorageKey).filter(k -> !k.equals(storageKey));
        Storage storage = new Storage(existing.isEmpty() ? 1 : 0, size - existing.map(MetadataEntry::getSize).orElse(0L));
        entry.refreshed(storageKey, size, sha256, contentType, etag, lastModified, fetchedAt);
        if (existing.isEmpty()) {
            em.persist(entry); // identity ids insert at once, so only a complete row is persisted
            em.flush(); // and the id is there for the caller with every provider
        }
        Map<String, Instant> versions = releases == null ? null
                : new ReleaseTimeDao(em).record(repositoryId, releases.packageName(), releases.times(), fetchedAt);
        if (replaced.isPresent() && retireReplacedAfter != null) {
            new CleanupDao(em).tombstone(replaced.get(), 0, retireReplacedAfter);
            replaced = Optional.empty();
        }
        return new Saved(entry, replaced, versions, storage);
    }

    /** The upstream answered 304: the copy is current as of {@code at}; the row as it is now (empty: it is gone). */
    public Optional<MetadataEntry> markRevalidated(long id, Instant at) {
        MetadataEntry e = em.find(MetadataEntry.class, id);
        if (e != null) {
            e.revalidated(at);
        }
        return Optional.ofNullable(e);
    }
}
