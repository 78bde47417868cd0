package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and writes repositories' supply-chain policies and their rules. */
@ApplicationScoped
@Transactional
public class GuardDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public GuardDao() {
        // for CDI
    }

    GuardDao(EntityManager em) {
        this.em = em;
    }

    public List<GuardPolicyEntry> policies() {
        return em.createQuery("select p from GuardPolicyEntry p", GuardPolicyEntry.class).getResultList();
    }

    public List<GuardRuleEntry> rules() {
        return em.createQuery("select r from GuardRuleEntry r order by r.id", GuardRuleEntry.class).getResultList();
    }

    public Optional<GuardPolicyEntry> policy(long repositoryId) {
        return Optional.ofNullable(em.find(GuardPolicyEntry.class, repositoryId));
    }

    /** Creates or replaces the policy of a repository. */
    public GuardPolicyEntry savePolicy(long repositoryId, long minimumReleaseAgeSeconds, String missingReleaseTime,
                                       boolean breakGlass, Instant breakGlassUntil, Instant at) {
        GuardPolicyEntry p = em.find(GuardPolicyEntry.class, repositoryId);
        if (p == null) {
            p = new GuardPolicyEntry(repositoryId, at);
            p.set(minimumReleaseAgeSeconds, missingReleaseTime, breakGlass, breakGlassUntil, at);
            em.persist(p);
        } else {
            p.set(minimumReleaseAgeSeconds, missingReleaseTime, breakGlass, breakGlassUntil, at);
        }
        return p;
    }

    public GuardRuleEntry addRule(GuardRuleEntry rule) {
        em.persist(rule);
        return rule;
    }

    /** Removes a rule of {@code repositoryId}; whether there was one. */
    public boolean removeRule(long repositoryId, long ruleId) {
        GuardRuleEntry r = em.find(GuardRuleEntry.class, ruleId);
        if (r == null || r.getRepositoryId() != repositoryId) {
            return false;
        }
        em.remove(r);
        return true;
    }
}
