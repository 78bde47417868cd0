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

    /**
     * What the admin console's audit page filters by; every field may be {@code null}. {@code target} matches the
     * target itself and everything below it ({@code npm-hosted} also finds {@code npm-hosted/left-pad@1.0.0}).
     */
    public record Filter(String actor, String action, String target, String outcome, Instant from, Instant to) {
    }

    /** A page of events matching {@code filter}, newest first. */
    public List<AuditEvent> search(Filter filter, int offset, int limit) {
        TypedQuery<AuditEvent> q = em.createQuery("select e from AuditEvent e" + where(filter)
                + " order by e.at desc, e.id desc", AuditEvent.class);
        bind(q, filter);
        return q.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** How many events match {@code filter}. */
    public long count(Filter filter) {
        TypedQuery<Long> q = em.createQuery("select count(e) from AuditEvent e" + where(filter), Long.class);
        bind(q, filter);
        return q.getSingleResult();
    }

    /** The actions the log holds, for a filter's choices. */
    public List<String> actions() {
        return em.createQuery("select distinct e.action from AuditEvent e order by e.action", String.class).getResultList();
    }

    private static String where(Filter f) {
        StringBuilder w = new StringBuilder(" where 1 = 1");
        if (f.actor() != null) {
            w.append(" and e.actor = :actor");
        }
        if (f.action() != null) {
            w.append(" and e.action = :action");
        }
        if (f.target() != null) {
            w.append(" and (e.target = :target or e.target like :below escape '!')");
        }
        if (f.outcome() != null) {
            w.append(" and e.outcome = :outcome");
        }
        if (f.from() != null) {
            w.append(" and e.at >= :from");
        }
        if (f.to() != null) {
            w.append(" and e.at < :to");
        }
        return w.toString();
    }

    private static void bind(TypedQuery<?> q, Filter f) {
        if (f.actor() != null) {
            q.setParameter("actor", f.actor());
        }
        if (f.action() != null) {
            q.setParameter("action", f.action());
        }
        if (f.target() != null) {
            q.setParameter("target", f.target());
            q.setParameter("below", f.target().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%");
        }
        if (f.outcome() != null) {
            q.setParameter("outcome", f.outcome());
        }
        if (f.from() != null) {
            q.setParameter("from", f.from());
        }
        if (f.to() != null) {
            q.setParameter("to", f.to());
        }
    }
}
