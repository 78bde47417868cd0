package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.granary.testing.FakeUpstream;

/** Holds fake upstream answers until the test opens the gate (which then stays open). */
final class UpstreamGate {

    private static final long MAX_HOLD_SECONDS = 30;

    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    /** Runs {@code answer} only once the gate is open. */
    FakeUpstream.Handler holding(FakeUpstream.Handler answer) {
        return exchange -> {
            arrived.countDown();
            hold();
            answer.handle(exchange);
        };
    }

    /** Sends the headers (with Content-Length) and the first half of {@code body} at once, the rest once open. */
    FakeUpstream.Handler halfThenHold(String contentType, byte[] body) {
        return exchange -> {
            exchange.setHeader("Content-Type", contentType);
            int half = body.length / 2;
            try (OutputStream out = exchange.startResponse(200, body.length)) {
                out.write(body, 0, half);
                out.flush();
                arrived.countDown();
                hold();
                out.write(body, half, body.length - half);
            }
        };
    }

    /** Waits until some request reached the gate (for a half-sent answer: its first half is sent). */
    void awaitArrival() throws InterruptedException {
        assertTrue(arrived.await(20, TimeUnit.SECONDS), "no request reached the fake upstream");
    }

    void open() {
        open.countDown();
    }

    private void hold() {
        try {
            open.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
