package org.granary.core;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.JobDao;
import org.granary.persistence.JobLease;
import org.granary.persistence.LeaseDao;

/**
 * Who runs a job when several Granary servers share one database: a lease row per job, taken with one conditional
 * UPDATE (free or expired, and, for a scheduled run, due), held for {@link Setting#JOB_LEASE_TIME} and renewed while
 * the job works. A server that dies stops renewing; once its lease has expired another server takes the job over, and
 * the dead server's run is marked abandoned.
 */
@ApplicationScoped
public class JobLeases {

    private static final Logger LOG = Logger.getLogger(JobLeases.class.getName());

    @Inject
    LeaseDao dao;
    @Inject
    JobDao runs;
    @Inject
    Clock clock;
    @Inject
    GranaryConfig config;

    private String holder;
    private Duration leaseTime;

    public JobLeases() {
        // for CDI
    }

    /** A lease service of one server named {@code holder} (tests run two in one JVM). */
    JobLeases(LeaseDao dao, JobDao runs, Clock clock, String holder, Duration leaseTime) {
        this.dao = dao;
        this.runs = runs;
        this.clock = clock;
        this.holder = holder;
        this.leaseTime = leaseTime;
    }

    @PostConstruct
    void init() {
        if (holder == null) {
            holder = ServerName.ofThisServer();
        }
        if (leaseTime == null) {
            leaseTime = config.duration(Setting.JOB_LEASE_TIME);
        }
    }

    /** This server's name in lease rows and run history. */
    public String holder() {
        return holder;
    }

    /**
     * Takes {@code job}'s lease if it is free (or expired) and, with an {@code interval}, the job is due (it last
     * started at least {@code interval} ago, or never).
     */
    public Optional<Lease> acquire(String job, Duration interval) {
        return take(job, interval, true);
    }

    /**
     * Takes {@code job}'s lease if it is free (or expired) for a run of part of the job that someone asked for (one
     * repository): the job's last start, and so its schedule, stays as it was.
     */
    public Optional<Lease> acquirePart(String job) {
        return take(job, null, false);
    }

    private Optional<Lease> take(String job, Duration interval, boolean start) {
        try {
            dao.ensure(job);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Another server created the lease row of " + job + " first", e);
        }
        Instant now = clock.instant();
        Optional<JobLease> before = dao.find(job);
        boolean taken = start ? dao.acquire(job, holder, now, now.plus(leaseTime), interval == null ? null : now.minus(interval))
                : dao.acquireLeavingStart(job, holder, now, now.plus(leaseTime));
        if (!taken) {
            return Optional.empty();
        }
        before.filter(l -> l.getHolder() != null && l.getRunId() != null).ifPresent(l -> {
            LOG.warning(() -> "Job " + job + " of " + l.getHolder() + " expired at " + l.getExpiresAt() + "; " + holder
                    + " takes it over");
            runs.abandon(l.getRunId(), now);
        });
        return Optional.of(new Lease(job, now));
    }

    /** The lease row of a job (who holds it, until when, when it last started). */
    public Optional<JobLease> state(String job) {
        return dao.find(job);
    }

    /** A held lease; renew it while working, close it when done. */
    public final class Lease implements AutoCloseable {
        private final String job;
        private Instant renewed;
        private boolean lost;

        private Lease(String job, Instant at) {
            this.job = job;
            this.renewed = at;
        }

        public String job() {
            return job;
        }

        public void attach(long runId) {
            dao.attachRun(job, holder, runId);
        }

        /**
         * Extends the lease when a third of it has passed; returns {@code false} (and keeps returning it) once the
         * lease was lost (it expired and another server may have taken the job).
         */
        public boolean renew() {
            Instant now = clock.instant();
            if (lost || now.isBefore(renewed.plus(leaseTime.dividedBy(3)))) {
                return !lost;
            }
            if (dao.renew(job, holder, now, now.plus(leaseTime))) {
                renewed = now;
            } else {
                lost = true;
                LOG.warning(() -> "Lost the lease of job " + job + "; stopping");
            }
            return !lost;
        }

        @Override
        public void close() {
            if (!lost) {
                dao.release(job, holder);
            }
        }
    }
}
