package org.granary.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    /** Wednesday 1 May 2024, 12:00:00 UTC. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(10);

    private static RetryPolicy policy(int maxAttempts, double random) {
        return new RetryPolicy(maxAttempts, BASE, MAX, () -> random, CLOCK);
    }

    @ParameterizedTest(name = "after attempt {0} with random {1}: {2} ms")
    @CsvSource({
            // attempt, random, expected delay (base 100 ms doubling; jitter between half and all of it)
            "1, 0.0,      50",
            "2, 0.0,      100",
            "3, 0.0,      200",
            "4, 0.0,      400",
            "1, 0.5,      75",
            "2, 0.5,      150",
            "3, 0.5,      300",
            "4, 0.5,      600",
            "1, 0.999999, 99",
            "2, 0.999999, 199",
            "3, 0.999999, 399",
            "4, 0.999999, 799",
    })
    void backoffDoublesEachAttemptWithJitterBetweenHalfAndAll(int attempt, double random, long expectedMillis) {
        Optional<Duration> delay = policy(10, random).delayAfter(attempt, 503, null);

        assertEquals(Optional.of(Duration.ofMillis(expectedMillis)), delay);
    }

    @Test
    void jitterStaysWithinHalfAndAllOfTheExponentialDelay() {
        for (int attempt = 1; attempt <= 6; attempt++) {
            long full = BASE.toMillis() << (attempt - 1);
            for (double r = 0; r < 1; r += 0.01) {
                long d = policy(10, r).delayAfter(attempt, null, null).orElseThrow().toMillis();
                assertTrue(d >= full / 2 && d <= full, "attempt " + attempt + " random " + r + " gave " + d);
            }
        }
    }

    @Test
    void delayIsCappedAtMaxDelay() {
        RetryPolicy p = new RetryPolicy(100, BASE, Duration.ofSeconds(1), () -> 0.999999, CLOCK);

        assertEquals(Duration.ofMillis(799), p.delayAfter(4, 500, null).orElseThrow());
        for (int attempt = 5; attempt < 100; attempt++) {
            Duration d = p.delayAfter(attempt, 500, null).orElseThrow();
            assertTrue(d.compareTo(Duration.ofSeconds(1)) <= 0 && d.compareTo(Duration.ofMillis(500)) >= 0,
                    "attempt " + attempt + " gave " + d);
        }
    }

    @Test
    void noRetryOnceMaxAttemptsHaveBeenMade() {
        RetryPolicy p = policy(3, 0.5);

        assertTrue(p.delayAfter(1, 503, null).isPresent());
        assertTrue(p.delayAfter(2, 503, null).isPresent());
        assertEquals(Optional.empty(), p.delayAfter(3, 503, null));
        assertEquals(Optional.empty(), p.delayAfter(3, null, null));
        assertEquals(Optional.empty(), p.delayAfter(4, 503, "1"));
    }

    @Test
    void aSingleAttemptPolicyNeverRetries() {
        assertEquals(Optional.empty(), policy(1, 0.5).delayAfter(1, 503, null));
        assertEquals(Optional.empty(), policy(1, 0.5).delayAfter(1, null, null));
    }

    @Test
    void zeroAttemptsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> policy(0, 0.5));
    }

    @ParameterizedTest(name = "no retry on {0}")
    @ValueSource(ints = {200, 304, 400, 401, 403, 404, 410, 501})
    void answersThatWillNotChangeAreNotRetried(int status) {
        assertEquals(Optional.empty(), policy(5, 0.5).delayAfter(1, status, null));
        assertEquals(Optional.empty(), policy(5, 0.5).delayAfter(1, status, "1"));
    }

    @ParameterizedTest(name = "retry on {0}")
    @ValueSource(ints = {429, 500, 502, 503, 504})
    void overloadAndServerErrorsAreRetried(int status) {
        assertTrue(RetryPolicy.isRetryableStatus(status));
        assertEquals(Optional.of(Duration.ofMillis(75)), policy(5, 0.5).delayAfter(1, status, null));
    }

    @Test
    void connectionErrorsAreRetriedWithBackoff() {
        assertEquals(Optional.of(Duration.ofMillis(75)), policy(5, 0.5).delayAfter(1, null, null));
        assertEquals(Optional.of(Duration.ofMillis(150)), policy(5, 0.5).delayAfter(2, null, null));
    }

    @Test
    void retryAfterSecondsIsHonoured() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), policy(5, 0.5).delayAfter(1, 429, "3"));
        assertEquals(Optional.of(Duration.ofSeconds(7)), policy(5, 0.5).delayAfter(1, 503, " 7 "));
        assertEquals(Optional.of(Duration.ZERO), policy(5, 0.5).delayAfter(1, 503, "0"));
    }

    @Test
    void retryAfterIsCappedAtMaxDelay() {
        assertEquals(Optional.of(MAX), policy(5, 0.5).delayAfter(1, 429, "3600"));
    }

    @Test
    void retryAfterHttpDateIsRelativeToTheClock() {
        assertEquals(Optional.of(Duration.ofSeconds(7)),
                policy(5, 0.5).delayAfter(1, 503, "Wed, 01 May 2024 12:00:07 GMT"));
        assertEquals(Optional.of(MAX),
                policy(5, 0.5).delayAfter(1, 429, "Thu, 02 May 2024 12:00:00 GMT"));
    }

    @Test
    void retryAfterDateInThePastMeansRetryNow() {
        assertEquals(Optional.of(Duration.ZERO),
                policy(5, 0.5).delayAfter(1, 503, "Wed, 01 May 2024 11:59:00 GMT"));
    }

    @ParameterizedTest(name = "Retry-After \"{0}\" falls back to backoff")
    @ValueSource(strings = {"soon", "-5", "1.5", "", "   ", "Wednesday", "2024-05-01T12:00:07Z",
            "Wed, 32 May 2024 12:00:07 GMT"})
    void unreadableRetryAfterFallsBackToBackoff(String retryAfter) {
        assertEquals(Optional.of(Duration.ofMillis(150)), policy(5, 0.5).delayAfter(2, 429, retryAfter));
    }

    @Test
    void retryAfterWithoutAResponseIsIgnored() {
        assertEquals(Optional.of(Duration.ofMillis(75)), policy(5, 0.5).delayAfter(1, null, "5"));
    }
}
