package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FreshnessTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private static Instant now() {
        return CLOCK.instant();
    }

    @Test
    void freshWhileYoungerThanMaxAge() {
        assertTrue(Freshness.isFresh(now(), FIVE_MINUTES, now()));
        assertTrue(Freshness.isFresh(now().minusSeconds(60), FIVE_MINUTES, now()));
        assertTrue(Freshness.isFresh(now().minus(FIVE_MINUTES).plusMillis(1), FIVE_MINUTES, now()));
    }

    @Test
    void staleExactlyAtMaxAgeAndAfter() {
        assertFalse(Freshness.isFresh(now().minus(FIVE_MINUTES), FIVE_MINUTES, now()));
        assertFalse(Freshness.isFresh(now().minus(FIVE_MINUTES).minusMillis(1), FIVE_MINUTES, now()));
        assertFalse(Freshness.isFresh(now().minus(Duration.ofDays(30)), FIVE_MINUTES, now()));
    }

    @Test
    void aZeroMaxAgeIsNeverFresh() {
        assertFalse(Freshness.isFresh(now(), Duration.ZERO, now()));
        assertFalse(Freshness.isFresh(now().minusMillis(1), Duration.ZERO, now()));
    }

    @Test
    void aZeroMaxAgeIsNeverFreshEvenWhenTheCopyWasStampedByAClockAhead() {
        // Another server with a clock a little ahead fetched the copy: revalidate-always must still revalidate.
        assertFalse(Freshness.isFresh(now().plusSeconds(2), Duration.ZERO, now()));
    }

    @Test
    void neverFetchedIsNeverFresh() {
        assertFalse(Freshness.isFresh(null, FIVE_MINUTES, now()));
    }
}
