package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and writes artifacts, with the package and version rows they belong to. */
@ApplicationScoped
@Transactional
public class ArtifactDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public ArtifactDao() {
        // for CDI
    }

    ArtifactDao(EntityManager em) {
        this.em = em;
    }

    public Optional<ArtifactEntry> find(long repositoryId, String path) {
        return em.createQuery("select a from ArtifactEntry a where a.repositoryId = :repo and a.path = :path",
                        ArtifactEntry.class)
                .setParameter("repo", repositoryId)
                .setParameter("path", path)
                .getResultStream().findFirst();
    }

    /**
     * The artifacts of one version of a package in a repository, in path order (a hosted version's files: what a
     * delete of the version removes).
     */
    public List<ArtifactEntry> ofVersion(long repositoryId, String packageName, String version) {
        return em.createQuery("select a from ArtifactEntry a where a.repositoryId = :repo and a.version.version = :version "
                        + "and a.version.pkg.name = :name order by a.path", ArtifactEntry.class)
                .setParameter("repo", repositoryId)
                .setParameter("name", packageName)
                .setParameter("version", version)
                .getResultList();
    }

    /** Records a stored artifact, creating its package and version rows as needed. */
    public ArtifactEntry record(NewArtifact a) {
        VersionEntry version = null;
        if (a.packageName() != null) {
            PackageEntry pkg = findOrCreatePackage(a);
            if (a.version() != null) {
                version = findOrCreateVersion(pkg, a);
            }
        }
        ArtifactEntry entry = new ArtifactEntry(a.repositoryId(), version, a.path(), a.storageKey(), a.size(),
                a.sha1(), a.sha256(), a.sha512(), a.contentType(), a.upstreamUrl(), a.fetchedAt());
        entry.setPublishedBy(a.publishedBy());
        em.persist(entry);
        em.flush(); // ids are generated at the insert: Hibernate inserts at once, EclipseLink only when flushed
        new StatsDao(em).addStorage(a.repositoryId(), 1, a.size(), 0, 0);
        return entry;
    }

    public void delete(long artifactId) {
        ArtifactEntry e = em.find(ArtifactEntry.class, artifactId);
        if (e != null) {
            em.remove(e);
            new StatsDao(em).addStorage(e.getRepositoryId(), -1, -e.getSize(), 0, 0);
        }
    }

    /**
     * Adds hits counted in memory since the last flush. The hits always count; the last access only moves
     * forward (a flush with an older or equal timestamp, from another node or a fixed clock, keeps the newer one).
     */
    public void addHits(long artifactId, long hits, Instant lastAccessedAt) {
        em.createQuery("update ArtifactEntry a set a.hitCount = a.hitCount + :hits where a.id = :id")
                .setParameter("hits", hits)
                .setParameter("id", artifactId)
                .executeUpdate();
        // Two statements, not one with the time inside a CASE: EclipseLink writes CASE parameters into the SQL as
        // text, which no database reads as a timestamp. Both run in the caller's transaction.
        em.createQuery("update ArtifactEntry a set a.lastAccessedAt = :at "
                        + "where a.id = :id and (a.lastAccessedAt is null or a.lastAccessedAt < :at)")
                .setParameter("at", lastAccessedAt)
                .setParameter("id", artifactId)
                .executeUpdate();
    }

    /** Bytes held by a repository's artifacts. */
    public long bytesUsed(long repositoryId) {
        Long sum = em.createQuery("select sum(a.size) from ArtifactEntry a where a.repositoryId = :repo", Long.class)
                .setParameter("repo", repositoryId).getSingleResult();
        return sum == null ? 0 : sum;
    }

    public Optional<VersionEntry> findVersion(long repositoryId, String packageName, String version) {
        // no alias on a fetch join: WildFly's Hibernate runs with JPA compliance and refuses one
        return em.createQuery("select v from VersionEntry v where v.pkg.repository.id = :repo "
                        + "and v.pkg.name = :name and v.version = :version", VersionEntry.class)
                .setParameter("repo", repositoryId)
                .setParameter("name", packageName)
                .setParameter("version", version)
                .getResultStream().findFirst();
    }

    private PackageEntry findOrCreatePackage(NewArtifact a) {
        return em.createQuery("select p from PackageEntry p where p.repository.id = :repo and p.name = :name",
                        PackageEntry.class)
                .setParameter("repo", a.repositoryId())
                .setParameter("name", a.packageName())
                .getResultStream().findFirst()
                .orElseGet(() -> {
                    PackageEntry p = new PackageEntry(em.getReference(Repository.class, a.repositoryId()),
                            a.packageName(), a.packagePurl(), a.fetchedAt());
                    em.persist(p);
                    return p;
                });
    }

    private VersionEntry findOrCreateVersion(PackageEntry pkg, NewArtifact a) {
        return em.createQuery("select v from VersionEntry v where v.pkg = :pkg and v.version = :version",
                        VersionEntry.class)
                .setParameter("pkg", pkg)
                .setParameter("version", a.version())
                .getResultStream().findFirst()
                .orElseGet(() -> {
                    VersionEntry v = new VersionEntry(pkg, a.version(), a.versionPurl(), a.releasedAt(), a.fetchedAt());
                    em.persist(v);
                    return v;
                });
    }
}
