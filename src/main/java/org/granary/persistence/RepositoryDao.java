package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Reads and writes repositories. */
@ApplicationScoped
@Transactional
public class RepositoryDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public RepositoryDao() {
        // for CDI
    }

    RepositoryDao(EntityManager em) {
        this.em = em;
    }

    /** Every repository with its members loaded, ordered by name. */
    public List<Repository> findAll() {
        return em.createQuery("select distinct r from Repository r left join fetch r.members order by r.name",
                Repository.class).getResultList();
    }

    public Optional<Repository> findByName(String name) {
        return em.createQuery("select r from Repository r left join fetch r.members where r.name = :name",
                        Repository.class)
                .setParameter("name", name)
                .getResultStream().findFirst();
    }

    public Repository create(Repository repository) {
        em.persist(repository);
        em.flush(); // the generated id, now: EclipseLink assigns it at the insert, which it otherwise defers to commit
        em.persist(new RepositoryStats(repository.getId()));
        return repository;
    }

    /** Makes {@code group}'s members exactly {@code memberNames}, in that order. */
    public void setMembers(String group, List<String> memberNames) {
        Repository g = findByName(group).orElseThrow(() -> new IllegalArgumentException("no repository " + group));
        g.getMembers().clear();
        for (String m : memberNames) {
            g.getMembers().add(findByName(m).orElseThrow(() -> new IllegalArgumentException("no repository " + m)));
        }
    }

    public Repository update(Repository repository) {
        return em.merge(repository);
    }

    /** Groups that list the repository as a member. */
    public List<Repository> groupsContaining(long repositoryId) {
        return em.createQuery("select g from Repository g join g.members m where m.id = :id", Repository.class)
                .setParameter("id", repositoryId).getResultList();
    }

    /**
     * Deletes a repository with everything it holds, and gives every blob it held a tombstone due at
     * {@code blobsDeleteAfter} (the cleanup job then deletes them from the store), in one transaction.
     */
    public void delete(long repositoryId, java.time.Instant blobsDeleteAfter) {
        new CleanupDao(em).tombstoneRepository(repositoryId, blobsDeleteAfter);
        delete(repositoryId);
    }

    public void delete(long repositoryId) {
        Repository r = em.find(Repository.class, repositoryId);
        if (r != null) {
            r.getMembers().clear();
            em.flush();
            em.createNativeQuery("delete from repository where id = ?").setParameter(1, repositoryId).executeUpdate();
        }
    }

    public void updateUpstream(String name, String upstreamUrl) {
        findByName(name).ifPresent(r -> r.setUpstreamUrl(upstreamUrl));
    }
}
