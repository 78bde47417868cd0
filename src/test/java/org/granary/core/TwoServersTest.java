package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.granary.config.Setting;
import org.granary.persistence.JobDao;
import org.granary.persistence.JobRun;
import org.granary.persistence.LeaseDao;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Granary servers on one real PostgreSQL: each has its own job service and lease service (its own name), they
 * share the database and the clock. A job runs once per schedule, and when its holder dies another takes over once
 * the lease has expired.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoServersTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private EmbeddedPostgres postgres;
    private JobsDatabase db;
    private StoreFixture f;
    private Jobs a;
    private Jobs b;

    @BeforeAll
    void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        db = new JobsDatabase(postgres.getPostgresDatabase());
    }

    @AfterAll
    void stopDatabase() throws Exception {
        db.close();
        postgres.close();
    }

    @BeforeEach
    void twoServers() throws Exception {
        db.empty();
        f = new StoreFixture(db, Map.of(Setting.JOB_CLEANUP_INTERVAL, "PT1H", Setting.JOB_PREFETCH_INTERVAL, "PT0S",
                Setting.WINGET_MIRROR_INTERVAL, "PT6H", Setting.JOB_LEASE_TIME, "PT2M"));
        mirrorA = new Mirror();
        mirrorB = new Mirror();
        a = server("server-a");
        b = server("server-b");
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    /** A format's job as the WinGet mirror is one: it notes each run, and does {@link #during} while it works. */
    static final class Mirror implements FormatJob {
        Runnable during = () -> { };
        int runs;

        @Override
        public Jobs.Job job() {
            return Jobs.Job.WINGET_MIRROR;
        }

        @Override
        public void runAll(JobItems items, java.util.function.BooleanSupplier keepGoing) {
            runs++;
            during.run();
            items.add("winget-hosted/Contoso.Tools@2.0", "mirrored", 0, null);
            items.add("winget-hosted/Contoso.Tools@1.0", "unchanged", 0, null);
        }
    }

    private Mirror mirrorA;
    private Mirror mirrorB;

    private Jobs server(String name) {
        Jobs jobs = new Jobs();
        jobs.runs = db.dao(JobDao.class);
        jobs.leases = new JobLeases(db.dao(LeaseDao.class), jobs.runs, f.clock, name, LEASE);
        jobs.cleanup = f.cleanup;
        jobs.registry = f.registry;
        jobs.clock = f.clock;
        jobs.config = f.config;
        jobs.executor = Runnable::run; // the job runs in the ticking thread: when tick() returns, it is done
        jobs.formatJobs = List.of(name.endsWith("a") ? mirrorA : mirrorB);
        return jobs;
    }

    private List<JobRun> cleanupRuns() {
        return a.runs.recent("cleanup", 100);
    }

    @Test
    void whenBothServersTickAtOnceTheDueJobRunsOnceAndAgainOnlyWhenItIsDueAgain() throws Exception {
        f.proxy("npm-proxy", new CleanupPolicy(0L, null, null));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch go = new CountDownLatch(1);
                Future<?> x = threads.submit(() -> {
                    go.await();
                    a.tick();
                    return null;
                });
                Future<?> y = threads.submit(() -> {
                    go.await();
                    b.tick();
                    return null;
                });
                go.countDown();
                x.get();
                y.get();
                f.clock.advance(Duration.ofMinutes(1)); // the timer's minute
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, cleanupRuns().size(), "ten ticks within the hour, one run");
        assertEquals("succeeded", cleanupRuns().get(0).getStatus());

        f.clock.advance(Duration.ofMinutes(55)); // an hour after the first start
        b.tick();
        a.tick();
        assertEquals(2, cleanupRuns().size());
        assertEquals(List.of("schedule", "schedule"), cleanupRuns().stream().map(JobRun::getTrigger).toList());
    }

    @Test
    void whenTheHolderDiesTheOtherServerTakesTheJobOverOnceTheLeaseHasExpired() {
        // server a takes the job and dies in the middle of it: its lease is never renewed nor released
        JobLeases.Lease held = a.leases.acquire("cleanup", Duration.ofHours(1)).orElseThrow();
        JobRun dying = a.runs.start("cleanup", null, "schedule", "server-a", false, f.clock.instant());
        held.attach(dying.getId());

        f.clock.advance(LEASE.minusSeconds(1)); // still within a's lease
        b.tick();
        assertEquals(1, cleanupRuns().size(), "within the lease nobody else runs it");
        assertThrows(ConflictException.class, () -> b.runNow(Jobs.Job.CLEANUP), "nor runs it on request");
        assertTrue(b.list().get(0).runningOn().orElseThrow().equals("server-a"));

        f.clock.advance(Duration.ofHours(1)); // the lease expired long ago and the job is due
        b.tick();

        List<JobRun> runs = cleanupRuns();
        assertEquals(2, runs.size());
        assertEquals("server-b", runs.get(0).getHolder());
        assertEquals("succeeded", runs.get(0).getStatus());
        assertEquals("abandoned", a.runs.find(dying.getId()).orElseThrow().getStatus(), "the dead server's run says so");
        assertFalse(held.renew(), "server a, should it wake up, finds its lease gone");
    }

    @Test
    void runsOlderThanTheHistoryRetentionAreForgottenByTheNextCleanupRunWithTheirItems() throws Exception {
        RepositoryInfo repo = f.proxy("npm-proxy", new CleanupPolicy(0L, null, null));
        f.store(repo, "a", "1.0.0", null, "aaa");
        long old = a.runNow(Jobs.Job.CLEANUP); // evicts a: a run with one item
        assertEquals(1, a.runs.items(old, 10).size());
        f.clock.advance(Duration.ofDays(20));
        long middle = b.runNow(Jobs.Job.CLEANUP);
        f.clock.advance(Duration.ofDays(11)); // the first run is 31 days old, past the default 30 days (P30D)

        long latest = a.runNow(Jobs.Job.CLEANUP);

        assertEquals(List.of(latest, middle), cleanupRuns().stream().map(JobRun::getId).toList());
        assertTrue(a.runs.find(old).isEmpty());
        assertEquals(List.of(), a.runs.items(old, 10), "its items went with it");
        assertTrue(a.runs.find(latest).orElseThrow().getSummary().contains("1 old runs forgotten"),
                a.runs.find(latest).orElseThrow().getSummary());
    }

    @Test
    void aRunAskedForOnOneServerIsListedWithItsNextRunOnBoth() {
        long run = a.runNow(Jobs.Job.CLEANUP);

        Jobs.JobState onB = b.list().stream().filter(s -> s.job() == Jobs.Job.CLEANUP).findFirst().orElseThrow();
        assertEquals(run, onB.lastRun().orElseThrow().getId());
        assertEquals("request", onB.lastRun().get().getTrigger());
        assertEquals(f.clock.instant().plus(Duration.ofHours(1)), onB.nextRun().orElseThrow());
        assertTrue(onB.runningOn().isEmpty());
        Jobs.JobState prefetch = b.list().stream().filter(s -> s.job() == Jobs.Job.PREFETCH).findFirst().orElseThrow();
        assertTrue(prefetch.nextRun().isEmpty(), "PT0S: only when asked");
    }

    @Test
    void theWingetMirrorRunsOnceAcrossServersAndARunOfOneRepositoryNeverRunsBesideIt() {
        RepositoryInfo hosted = f.hosted("winget-hosted");
        // While server a's scheduled mirror works, server b is asked to mirror one repository now.
        List<ConflictException> refused = new java.util.ArrayList<>();
        mirrorA.during = () -> refused.add(assertThrows(ConflictException.class,
                () -> b.runPart(Jobs.Job.WINGET_MIRROR, hosted, (items, keepGoing) -> "ran")));

        a.tick();
        b.tick();

        assertEquals(1, mirrorA.runs + mirrorB.runs, "both ticked, one ran the job");
        assertTrue(refused.get(0).getMessage().contains("running already (on server-a)"), refused.get(0).getMessage());
        JobRun scheduled = a.runs.recent("winget-mirror", 10).get(0);
        assertEquals(List.of("succeeded", "schedule", 1L, 1L), List.of(scheduled.getStatus(), scheduled.getTrigger(),
                scheduled.getItemsDone(), scheduled.getItemsSkipped()), "mirrored counts as done, unchanged as skipped");

        // Once it is over, the run asked for goes ahead, recorded under the repository, the schedule left alone.
        f.clock.advance(Duration.ofMinutes(1));
        Jobs.Recorded<String> asked = b.runPart(Jobs.Job.WINGET_MIRROR, hosted, (items, keepGoing) -> {
            items.add("winget-hosted/Contoso.Tools@3.0", "mirrored", 0, null);
            return "ran";
        });

        assertEquals("ran", asked.result());
        JobRun run = a.runs.find(asked.runId()).orElseThrow();
        assertEquals(List.of("winget-hosted", "request", "server-b", "succeeded", 1L), List.of(run.getRepository(),
                run.getTrigger(), run.getHolder(), run.getStatus(), run.getItemsDone()));
        Jobs.JobState state = a.list().stream().filter(j -> j.job() == Jobs.Job.WINGET_MIRROR).findFirst().orElseThrow();
        assertEquals(StoreFixture.T0.plus(Duration.ofHours(6)), state.nextRun().orElseThrow(),
                "six hours after the scheduled run, not after the one asked for");
        assertEquals("winget-mirror", state.job().id());
    }
}
