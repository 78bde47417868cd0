package org.granary.core;

/** The upstream failed and nothing usable is cached (502). */
public class UpstreamFailureException extends GranaryException {
    public UpstreamFailureException(String message) {
        super(message);
    }

    public UpstreamFailureException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 502;
    }
}
