package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** Allow-list prefetch rules. */
@ApplicationScoped
@Transactional
public class PrefetchRuleDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public PrefetchRuleDao() {
        // for CDI
    }

    PrefetchRuleDao(EntityManager em) {
        this.em = em;
    }

    public List<PrefetchRule> of(long repositoryId) {
        return em.createQuery("select r from PrefetchRule r where r.repositoryId = :repo order by r.id", PrefetchRule.class)
                .setParameter("repo", repositoryId).getResultList();
    }

    public List<PrefetchRule> all() {
        return em.createQuery("select r from PrefetchRule r order by r.repositoryId, r.id", PrefetchRule.class)
                .getResultList();
    }

    public PrefetchRule add(PrefetchRule rule) {
        em.persist(rule);
        em.flush(); // ids are generated at the insert: Hibernate inserts at once, EclipseLink only when flushed
        return rule;
    }

    /** Deletes a rule of a repository; {@code false} when it has no such rule. */
    public boolean delete(long repositoryId, long ruleId) {
        return em.createQuery("delete from PrefetchRule r where r.id = :id and r.repositoryId = :repo")
                .setParameter("id", ruleId).setParameter("repo", repositoryId).executeUpdate() == 1;
    }

    /** Names of the packages a repository has cached (what a wildcard rule matches). */
    public List<String> knownPackages(long repositoryId) {
        return em.createQuery("select p.name from PackageEntry p where p.repository.id = :repo order by p.name", String.class)
                .setParameter("repo", repositoryId).getResultList();
    }
}
