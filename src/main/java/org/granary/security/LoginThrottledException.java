package org.granary.security;

import java.time.Duration;
import org.granary.core.GranaryException;

/**
 * A login refused without checking the credentials: 429 while the user name or client address backs off
 * after failed attempts, 503 when too many password checks are already running. Either way the client is
 * told when to try again ({@code Retry-After}).
 */
public class LoginThrottledException extends GranaryException {

    private final int status;
    private final Duration retryAfter;

    LoginThrottledException(int status, Duration retryAfter, String message) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    @Override
    public int status() {
        return status;
    }

    /** Whole seconds, at least 1, for the {@code Retry-After} header. */
    public long retryAfterSeconds() {
        long s = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
