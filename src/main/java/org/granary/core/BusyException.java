package org.granary.core;

import java.time.Duration;

/** Granary is at a limit it sets itself (concurrent upstream fetches, memory for rendering): 503, try again later. */
public class BusyException extends GranaryException {

    private final Duration retryAfter;

    public BusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public int status() {
        return 503;
    }
}
