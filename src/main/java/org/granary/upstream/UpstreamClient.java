package org.granary.upstream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * GETs from upstream registries with retries and timeouts, returning the body as a stream.
 * <p>
 * The connect timeout bounds connection set-up; the read timeout bounds the wait for response headers
 * and, while the body is read, any stall (no byte for that long closes the stream, which the reader sees
 * as an {@link IOException}). Connection errors and retryable statuses are retried per {@link RetryPolicy};
 * the last response is returned whatever its status, and only a failure to get any response throws.
 */
public class UpstreamClient {

    private static final Logger LOG = Logger.getLogger(UpstreamClient.class.getName());
    private static final String USER_AGENT = "Granary/0.1 (+caching proxy)";

    private final HttpClient http;
    private final RetryPolicy retryPolicy;
    private final Duration readTimeout;
    private final ScheduledExecutorService scheduler;

    public UpstreamClient(Duration connectTimeout, Duration readTimeout, RetryPolicy retryPolicy,
                          Optional<OutboundProxy> proxy, ScheduledExecutorService scheduler) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL);
        proxy.ifPresent(p -> {
            builder.proxy(p);
            p.credentials().ifPresent(c -> builder.authenticator(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return getRequestorType() == RequestorType.PROXY
                            ? new PasswordAuthentication(c[0], c[1].toCharArray())
                            : null;
                }
            }));
        });
        this.http = builder.build();
        this.retryPolicy = retryPolicy;
        this.readTimeout = readTimeout;
        this.scheduler = scheduler;
    }

    /**
     * GETs {@code uri} with the given extra headers (e.g. If-None-Match, Accept).
     *
     * @throws UpstreamUnavailableException when no attempt produced a response
     */
    public UpstreamResponse get(URI uri, Map<String, String> headers) throws IOException {
        IOException lastError = null;
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(readTimeout)
                    .header("User-Agent", USER_AGENT)
                    .GET();
            if ("http".equals(uri.getScheme())) {
                request.version(HttpClient.Version.HTTP_1_1);
            }
            headers.forEach(request::header);
            Integer status = null;
            String retryAfter = null;
            try {
                HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                if (!RetryPolicy.isRetryableStatus(status) || attempt >= retryPolicy.maxAttempts()) {
                    return new UpstreamResponse(uri, status, response.headers(), new StallGuard(response.body()));
                }
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                response.body().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while fetching " + uri);
            } catch (IOException e) {
                lastError = e;
            }
            Optional<Duration> delay = retryPolicy.delayAfter(attempt, status, retryAfter);
            if (delay.isEmpty()) {
                throw new UpstreamUnavailableException("upstream " + uri + " is unreachable after " + attempt
                        + " attempt(s): " + describe(lastError), lastError);
            }
            LOG.log(Level.FINE, "Retrying {0} in {1} (attempt {2} got {3})",
                    new Object[] {uri, delay.get(), attempt, status != null ? status : describe(lastError)});
            sleep(delay.get());
        }
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "no response";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    /** Closes the body when no byte arrives for the read timeout, so a stalled upstream cannot hang a fetch. */
    private final class StallGuard extends FilterInputStream {
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean stalled;
        private final ScheduledFuture<?> watchdog;

        StallGuard(InputStream in) {
            super(in);
            long period = Math.max(50, readTimeout.toMillis() / 4);
            this.watchdog = scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        private void check() {
            if (System.nanoTime() - lastProgress > readTimeout.toNanos()) {
                stalled = true;
                closeQuietly();
            }
        }

        @Override
        public int read() throws IOException {
            int b = guarded(super.read());
            lastProgress = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw stalled ? new IOException("upstream stalled for more than " + readTimeout, e) : e;
            }
            lastProgress = System.nanoTime();
            if (n < 0) {
                watchdog.cancel(false);
            }
            return guarded(n);
        }

        private int guarded(int n) throws IOException {
            if (stalled) {
                throw new IOException("upstream stalled for more than " + readTimeout);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            watchdog.cancel(false);
            super.close();
        }

        private void closeQuietly() {
            watchdog.cancel(false);
            try {
                super.close();
            } catch (IOException ignored) {
                // Already failing the read.
            }
        }
    }
}
