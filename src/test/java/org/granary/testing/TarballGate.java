package org.granary.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a tarball response half-way. While the gate is closed, the fake registry sends the headers (with
 * {@code Content-Length}) and the first half of the bytes, flushes them, and waits for {@link #release()}
 * before sending the rest. Once released, the gate stays open.
 */
public final class TarballGate {

    /** How long a gated response waits before giving up on the test and finishing anyway. */
    private static final Duration MAX_HOLD = Duration.ofMinutes(2);

    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch firstHalfSent = new CountDownLatch(1);

    /** Lets every held response (and every later one) finish. */
    public void release() {
        released.countDown();
    }

    public boolean isReleased() {
        return released.getCount() == 0;
    }

    /** Waits until some response has sent its first half; {@code false} on timeout. */
    public boolean awaitFirstHalfSent(Duration timeout) throws InterruptedException {
        return firstHalfSent.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void firstHalfSent() {
        firstHalfSent.countDown();
    }

    void awaitRelease() throws InterruptedException {
        released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }
}
