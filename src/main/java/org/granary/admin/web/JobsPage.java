package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.granary.core.Cleanup;
import org.granary.core.GranaryException;
import org.granary.core.Jobs;
import org.granary.core.Prefetch;
import org.granary.core.PrefetchFormat;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.persistence.JobDao;
import org.granary.persistence.JobRun;
import org.granary.security.RepositoryAccess;

/**
 * {@code jobs.xhtml?job=&run=}: every job's schedule, last and next run; run one now; the run history with each run's
 * outcome and, for one run, what it did per item; a cleanup of one repository (a dry run lists what would go); a
 * lockfile uploaded to prefetch into a proxy repository. Calls the services behind the REST API's
 * {@code api/jobs}, {@code …/cleanup} and {@code …/prefetch}.
 */
@Named
@RequestScoped
public class JobsPage {

    static final int HISTORY = 50;
    static final int ITEMS = 1000;

    /** The timers that are not jobs of {@link Jobs}: they run on every server, on a fixed schedule, never by hand. */
    static final List<Timer> TIMERS = List.of(
            new Timer("statistics", "every 15 seconds, and at shutdown",
                    "writes artifact hit counts and last-access times to the database (what Browse and the dashboard show)"),
            new Timer("audit-retention", "every day at 03:17 UTC",
                    "deletes audit events older than GRANARY_AUDIT_RETENTION, when it is set"));

    @Inject
    Jobs jobs;
    @Inject
    JobDao runs;
    @Inject
    RepositoryRegistry registry;
    @Inject
    Prefetch prefetch;
    @Inject
    RepositoryAccess access;
    @Inject
    ConsoleGuard guard;

    private final CleanupForm cleanup = new CleanupForm();
    private final PrefetchForm lockfile = new PrefetchForm();
    private Part file;
    private String job;
    private Long run;

    /** A job as the schedule table shows it. */
    public record JobRow(String name, String description, String schedule, RunView lastRun, Instant nextRun,
                         String runningOn) {
    }

    /** A timer that is not a leased job. */
    public record Timer(String name, String schedule, String description) {
    }

    /** A run as the history shows it. */
    public record RunView(long id, String job, String repository, String trigger, String server, String status,
                          boolean dryRun, Instant startedAt, Instant finishedAt, String counts, long bytes, String summary) {

        static RunView of(JobRun r) {
            return new RunView(r.getId(), r.getJob(), r.getRepository(), r.getTrigger(), r.getHolder(), r.getStatus(),
                    r.isDryRun(), r.getStartedAt(), r.getFinishedAt(), JobsPage.counts(r), r.getBytes(), r.getSummary());
        }
    }

    /** One item of a run. */
    public record ItemView(String item, String outcome, long bytes, String reason) {
    }

    /** The counts of a run, named after what its job does (as {@code api/jobs/runs} names them). */
    static String counts(JobRun r) {
        if (Jobs.Job.PREFETCH.id().equals(r.getJob())) {
            return r.getItemsDone() + " fetched, " + r.getItemsSkipped() + " cached already, " + r.getItemsFailed() + " failed";
        }
        if (Jobs.Job.WINGET_MIRROR.id().equals(r.getJob())) {
            return r.getItemsDone() + " mirrored, " + r.getItemsSkipped() + " unchanged, " + r.getItemsFailed() + " failed";
        }
        return r.getItemsDone() + (r.isDryRun() ? " would go, " : " removed, ") + r.getItemsFailed() + " failed";
    }

    /** "every 1 h", "only when asked". */
    static String schedule(Duration interval) {
        return interval.isZero() ? "only when asked" : "every " + Formats.seconds(interval.toSeconds());
    }

    public List<JobRow> getJobs() {
        return jobs.list().stream().map(s -> new JobRow(s.job().id(), s.job().description(), schedule(s.interval()),
                s.lastRun().map(RunView::of).orElse(null), s.nextRun().orElse(null), s.runningOn().orElse(null))).toList();
    }

    public List<Timer> getTimers() {
        return TIMERS;
    }

    public List<String> getJobNames() {
        return java.util.Arrays.stream(Jobs.Job.values()).map(Jobs.Job::id).toList();
    }

    /** The latest runs, of {@code ?job=} or of every job. */
    public List<RunView> getRuns() {
        String only = job == null || job.isBlank() || !getJobNames().contains(job) ? null : job;
        return runs.recent(only, HISTORY).stream().map(RunView::of).toList();
    }

    /** The run {@code ?run=} names, or {@code null}. */
    public RunView getSelected() {
        return run == null ? null : runs.find(run).map(RunView::of).orElse(null);
    }

    public List<ItemView> getItems() {
        return run == null ? List.of() : runs.items(run, ITEMS).stream()
                .map(i -> new ItemView(i.getItem(), i.getOutcome(), i.getBytes(), i.getReason())).toList();
    }

    public List<String> getRepositories() {
        return registry.all().stream().map(RepositoryInfo::name).sorted().toList();
    }

    /** The proxy repositories that read lockfiles, with the kinds each reads. */
    public Map<String, Set<String>> getLockfileRepositories() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (RepositoryInfo r : registry.all().stream().filter(RepositoryInfo::isProxy)
                .sorted(java.util.Comparator.comparing(RepositoryInfo::name)).toList()) {
            try {
                Set<String> kinds = prefetch.formatOf(r).kinds();
                if (!kinds.isEmpty()) {
                    out.put(r.name(), new TreeSet<>(kinds));
                }
            } catch (GranaryException e) {
                // a format without prefetch support
            }
        }
        return out;
    }

    public List<String> getLockfileRepositoryNames() {
        return List.copyOf(getLockfileRepositories().keySet());
    }

    /** Every kind of lockfile some proxy here reads. */
    public List<String> getLockfileKinds() {
        return getLockfileRepositories().values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new))
                .stream().toList();
    }

    public String kindsOf(String repository) {
        Set<String> kinds = getLockfileRepositories().get(repository);
        return kinds == null ? "" : String.join(", ", kinds);
    }

    // ---- actions ---------------------------------------------------------------------------------------------

    /** Starts {@code name} now (a POST); the answer is the run's page, which fills as the run goes. */
    public String runNow(String name) {
        if (!guard.admin()) {
            return null;
        }
        long[] id = new long[1];
        if (!guard.attempt(() -> {
            Jobs.Job j = Jobs.Job.of(name);
            id[0] = jobs.runNow(j);
            access.audited("job.run", j.id(), "run " + id[0] + " (admin console)");
        })) {
            return null;
        }
        ConsoleGuard.done("Job " + name + " started (run " + id[0] + "); reload this page to follow it.");
        return "/jobs.xhtml?faces-redirect=true&run=" + id[0];
    }

    /** Cleans one repository now, or lists what would go; the answer is the run with its list. */
    public String runCleanup() {
        if (!guard.admin()) {
            return null;
        }
        Set<String> names = Set.copyOf(getRepositories());
        if (!guard.valid("cleanup", cleanup.problems(names))) {
            return null;
        }
        boolean dry = cleanup.isDryRun();
        @SuppressWarnings("unchecked")
        Jobs.Recorded<Cleanup.Report>[] done = new Jobs.Recorded[1];
        if (!guard.attempt(() -> {
            RepositoryInfo repo = registry.find(cleanup.getRepository()).orElseThrow();
            done[0] = jobs.cleanup(repo, dry);
            Cleanup.Report r = done[0].result();
            access.audited(dry ? "repository.cleanup.dry-run" : "repository.cleanup", repo.name(),
                    r.count() + (dry ? " would go, " : " removed, ") + r.bytes() + " bytes (admin console)");
        })) {
            return null;
        }
        Cleanup.Report r = done[0].result();
        String items = r.count() == 1 ? "1 item" : r.count() + " items";
        ConsoleGuard.done((dry ? "Dry run of the cleanup of " + r.repository() + ": " + items + " would go ("
                : "Cleanup of " + r.repository() + ": " + items + " removed (") + Formats.bytes(r.bytes()) + ").");
        return "/jobs.xhtml?faces-redirect=true&run=" + done[0].runId();
    }

    /** Reads the uploaded lockfile and starts prefetching what it lists; the answer is the run with its results. */
    public String uploadLockfile() {
        if (!guard.admin()) {
            return null;
        }
        String fileName = file == null ? null : file.getSubmittedFileName();
        long size = file == null ? 0 : file.getSize();
        if (!guard.valid("prefetch", lockfile.problems(getLockfileRepositories(), fileName, size))) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = file.getInputStream()) {
            bytes = in.readNBytes((int) PrefetchForm.MAX_BYTES + 1);
        } catch (IOException e) {
            guard.report("prefetch:file", "The upload broke off; please try again.");
            return null;
        }
        RepositoryInfo repo = registry.find(lockfile.getRepository()).orElseThrow();
        List<PrefetchFormat.Wanted> wanted;
        try {
            wanted = prefetch.parse(repo, lockfile.getKind(), bytes);
        } catch (GranaryException e) {
            guard.report("prefetch:file", ConsoleGuard.sentence(e.getMessage()));
            return null;
        }
        long[] id = new long[1];
        if (!guard.attempt(() -> {
            id[0] = jobs.prefetch(repo, wanted, lockfile.getKind() + " of " + wanted.size() + " packages");
            access.audited("repository.prefetch", repo.name(), lockfile.getKind() + ": " + wanted.size()
                    + " packages, run " + id[0] + " (admin console)");
        })) {
            return null;
        }
        ConsoleGuard.done("Prefetching " + wanted.size() + " packages of " + fileName + " into " + repo.name()
                + " (run " + id[0] + "); reload this page to follow it.");
        return "/jobs.xhtml?faces-redirect=true&run=" + id[0];
    }

    // ---- properties ------------------------------------------------------------------------------------------

    public CleanupForm getCleanup() {
        return cleanup;
    }

    public PrefetchForm getLockfile() {
        return lockfile;
    }

    public Part getFile() {
        return file;
    }

    public void setFile(Part file) {
        this.file = file;
    }

    public String getJob() {
        return job;
    }

    public void setJob(String job) {
        this.job = job;
    }

    public Long getRun() {
        return run;
    }

    public void setRun(Long run) {
        this.run = run;
    }
}
