package org.granary.core;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.JobDao;
import org.granary.persistence.JobLease;
import org.granary.persistence.JobRun;

/**
 * The scheduled jobs and their run history. A timer calls {@link #tick()} every minute on every server; a job that is
 * due runs on the one server whose conditional UPDATE takes its lease ({@link JobLeases}). A job may be a format's
 * ({@link FormatJob}: the WinGet mirror); a run of one repository's part of it ({@link #runPart}) takes the same lease. Runs, scheduled or asked
 * for, are recorded with their counts and what they did per item, and kept for {@link Setting#JOB_HISTORY_RETENTION}.
 */
@ApplicationScoped
public class Jobs {

    private static final Logger LOG = Logger.getLogger(Jobs.class.getName());
    /** Most items recorded per run (counts and bytes stay complete). */
    static final int MAX_RECORDED_ITEMS = 10_000;
    private static final int FLUSH_EVERY = 200;

    /** The jobs there are. */
    public enum Job {
        CLEANUP(Setting.JOB_CLEANUP_INTERVAL, "applies every repository's cleanup policy, collects orphans and "
                + "leftovers, deletes blobs whose grace has passed, trims the run history"),
        PREFETCH(Setting.JOB_PREFETCH_INTERVAL, "fetches what the allow-list rules of every proxy repository name"),
        WINGET_MIRROR(Setting.WINGET_MIRROR_INTERVAL, "copies what the mirror allow-list of every hosted WinGet "
                + "repository names from its source, with the installers");

        private final Setting interval;
        private final String description;

        Job(Setting interval, String description) {
            this.interval = interval;
            this.description = description;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String description() {
            return description;
        }

        public static Job of(String id) {
            return Arrays.stream(values()).filter(j -> j.id().equals(id)).findFirst()
                    .orElseThrow(() -> new NotFoundException("there is no job named '" + id + "'; the jobs are "
                            + String.join(", ", Arrays.stream(values()).map(Job::id).toList())));
        }
    }

    /** A job as {@code GET api/jobs} shows it. */
    public record JobState(Job job, Duration interval, Optional<JobRun> lastRun, Optional<Instant> nextRun,
                           Optional<String> runningOn) {
    }

    @Inject
    JobLeases leases;
    @Inject
    JobDao runs;
    @Inject
    Cleanup cleanup;
    @Inject
    Prefetch prefetch;
    @Inject
    RepositoryRegistry registry;
    @Inject
    Clock clock;
    @Inject
    GranaryConfig config;
    @Inject
    Instance<FormatJob> formatJobBeans;
    @Resource
    ManagedExecutorService managedExecutor;

    Executor executor;
    /** The jobs formats do (tests set them). */
    List<FormatJob> formatJobs;

    @PostConstruct
    void init() {
        if (executor == null) {
            executor = managedExecutor;
        }
        if (formatJobs == null) {
            formatJobs = formatJobBeans.stream().toList();
        }
    }

    private FormatJob formatJob(Job job) {
        return formatJobs.stream().filter(f -> f.job() == job).findFirst()
                .orElseThrow(() -> new IllegalStateException("nothing does job " + job.id()));
    }

    public Duration interval(Job job) {
        return config.duration(job.interval);
    }

    /** Starts every job that is due and whose lease this server gets. Called by the timer every minute. */
    public void tick() {
        for (Job job : Job.values()) {
            Duration interval = interval(job);
            if (interval.isZero()) {
                continue;
            }
            try {
                leases.acquire(job.id(), interval).ifPresent(lease -> executor.execute(() -> run(job, lease, "schedule")));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not start job " + job.id(), e);
            }
        }
    }

    /**
     * Starts {@code job} now on this server (not waiting for its schedule); returns the run's id.
     *
     * @throws ConflictException when it is running already (here or on another server)
     */
    public long runNow(Job job) {
        JobLeases.Lease lease = leases.acquire(job.id(), null).orElseThrow(() -> busy(job));
        JobRun run = runs.start(job.id(), null, "request", leases.holder(), false, clock.instant());
        lease.attach(run.getId());
        executor.execute(() -> work(job, lease, run.getId()));
        return run.getId();
    }

    private ConflictException busy(Job job) {
        String holder = leases.state(job.id()).map(JobLease::getHolder).orElse("another server");
        return new ConflictException("job " + job.id() + " is running already (on " + holder + "); try again when it "
                + "has finished");
    }

    /** Runs {@code job} under {@code lease} and records it; returns the run's id. */
    long run(Job job, JobLeases.Lease lease, String trigger) {
        JobRun run = runs.start(job.id(), null, trigger, leases.holder(), false, clock.instant());
        lease.attach(run.getId());
        work(job, lease, run.getId());
        return run.getId();
    }

    private void work(Job job, JobLeases.Lease lease, long runId) {
        Recorder rec = new Recorder(runId);
        try (lease) {
            switch (job) {
                case CLEANUP -> cleanAll(rec, lease::renew);
                case PREFETCH -> prefetchAll(rec, lease::renew);
                default -> formatJob(job).runAll(rec, lease::renew);
            }
            rec.finish(lease.renew() ? "succeeded" : "failed", rec.summary());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Job " + job.id() + " failed", e);
            rec.finish("failed", e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    private void cleanAll(Recorder rec, BooleanSupplier keepGoing) {
        for (RepositoryInfo repo : registry.all()) {
            if (!keepGoing.getAsBoolean()) {
                rec.note("stopped: the lease was lost");
                return;
            }
            try {
                record(rec, repo.name() + "/", cleanup.run(repo, false));
            } catch (GranaryException e) {
                rec.add(repo.name(), "failed", 0, e.getMessage());
            }
        }
        Cleanup.Housekeeping h = cleanup.housekeeping();
        int purged = runs.purgeStartedBefore(clock.instant().minus(config.duration(Setting.JOB_HISTORY_RETENTION)));
        rec.note(h.blobsDeleted() + " blobs past their grace deleted (" + h.blobBytesDeleted() + " bytes), "
                + h.spoolFiles() + " spool leftovers, " + h.temporaryFiles() + " temporary files, " + purged
                + " old runs forgotten");
    }

    /** Adds a cleanup report's removals to a run. */
    void record(Recorder rec, String prefix, Cleanup.Report report) {
        for (Cleanup.Removal r : report.removals()) {
            rec.add(prefix + r.item(), r.kind().id(), r.bytes(), null);
        }
        rec.unlisted(report.count() - report.removals().size(),
                report.bytes() - report.removals().stream().mapToLong(Cleanup.Removal::bytes).sum());
    }

    private void prefetchAll(Recorder rec, BooleanSupplier keepGoing) {
        for (RepositoryInfo repo : registry.all()) {
            if (!repo.isProxy()) {
                continue;
            }
            List<PrefetchFormat.Wanted> wanted;
            try {
                wanted = prefetch.fromRules(repo, r -> rec.add(repo.name() + "/" + r.item(), r.outcome().id(), 0, r.reason()));
            } catch (GranaryException e) {
                continue; // a format without prefetch support
            }
            prefetch.fetch(repo, wanted, r -> rec.add(repo.name() + "/" + r.item(), r.outcome().id(), r.bytes(),
                    r.reason()), keepGoing);
        }
    }

    /**
     * Cleans one repository now (or says what would go), recorded in the run history. It needs no lease: a run
     * beside the scheduled job removes nothing twice (every removal is conditional on the row as it was read).
     */
    public Recorded<Cleanup.Report> cleanup(RepositoryInfo repo, boolean dryRun) {
        JobRun run = runs.start(Job.CLEANUP.id(), repo.name(), "request", leases.holder(), dryRun, clock.instant());
        Recorder rec = new Recorder(run.getId());
        try {
            Cleanup.Report report = cleanup.run(repo, dryRun);
            record(rec, "", report);
            rec.finish("succeeded", report.count() + (dryRun ? " would go, " : " removed, ") + report.bytes() + " bytes");
            return new Recorded<>(run.getId(), report);
        } catch (RuntimeException e) {
            rec.finish("failed", String.valueOf(e.getMessage()));
            throw e;
        }
    }

    public record Recorded<T>(long runId, T result) {
    }

    /**
     * Runs one repository's part of {@code job} now, in this thread, under the job's lease: never beside a run of the
     * job on any server, and the job's schedule is left as it was. Recorded in the run history under the repository.
     *
     * @param work does the part, recording its items; its {@code keepGoing} renews the lease
     * @throws ConflictException when the job is running already (here or on another server)
     */
    public <T> Recorded<T> runPart(Job job, RepositoryInfo repo, BiFunction<FormatJob.JobItems, BooleanSupplier, T> work) {
        try (JobLeases.Lease lease = leases.acquirePart(job.id()).orElseThrow(() -> busy(job))) {
            JobRun run = runs.start(job.id(), repo.name(), "request", leases.holder(), false, clock.instant());
            lease.attach(run.getId());
            Recorder rec = new Recorder(run.getId());
            try {
                T result = work.apply(rec, lease::renew);
                rec.finish(lease.renew() ? "succeeded" : "failed", rec.summary());
                return new Recorded<>(run.getId(), result);
            } catch (RuntimeException e) {
                rec.finish("failed", String.valueOf(e.getMessage()));
                throw e;
            }
        }
    }

    /** Starts prefetching {@code wanted} into {@code repo} in the background; returns the run's id at once. */
    public long prefetch(RepositoryInfo repo, List<PrefetchFormat.Wanted> wanted, String what) {
        JobRun run = runs.start(Job.PREFETCH.id(), repo.name(), "request", leases.holder(), false, clock.instant());
        Recorder rec = new Recorder(run.getId());
        executor.execute(() -> {
            try {
                prefetch.fetch(repo, wanted, r -> rec.add(r.item(), r.outcome().id(), r.bytes(), r.reason()), () -> true);
                rec.finish("succeeded", what + ": " + rec.summary());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Prefetch into " + repo.name() + " failed", e);
                rec.finish("failed", String.valueOf(e.getMessage()));
            }
        });
        return run.getId();
    }

    /** Every job with its schedule, last run and next run. */
    public List<JobState> list() {
        List<JobState> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Job job : Job.values()) {
            Duration interval = interval(job);
            Optional<JobLease> lease = leases.state(job.id());
            Optional<JobRun> last = runs.recent(job.id(), 1).stream().findFirst();
            Optional<Instant> next = interval.isZero() ? Optional.empty()
                    : Optional.of(lease.map(JobLease::getLastStartedAt).map(t -> t.plus(interval)).filter(t -> t.isAfter(now))
                    .orElse(now));
            Optional<String> running = lease.filter(l -> l.getHolder() != null && l.getExpiresAt() != null
                    && l.getExpiresAt().isAfter(now)).map(JobLease::getHolder);
            out.add(new JobState(job, interval, last, next, running));
        }
        return out;
    }

    /** Collects a run's items and counts and writes them in batches. */
    final class Recorder implements FormatJob.JobItems {
        private final long runId;
        private final List<JobDao.Item> pending = new ArrayList<>();
        private long done;
        private long skipped;
        private long failed;
        private long bytes;
        private long recorded;
        private final List<String> notes = new ArrayList<>();

        Recorder(long runId) {
            this.runId = runId;
        }

        @Override
        public synchronized void add(String item, String outcome, long itemBytes, String reason) {
            switch (outcome) {
                case "cached", "unchanged" -> skipped++;
                case "failed" -> failed++;
                default -> done++;
            }
            bytes += itemBytes;
            if (recorded++ < MAX_RECORDED_ITEMS) {
                pending.add(new JobDao.Item(item, outcome, itemBytes, reason));
            }
            if (pending.size() >= FLUSH_EVERY) {
                flush();
            }
        }

        /** Removals a report counted but did not list. */
        synchronized void unlisted(long count, long unlistedBytes) {
            done += count;
            bytes += unlistedBytes;
        }

        @Override
        public synchronized void note(String note) {
            notes.add(note);
        }

        synchronized String summary() {
            String counts = done + " done, " + skipped + " already cached, " + failed + " failed, " + bytes + " bytes";
            return notes.isEmpty() ? counts : counts + "; " + String.join("; ", notes);
        }

        private void flush() {
            runs.record(runId, List.copyOf(pending), done, skipped, failed, bytes);
            pending.clear();
        }

        synchronized void finish(String status, String summary) {
            try {
                flush();
            } finally {
                runs.finish(runId, status, clock.instant(), summary);
            }
        }
    }
}
