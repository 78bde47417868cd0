package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Commits a publication in one database transaction: the artifact's row (replacing an earlier one when the
 * artifact may be replaced) and the new versions of the documents that list it. The bytes are already stored
 * under fresh keys, so until this commits no reader sees any of it, and after it commits readers see all of it.
 */
@ApplicationScoped
@Transactional
public class PublicationDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public PublicationDao() {
        // for CDI
    }

    PublicationDao(EntityManager em) {
        this.em = em;
    }

    /**
     * A new version of a document.
     *
     * @param previousSha256 the hash of the version the change was computed from, {@code null} when the document
     *                       did not exist; the commit fails with {@link StaleDocumentException} if that is no longer
     *                       the current version (another writer, perhaps on another server, came first)
     */
    public record DocumentWrite(long repositoryId, String path, String storageKey, long size, String sha256,
                                String contentType, String previousSha256, Instant at) {
    }

    /**
     * An artifact to record.
     *
     * @param replacing the id of the artifact row it replaces (a snapshot re-deploy), if any
     */
    public record ArtifactWrite(NewArtifact artifact, Optional<Long> replacing) {
    }

    /** An artifact row to remove with the commit (a file only a deleted version used). */
    public record Removal(long repositoryId, String path) {
    }

    /**
     * A document to remove with the commit (a hosted package deleted as a whole).
     *
     * @param previousSha256 the hash of the version the removal was decided on; the commit fails with
     *                       {@link StaleDocumentException} if that is no longer the current version
     */
    public record DocumentRemoval(long repositoryId, String path, String previousSha256) {
    }

    /** What was committed: the artifact rows, and the blob keys no row points at any more. */
    public record Committed(List<ArtifactEntry> artifacts, List<String> replacedKeys) {
    }

    /**
     * @param artifacts the artifacts to record
     * @param documents document versions to switch to
     * @throws StaleDocumentException when a document changed since it was read
     */
    public Committed commit(List<ArtifactWrite> artifacts, List<DocumentWrite> documents) {
        return commit(artifacts, documents, List.of());
    }

    /**
     * As {@link #commit(List, List)}, also removing the artifact rows at {@code removedPaths} of the documents'
     * repository (their blob keys are returned with the replaced ones, to delete once committed).
     */
    public Committed commit(List<ArtifactWrite> artifacts, List<DocumentWrite> documents, List<Removal> removedPaths) {
        return commit(artifacts, documents, removedPaths, List.of());
    }

    /**
     * As {@link #commit(List, List, List)}, also removing the documents {@code removedDocuments} names (their blob keys
     * are returned with the replaced ones).
     */
    public Committed commit(List<ArtifactWrite> artifacts, List<DocumentWrite> documents, List<Removal> removedPaths,
                            List<DocumentRemoval> removedDocuments) {
        List<String> replaced = new ArrayList<>();
        for (DocumentRemoval d : removedDocuments) {
            MetadataEntry current = em.createQuery("select m from MetadataEntry m where m.repositoryId = :repo "
                            + "and m.path = :path", MetadataEntry.class)
                    .setParameter("repo", d.repositoryId()).setParameter("path", d.path())
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultStream().findFirst()
                    .orElseThrow(() -> new StaleDocumentException(d.path()));
            if (!Objects.equals(current.getSha256(), d.previousSha256())) {
                throw new StaleDocumentException(d.path());
            }
            replaced.add(current.getStorageKey());
            em.remove(current);
        }
        for (Removal r : removedPaths) {
            new ArtifactDao(em).find(r.repositoryId(), r.path()).ifPresent(old -> {
                replaced.add(old.getStorageKey());
                em.remove(em.contains(old) ? old : em.merge(old));
                new StatsDao(em).addStorage(old.getRepositoryId(), -1, -old.getSize(), 0, 0);
            });
        }
        for (DocumentWrite d : documents) {
            Optional<MetadataEntry> current = em.createQuery("select m from MetadataEntry m where m.repositoryId = :repo "
                            + "and m.path = :path", MetadataEntry.class)
                    .setParameter("repo", d.repositoryId()).setParameter("path", d.path())
                    // locked until this commits: a concurrent writer (another server) that read the same version
                    // waits here and then sees it changed, instead of overwriting this change after its check passed
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultStream().findFirst();
            String currentSha = current.map(MetadataEntry::getSha256).orElse(null);
            if (!Objects.equals(currentSha, d.previousSha256())) {
                throw new StaleDocumentException(d.path());
            }
            MetadataEntry entry = current.orElseGet(() -> new MetadataEntry(d.repositoryId(), d.path(), d.storageKey()));
            new StatsDao(em).addStorage(d.repositoryId(), 0, 0, current.isEmpty() ? 1 : 0,
                    d.size() - current.map(MetadataEntry::getSize).orElse(0L));
            current.map(MetadataEntry::getStorageKey).filter(k -> !k.equals(d.storageKey())).ifPresent(replaced::add);
            entry.refreshed(d.storageKey(), d.size(), d.sha256(), d.contentType(), "\"" + d.sha256() + "\"", null, d.at());
            if (current.isEmpty()) {
                em.persist(entry);
            }
        }
        List<ArtifactEntry> recorded = new ArrayList<>();
        ArtifactDao dao = new ArtifactDao(em);
        for (ArtifactWrite a : artifacts) {
            a.replacing().ifPresent(id -> {
                ArtifactEntry old = em.find(ArtifactEntry.class, id);
                if (old != null) {
                    replaced.add(old.getStorageKey());
                    em.remove(old);
                    new StatsDao(em).addStorage(old.getRepositoryId(), -1, -old.getSize(), 0, 0);
                    em.flush(); // the unique (repository, path) must be free before the new row goes in
                }
            });
            recorded.add(dao.record(a.artifact()));
        }
        em.flush();
        recorded.forEach(a -> replaced.remove(a.getStorageKey()));
        return new Committed(List.copyOf(recorded), List.copyOf(replaced));
    }
}
