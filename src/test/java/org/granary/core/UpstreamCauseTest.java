package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.granary.upstream.ArtifactHostRefusedException;
import org.granary.upstream.UpstreamUnavailableException;
import org.junit.jupiter.api.Test;

class UpstreamCauseTest {

    @Test
    void answersThatAreNoFailureHaveNoCause() {
        for (int status : new int[] {200, 304, 404, 410}) {
            assertNull(UpstreamCause.ofStatus(status), "status " + status);
        }
        assertEquals("status_5xx", UpstreamCause.ofStatus(503));
        assertEquals("status_429", UpstreamCause.ofStatus(429));
        assertEquals("status_4xx", UpstreamCause.ofStatus(403));
        assertEquals("status_other", UpstreamCause.ofStatus(302));
    }

    @Test
    void failuresAreNamedByWhatLayUnderTheRetries() {
        assertEquals("timeout", UpstreamCause.of(new UpstreamUnavailableException("unreachable after 3 attempt(s)",
                new HttpTimeoutException("request timed out"))));
        assertEquals("timeout", UpstreamCause.of(new HttpConnectTimeoutException("connect timed out")));
        assertEquals("connection", UpstreamCause.of(new UpstreamUnavailableException("unreachable",
                new ConnectException("Connection refused"))));
        assertEquals("deadline", UpstreamCause.of(new UpstreamUnavailableException("upstream x did not finish within "
                + "the deadline of PT2M", null)));
        assertEquals("host_refused", UpstreamCause.of(new ArtifactHostRefusedException("refused")));
        assertEquals("io", UpstreamCause.of(new IOException("stream closed")));
    }
}
