package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Several clients asking at once, each on a thread of its own, released together. */
final class Callers<T> {

    /** One client's call. */
    @FunctionalInterface
    interface Call<T> {
        T run(int index) throws Exception;
    }

    /** What one client got: a value or a failure. */
    record Outcome<T>(T value, Throwable failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReferenceArray<Outcome<T>> outcomes;

    private Callers(int count, Call<T> call) {
        outcomes = new AtomicReferenceArray<>(count);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < count; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    outcomes.set(index, new Outcome<>(call.run(index), null));
                } catch (Throwable e) {
                    outcomes.set(index, new Outcome<>(null, e));
                }
            }, "caller-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        go.countDown();
    }

    static <T> Callers<T> start(int count, Call<T> call) {
        return new Callers<>(count, call);
    }

    /**
     * Waits until every caller is parked (waiting on the upstream, or for another caller's fetch) or done, and
     * stays so for a moment.
     */
    Callers<T> awaitAllWaiting() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int calm = 0;
        while (calm < 5) {
            boolean parked = threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.TERMINATED);
            calm = parked ? calm + 1 : 0;
            assertTrue(System.nanoTime() < deadline, "the callers did not all come to wait");
            Thread.sleep(10);
        }
        return this;
    }

    List<Outcome<T>> join() throws InterruptedException {
        List<Outcome<T>> all = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            threads.get(i).join(30_000);
            if (threads.get(i).isAlive()) {
                fail(threads.get(i).getName() + " is still running");
            }
            all.add(outcomes.get(i));
        }
        return all;
    }
}
