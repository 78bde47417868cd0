package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and records the release times of versions, per repository and package. */
@ApplicationScoped
@Transactional
public class ReleaseTimeDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public ReleaseTimeDao() {
        // for CDI
    }

    ReleaseTimeDao(EntityManager em) {
        this.em = em;
    }

    /** Every version of {@code packageName} the repository has listed, with its release time ({@code null}: none known). */
    public Map<String, Instant> versions(long repositoryId, String packageName) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (ReleaseTimeEntry e : em.createQuery("select r from ReleaseTimeEntry r where r.repositoryId = :repo "
                        + "and r.packageName = :name order by r.id", ReleaseTimeEntry.class)
                .setParameter("repo", repositoryId).setParameter("name", packageName).getResultList()) {
            out.put(e.getVersion(), e.getReleasedAt());
        }
        return out;
    }

    /**
     * Records versions not recorded yet, and fills in the times of recorded versions that had none; a recorded time
     * is never changed. A concurrent writer (another server) recording the same version makes the transaction fail
     * on the unique key; the caller reads again and retries.
     *
     * @param times version to release time ({@code null} values: listed without a time)
     * @return every version of the package now recorded, with its time, as {@link #versions} would read it
     */
    public Map<String, Instant> record(long repositoryId, String packageName, Map<String, Instant> times, Instant seenAt) {
        Map<String, ReleaseTimeEntry> existing = new LinkedHashMap<>();
        for (ReleaseTimeEntry e : em.createQuery("select r from ReleaseTimeEntry r where r.repositoryId = :repo "
                        + "and r.packageName = :name order by r.id", ReleaseTimeEntry.class)
                .setParameter("repo", repositoryId).setParameter("name", packageName).getResultList()) {
            existing.put(e.getVersion(), e);
        }
        Map<String, Instant> now = new LinkedHashMap<>();
        existing.forEach((version, e) -> now.put(version, e.getReleasedAt()));
        for (Map.Entry<String, Instant> t : times.entrySet()) {
            ReleaseTimeEntry e = existing.get(t.getKey());
            if (e == null) {
                em.persist(new ReleaseTimeEntry(repositoryId, packageName, t.getKey(), t.getValue(), seenAt));
                now.put(t.getKey(), t.getValue());
            } else if (t.getValue() != null) {
                e.learnt(t.getValue());
                now.put(t.getKey(), e.getReleasedAt());
            }
        }
        return now;
    }

    /** Versions of the repository released after {@code after}, newest first. */
    public List<ReleaseTimeEntry> releasedAfter(long repositoryId, Instant after, int limit) {
        return em.createQuery("select r from ReleaseTimeEntry r where r.repositoryId = :repo and r.releasedAt > :after "
                        + "order by r.releasedAt desc", ReleaseTimeEntry.class)
                .setParameter("repo", repositoryId).setParameter("after", after).setMaxResults(limit).getResultList();
    }

    /** Versions of the repository listed without a release time. */
    public List<ReleaseTimeEntry> withoutTime(long repositoryId, int limit) {
        return em.createQuery("select r from ReleaseTimeEntry r where r.repositoryId = :repo and r.releasedAt is null "
                        + "order by r.packageName, r.id", ReleaseTimeEntry.class)
                .setParameter("repo", repositoryId).setMaxResults(limit).getResultList();
    }

    /** Versions of packages whose name is {@code like} (SQL {@code LIKE}, {@code \} escaping). */
    public List<ReleaseTimeEntry> named(long repositoryId, String like, int limit) {
        return em.createQuery("select r from ReleaseTimeEntry r where r.repositoryId = :repo "
                        + "and lower(r.packageName) like lower(:like) escape '\\' order by r.packageName, r.id", ReleaseTimeEntry.class)
                .setParameter("repo", repositoryId).setParameter("like", like).setMaxResults(limit).getResultList();
    }
}
