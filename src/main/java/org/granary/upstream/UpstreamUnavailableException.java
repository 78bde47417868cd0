package org.granary.upstream;

import java.io.IOException;

/** Every attempt to reach the upstream failed (connection error, timeout, or retryable status). */
public class UpstreamUnavailableException extends IOException {
    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
