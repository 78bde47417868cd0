package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * Fetch leases: the server that inserts an artifact's row holds it (the primary key lets exactly one insert win,
 * whatever the number of servers); a row past its expiry is taken over with ONE conditional UPDATE; the holder deletes
 * it when its fetch is over.
 */
@ApplicationScoped
@Transactional
public class FetchLeaseDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public FetchLeaseDao() {
        // for CDI
    }

    FetchLeaseDao(EntityManager em) {
        this.em = em;
    }

    public Optional<FetchLease> find(String key) {
        return Optional.ofNullable(em.find(FetchLease.class, key));
    }

    /**
     * Inserts the lease row, in a transaction of its own (a losing insert must not spoil a caller's transaction).
     * Throws when another server's row is there (a concurrent insert loses on the primary key).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void insert(String key, long repositoryId, String holder, Instant expiresAt) {
        em.persist(new FetchLease(key, repositoryId, holder, expiresAt));
        em.flush();
    }

    /** Takes over a lease that expired at {@code now} (its holder died); {@code true} when this holder has it now. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean takeExpired(String key, String holder, Instant now, Instant expiresAt) {
        return em.createQuery("update FetchLease l set l.holder = :holder, l.expiresAt = :expires "
                        + "where l.key = :key and l.expiresAt <= :now")
                .setParameter("holder", holder).setParameter("expires", expiresAt).setParameter("key", key)
                .setParameter("now", now).executeUpdate() == 1;
    }

    /** Gives the lease back (only its holder can). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String key, String holder) {
        em.createQuery("delete from FetchLease l where l.key = :key and l.holder = :holder")
                .setParameter("key", key).setParameter("holder", holder).executeUpdate();
    }
}
