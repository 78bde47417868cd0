package org.granary.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try an upstream request again, and after how long. Pure: the random source and the clock are
 * passed in, so the schedule is testable.
 * <p>
 * Retried: connection errors and timeouts, 429 and 5xx (except 501, which will not change). Delay before
 * attempt n+1 is {@code base * 2^(n-1)} with "full jitter" (uniform between half and all of it), capped at
 * {@code maxDelay}; a 429 or 503 with Retry-After waits what the upstream asked for, also capped.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final DoubleSupplier random;
    private final Clock clock;

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, DoubleSupplier random, Clock clock) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.random = random;
        this.clock = clock;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public static boolean isRetryableStatus(int status) {
        return status == 429 || (status >= 500 && status != 501);
    }

    /**
     * The delay before the next attempt, or empty when attempt {@code attempt} (1-based, just failed) was
     * the last one allowed or the failure is not worth retrying.
     *
     * @param status     the HTTP status of the failed attempt, or {@code null} for a connection error
     * @param retryAfter the Retry-After header of the failed attempt, or {@code null}
     */
    public Optional<Duration> delayAfter(int attempt, Integer status, String retryAfter) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        if (status != null && !isRetryableStatus(status)) {
            return Optional.empty();
        }
        Optional<Duration> asked = status != null ? parseRetryAfter(retryAfter) : Optional.empty();
        if (asked.isPresent()) {
            return Optional.of(min(asked.get(), maxDelay));
        }
        long exp = baseDelay.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(exp, maxDelay.toMillis());
        long jittered = capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2));
        return Optional.of(Duration.ofMillis(jittered));
    }

    /** Retry-After as delta-seconds or an HTTP-date; empty when absent or unreadable. */
    Optional<Duration> parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
