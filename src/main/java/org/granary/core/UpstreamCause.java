package org.granary.core;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import org.granary.upstream.ArtifactHostRefusedException;

/**
 * The cause of a failed upstream fetch as the metrics name it: a short, fixed vocabulary, so that a dashboard can
 * group failures and the number of series stays small.
 */
final class UpstreamCause {

    private UpstreamCause() {
    }

    /** What an upstream's status says; {@code null} for an answer that is no failure (200, 304, 404, 410). */
    static String ofStatus(int status) {
        if (status == 200 || status == 304 || status == 404 || status == 410) {
            return null;
        }
        if (status == 429) {
            return "status_429";
        }
        if (status >= 500 && status <= 599) {
            return "status_5xx";
        }
        return status >= 400 && status <= 499 ? "status_4xx" : "status_other";
    }

    /** The cause of a fetch that got no response: {@code timeout}, {@code deadline}, {@code connection}... */
    static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ArtifactHostRefusedException) {
                return "host_refused";
            }
            if (t instanceof HttpTimeoutException) {
                return "timeout";
            }
            if (t instanceof UnknownHostException) {
                return "unknown_host";
            }
            if (t instanceof ConnectException) {
                return "connection";
            }
        }
        String message = failure == null || failure.getMessage() == null ? "" : failure.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("deadline") ? "deadline" : "io";
    }
}
