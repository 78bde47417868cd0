package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.granary.core.AuditLog;
import org.granary.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Password guessing slows down per user name and per address; everyone else is unaffected. */
class LoginThrottleTest {

    static final String RIGHT = "right-password";

    final MutableClock clock = new MutableClock();
    final RecordingAudit audit = new RecordingAudit();
    final LoginThrottle throttle = LoginThrottle.of(3, 10, Duration.ofMinutes(15), 2, clock, audit);
    final AtomicInteger checks = new AtomicInteger();
    ExecutorService pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    boolean login(String user, String address, String password) {
        return throttle.check(user, address, () -> {
            checks.incrementAndGet();
            return RIGHT.equals(password);
        }, ok -> ok);
    }

    @Test
    void afterThreeWrongPasswordsTheUserBacksOffAndEvenTheRightOneWaits() {
        for (int i = 0; i < 3; i++) {
            assertEquals(false, login("alice", "198.51.100.1", "guess" + i));
        }
        LoginThrottledException refused = assertThrows(LoginThrottledException.class,
                () -> login("alice", "198.51.100.2", RIGHT));
        assertEquals(429, refused.status());
        assertEquals(1, refused.retryAfterSeconds());
        assertTrue(refused.getMessage().contains("alice"), refused.getMessage());
        assertEquals(3, checks.get(), "a refused attempt checks no password");

        clock.advance(Duration.ofMillis(1001));
        assertEquals(true, login("alice", "198.51.100.2", RIGHT), "after Retry-After the right password works");
        assertEquals(true, login("bob", "198.51.100.1", RIGHT), "other users are unaffected");
    }

    @Test
    void eachFurtherFailureDoublesTheWaitUpToTheLimit() {
        LoginThrottle t = LoginThrottle.of(1, 1000, Duration.ofSeconds(10), 2, clock, audit);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            t.check("carol", "198.51.100.1", () -> false, ok -> ok);
            LoginThrottledException e = assertThrows(LoginThrottledException.class,
                    () -> t.check("carol", "198.51.100.1", () -> false, ok -> ok));
            waits.add(e.retryAfterSeconds());
            clock.advance(Duration.ofSeconds(e.retryAfterSeconds()));
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 10L, 10L), waits);
    }

    @Test
    void aSuccessClearsTheUsersFailures() {
        login("dave", "198.51.100.1", "a");
        login("dave", "198.51.100.1", "b");
        login("dave", "198.51.100.1", RIGHT);
        login("dave", "198.51.100.1", "c");
        login("dave", "198.51.100.1", "d");
        assertEquals(true, login("dave", "198.51.100.1", RIGHT), "two failures after a success do not back off");
    }

    @Test
    void failuresAreForgottenAfterAQuietSpellAsLongAsTheLongestBackOff() {
        login("erin", "198.51.100.1", "a");
        login("erin", "198.51.100.1", "b");
        clock.advance(Duration.ofMinutes(15));
        login("erin", "198.51.100.1", "c");
        assertEquals(true, login("erin", "198.51.100.1", RIGHT), "the first two failures were forgotten");
    }

    @Test
    void oneAddressGuessingManyUserNamesBacksOffButOtherAddressesDoNot() {
        for (int i = 0; i < 10; i++) {
            login("user" + i, "203.0.113.66", "guess");
        }
        LoginThrottledException refused = assertThrows(LoginThrottledException.class,
                () -> login("frank", "203.0.113.66", RIGHT));
        assertEquals(429, refused.status());
        assertTrue(refused.getMessage().contains("203.0.113.66"), refused.getMessage());
        assertEquals(true, login("frank", "198.51.100.1", RIGHT), "the same user from elsewhere is let in");
        assertThrows(LoginThrottledException.class, () -> login("frank", "203.0.113.66", RIGHT),
                "a success does not clear the guessing address");
    }

    @Test
    void aBackOffIsAuditedWhenItStarts() {
        for (int i = 0; i < 3; i++) {
            login("grace", "198.51.100.7", "guess");
        }
        assertEquals(1, audit.rows.size(), audit.rows.toString());
        assertEquals("grace login.backoff user 'grace' failure 198.51.100.7", audit.rows.get(0));
        assertThrows(LoginThrottledException.class, () -> login("grace", "198.51.100.7", "guess"));
        assertEquals(1, audit.rows.size(), "refused attempts do not write a row each");
    }

    @Test
    void atMostTheConfiguredNumberOfChecksRunAtOnce() throws Exception {
        pool = Executors.newFixedThreadPool(4);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String user = "parallel" + i;
            results.add(pool.submit(() -> throttle.check(user, "198.51.100.9", () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return true;
            }, ok -> ok)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (running.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // time for a third check to start, if the bound did not hold
        assertEquals(2, running.get(), "two checks run, two wait");
        release.countDown();
        for (Future<Boolean> r : results) {
            assertEquals(true, r.get(10, TimeUnit.SECONDS));
        }
        assertEquals(2, most.get());
    }

    /** The audit rows, as "actor action target outcome address". */
    static final class RecordingAudit extends AuditLog {
        final List<String> rows = new ArrayList<>();

        @Override
        public void record(String actor, String action, String target, String outcome, String detail, String address) {
            rows.add(actor + " " + action + " " + target + " " + outcome + " " + address);
        }
    }
}
