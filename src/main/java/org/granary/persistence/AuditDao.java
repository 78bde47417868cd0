package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Appends and lists audit events. */
@ApplicationScoped
@Transactional
public class AuditDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public AuditDao() {
        // for CDI
    }

    AuditDao(EntityManager em) {
        this.em = em;
    }

    /** Records an event in its own transaction, so it stays even when the audited action fails. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void append(AuditEvent event) {
        em.persist(event);
    }

    /** Deletes every event older than {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) {
        return em.createQuery("delete from AuditEvent e where e.at < :cutoff").setParameter("cutoff", cutoff)
                .executeUpdate();
    }

    /** Newest first; every filter may be {@code null}. */
    public List<AuditEvent> find(String actor, String action, String outcome, Instant from, Instant to,
                                 int offset, int limit) {
        StringBuilder jpql = new StringBuilder("select e from AuditEvent e where 1 = 1");
        if (actor != null) {
            jpql.append(" and e.actor = :actor");
        }
        if (action != null) {
            jpql.append(" and e.action = :action");
        }
        if (outcome != null) {
            jpql.append(" and e.outcome = :outcome");
        }
        if (from != null) {
            jpql.append(" and e.at >= :from");
        }
        if (to != null) {
            jpql.append(" and e.at < :to");
        }
        jpql.append(" order by e.at desc, e.id desc");
        TypedQuery<AuditEvent> q = em.createQuery(jpql.toString(), AuditEvent.class);
        if (actor != null) {
            q.setParameter("actor", actor);
        }
        if (action != null) {
            q.setParameter("action", action);
        }
        if (outcome != null) {
            q.setParameter("outcome", outcome);
        }
        if (from != null) {
            q.setParameter("from", from);
        }
        if (to != null) {
            q.setParameter("to", to);
        }
        return q.setFirstResult(offset).setMaxResults(limit).getResultList();
    }
}
