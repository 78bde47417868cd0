package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SingleFlightTest {

    private static final int CALLERS = 20;

    @Test
    void concurrentCallersForOneKeyShareOneExecution() throws Exception {
        SingleFlight<String, Object> flights = new SingleFlight<>();
        AtomicInteger executions = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Object value = new Object();

        AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(CALLERS);
        List<Thread> threads = startCallers(i -> results.set(i, flights.run("lodash", () -> {
            executions.incrementAndGet();
            await(release);
            return value;
        })));
        awaitAllBlocked(threads);
        release.countDown();
        joinAll(threads);

        assertEquals(1, executions.get());
        for (int i = 0; i < CALLERS; i++) {
            assertSame(value, results.get(i), "caller " + i);
        }
    }

    @Test
    void concurrentCallersAllSeeTheSameFailure() throws Exception {
        SingleFlight<String, Object> flights = new SingleFlight<>();
        AtomicInteger executions = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        UpstreamFailureException failure = new UpstreamFailureException("upstream is down");

        AtomicReferenceArray<Throwable> errors = new AtomicReferenceArray<>(CALLERS);
        List<Thread> threads = startCallers(i -> {
            try {
                flights.run("lodash", () -> {
                    executions.incrementAndGet();
                    await(release);
                    throw failure;
                });
            } catch (Throwable t) {
                errors.set(i, t);
            }
        });
        awaitAllBlocked(threads);
        release.countDown();
        joinAll(threads);

        assertEquals(1, executions.get());
        for (int i = 0; i < CALLERS; i++) {
            assertSame(failure, errors.get(i), "caller " + i);
        }
    }

    @Test
    void aCallAfterTheFlightLandedRunsTheWorkAgain() {
        SingleFlight<String, Integer> flights = new SingleFlight<>();
        AtomicInteger executions = new AtomicInteger();
        Supplier<Integer> work = executions::incrementAndGet;

        assertEquals(1, flights.run("lodash", work));
        assertEquals(2, flights.run("lodash", work));
        assertEquals(2, executions.get());
    }

    @Test
    void aCallAfterAFailedFlightRunsTheWorkAgain() {
        SingleFlight<String, String> flights = new SingleFlight<>();
        AtomicInteger executions = new AtomicInteger();

        assertThrows(IllegalStateException.class, () -> flights.run("lodash", () -> {
            executions.incrementAndGet();
            throw new IllegalStateException("first try fails");
        }));
        assertEquals("second try", flights.run("lodash", () -> {
            executions.incrementAndGet();
            return "second try";
        }));
        assertEquals(2, executions.get());
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        SingleFlight<String, String> flights = new SingleFlight<>();
        CountDownLatch release = new CountDownLatch(1);
        Thread blocked = new Thread(() -> flights.run("lodash", () -> {
            await(release);
            return "lodash";
        }));
        blocked.start();
        awaitAllBlocked(List.of(blocked));
        try {
            assertEquals("react", flights.run("react", () -> "react"));
        } finally {
            release.countDown();
            blocked.join();
        }
    }

    // ------------------------------------------------------------------ helpers

    private interface Caller {
        void call(int index);
    }

    private static List<Thread> startCallers(Caller caller) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int index = i;
            Thread t = new Thread(() -> caller.call(index), "caller-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return threads;
    }

    /**
     * Waits until every thread is parked: one inside the work (on the release latch), the others waiting
     * for its result. Nothing else in these tests parks a thread.
     */
    private static void awaitAllBlocked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
            assertTrue(System.nanoTime() < deadline, "callers did not all block");
            Thread.sleep(5);
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(10_000);
            assertTrue(!t.isAlive(), t.getName() + " is still running");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
