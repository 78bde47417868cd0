package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Job runs and their items. */
@ApplicationScoped
@Transactional
public class JobDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public JobDao() {
        // for CDI
    }

    JobDao(EntityManager em) {
        this.em = em;
    }

    /** An item of a run, as it is recorded. */
    public record Item(String item, String outcome, long bytes, String reason) {
    }

    public JobRun start(String job, String repository, String trigger, String holder, boolean dryRun, Instant at) {
        JobRun run = new JobRun(job, repository, trigger, holder, dryRun, at);
        em.persist(run);
        em.flush(); // ids are generated at the insert: Hibernate inserts at once, EclipseLink only when flushed
        return run;
    }

    /** Adds items to a run and sets its counts. */
    public void record(long runId, List<Item> items, long done, long skipped, long failed, long bytes) {
        for (Item i : items) {
            em.persist(new JobRunItem(runId, i.item(), i.outcome(), i.bytes(), i.reason()));
        }
        JobRun run = em.find(JobRun.class, runId);
        if (run != null) {
            run.progress(done, skipped, failed, bytes);
        }
    }

    public void finish(long runId, String status, Instant at, String summary) {
        JobRun run = em.find(JobRun.class, runId);
        if (run != null) {
            run.finish(status, at, summary);
        }
    }

    /** Marks a run whose server stopped holding its lease as abandoned (if it still says running). */
    public void abandon(long runId, Instant at) {
        JobRun run = em.find(JobRun.class, runId);
        if (run != null && "running".equals(run.getStatus())) {
            run.finish("abandoned", at, "its server stopped renewing the lease; another server took the job over");
        }
    }

    public Optional<JobRun> find(long runId) {
        return Optional.ofNullable(em.find(JobRun.class, runId));
    }

    public List<JobRunItem> items(long runId, int limit) {
        return em.createQuery("select i from JobRunItem i where i.runId = :run order by i.id", JobRunItem.class)
                .setParameter("run", runId).setMaxResults(limit).getResultList();
    }

    /**
     * The newest runs of a job (every job when {@code job} is null), newest first: in the order they were started
     * (ids), whatever the clock said then (a clock set back, or a test moving it, must not reorder the history).
     */
    public List<JobRun> recent(String job, int limit) {
        return (job == null
                ? em.createQuery("select r from JobRun r order by r.id desc", JobRun.class)
                : em.createQuery("select r from JobRun r where r.job = :job order by r.id desc",
                JobRun.class).setParameter("job", job))
                .setMaxResults(limit).getResultList();
    }

    /** Deletes runs that started before {@code before} and are over (their items go with them); returns how many. */
    public int purgeStartedBefore(Instant before) {
        List<Long> ids = em.createQuery("select r.id from JobRun r where r.startedAt < :before and r.status <> 'running'",
                Long.class).setParameter("before", before).getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        em.createQuery("delete from JobRunItem i where i.runId in :ids").setParameter("ids", ids).executeUpdate();
        return em.createQuery("delete from JobRun r where r.id in :ids").setParameter("ids", ids).executeUpdate();
    }
}
