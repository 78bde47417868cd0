package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * Job leases: one row per job, taken with ONE conditional UPDATE (free or expired, and due), so that of several
 * servers sharing the database exactly one gets it; the database's row lock decides, not a read before the write.
 */
@ApplicationScoped
@Transactional
public class LeaseDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public LeaseDao() {
        // for CDI
    }

    LeaseDao(EntityManager em) {
        this.em = em;
    }

    /** Creates the job's row when it does not exist yet (a concurrent insert by another server may fail this call). */
    public void ensure(String job) {
        if (em.find(JobLease.class, job) == null) {
            em.persist(new JobLease(job));
        }
    }

    public Optional<JobLease> find(String job) {
        return Optional.ofNullable(em.find(JobLease.class, job));
    }

    /**
     * Takes the lease when it is free or expired at {@code now} and, with {@code startedNoLaterThan}, when the job last
     * started no later than that (it is due); records {@code now} as its start.
     *
     * @return whether this holder has it now
     */
    public boolean acquire(String job, String holder, Instant now, Instant expiresAt, Instant startedNoLaterThan) {
        String due = startedNoLaterThan == null ? "" : " and (l.lastStartedAt is null or l.lastStartedAt <= :due)";
        var update = em.createQuery("update JobLease l set l.holder = :holder, l.expiresAt = :expires, "
                        + "l.lastStartedAt = :now, l.runId = null "
                        + "where l.job = :job and (l.expiresAt is null or l.expiresAt <= :now)" + due)
                .setParameter("holder", holder).setParameter("expires", expiresAt).setParameter("now", now)
                .setParameter("job", job);
        if (startedNoLaterThan != null) {
            update.setParameter("due", startedNoLaterThan);
        }
        return update.executeUpdate() == 1;
    }

    /** Takes the lease when it is free or expired at {@code now}, leaving the job's last start as it was. */
    public boolean acquireLeavingStart(String job, String holder, Instant now, Instant expiresAt) {
        return em.createQuery("update JobLease l set l.holder = :holder, l.expiresAt = :expires, l.runId = null "
                        + "where l.job = :job and (l.expiresAt is null or l.expiresAt <= :now)")
                .setParameter("holder", holder).setParameter("expires", expiresAt).setParameter("now", now)
                .setParameter("job", job).executeUpdate() == 1;
    }

    /** Notes the run the holder is doing under the lease. */
    public void attachRun(String job, String holder, long runId) {
        em.createQuery("update JobLease l set l.runId = :run where l.job = :job and l.holder = :holder")
                .setParameter("run", runId).setParameter("job", job).setParameter("holder", holder).executeUpdate();
    }

    /** Extends a lease still held by {@code holder} (and not expired); {@code false} when it was lost. */
    public boolean renew(String job, String holder, Instant now, Instant expiresAt) {
        return em.createQuery("update JobLease l set l.expiresAt = :expires where l.job = :job and l.holder = :holder "
                        + "and l.expiresAt > :now")
                .setParameter("expires", expiresAt).setParameter("job", job).setParameter("holder", holder)
                .setParameter("now", now).executeUpdate() == 1;
    }

    /** Gives a lease back (only its holder can). */
    public void release(String job, String holder) {
        em.createQuery("update JobLease l set l.holder = null, l.expiresAt = null, l.runId = null "
                        + "where l.job = :job and l.holder = :holder")
                .setParameter("job", job).setParameter("holder", holder).executeUpdate();
    }
}
