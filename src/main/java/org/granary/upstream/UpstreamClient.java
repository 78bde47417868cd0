package org.granary.upstream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.Setting;

/**
 * GETs from upstream registries with retries, timeouts and deadlines, returning the body as a stream.
 * <p>
 * The connect timeout bounds connection set-up; the read timeout bounds the wait for response headers
 * and, while the body is read, any stall (no byte for that long closes the stream, which the reader sees
 * as an {@link IOException}); the deadline bounds the whole fetch, attempts, retry delays and body
 * included ({@link UpstreamTimeouts}). Connection errors and retryable statuses are retried per
 * {@link RetryPolicy}; the last response is returned whatever its status, and only a failure to get any
 * response throws.
 * <p>
 * Redirects are followed here, not by {@code java.net.http}, so that every hop is checked: never from https
 * to http, at most {@value #MAX_REDIRECTS} hops, each target passed through the request's {@link TargetRule}
 * (an artifact fetch passes {@link ArtifactHostRule#forUpstream(URI)}), and no {@code Authorization} header
 * carried to another host. Plain-http requests are HTTP/1.1 (no h2c upgrade attempt).
 * <p>
 * Measured on loopback (300 sequential GETs): one connection serves them all, and a 2 kB answer takes
 * 0.6 ms at p50 from a server that writes headers and body in one segment. A server that writes them in two
 * small segments without TCP_NODELAY (the JDK's {@code HttpServer} unless {@code -Dsun.net.httpserver.nodelay=true})
 * takes 44 ms at p50: its Nagle delay meeting this side's delayed ACK, not anything this client does.
 */
public class UpstreamClient {

    private static final Logger LOG = Logger.getLogger(UpstreamClient.class.getName());
    private static final String USER_AGENT = "Granary/0.1 (+caching proxy)";
    static final int MAX_REDIRECTS = 5;

    /** The target rule of metadata fetches: any http or https URL (the URL is the configured upstream's). */
    public static final TargetRule ANY_HTTP_URL = target -> {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null) {
            throw new ArtifactHostRefusedException("refused to fetch '" + target + "': only http and https URLs are fetched");
        }
    };

    private final HttpClient http;
    private final RetryPolicy retryPolicy;
    private final UpstreamTimeouts timeouts;
    private final ScheduledExecutorService scheduler;

    public UpstreamClient(UpstreamTimeouts timeouts, RetryPolicy retryPolicy, Optional<OutboundProxy> proxy,
                          ScheduledExecutorService scheduler) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER);
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
        this.timeouts = timeouts;
        this.scheduler = scheduler;
    }

    /**
     * A metadata fetch: GETs {@code uri} with the given extra headers (e.g. If-None-Match, Accept) under the
     * metadata deadline, following redirects to any http(s) URL.
     *
     * @throws UpstreamUnavailableException when no attempt produced a response within the deadline
     */
    public UpstreamResponse get(URI uri, Map<String, String> headers) throws IOException {
        return fetch(uri, headers, ANY_HTTP_URL, new Deadline(timeouts.metadataDeadline(), Setting.UPSTREAM_METADATA_DEADLINE),
                null);
    }

    /**
     * A metadata fetch an upstream answers only to a POST (a WinGet {@code manifestSearch}): POSTs {@code body} as
     * JSON under the metadata deadline, retried like a GET (such a POST reads, it changes nothing upstream), following
     * only redirects that keep the method (307, 308).
     */
    public UpstreamResponse post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
        return fetch(uri, headers, ANY_HTTP_URL, new Deadline(timeouts.metadataDeadline(), Setting.UPSTREAM_METADATA_DEADLINE),
                body.clone());
    }

    /**
     * An artifact fetch: GETs {@code uri} under the artifact deadline; {@code targets} decides whether
     * {@code uri} and each redirect target may be fetched.
     *
     * @throws ArtifactHostRefusedException when {@code targets} refuses the URL or a redirect target (not retried)
     * @throws UpstreamUnavailableException when no attempt produced a response within the deadline
     */
    public UpstreamResponse get(URI uri, Map<String, String> headers, TargetRule targets) throws IOException {
        return fetch(uri, headers, targets, new Deadline(timeouts.artifactDeadline(), Setting.UPSTREAM_FETCH_DEADLINE), null);
    }

    private UpstreamResponse fetch(URI uri, Map<String, String> headers, TargetRule targets, Deadline deadline,
                                   byte[] postBody) throws IOException {
        targets.check(uri);
        IOException lastError = null;
        for (int attempt = 1; ; attempt++) {
            Integer status = null;
            String retryAfter = null;
            try {
                Answer answer = followingRedirects(uri, headers, targets, deadline, postBody);
                HttpResponse<InputStream> response = answer.response();
                status = response.statusCode();
                if (!RetryPolicy.isRetryableStatus(status) || attempt >= retryPolicy.maxAttempts()) {
                    return new UpstreamResponse(answer.uri(), status, response.headers(),
                            new BodyGuard(response.body(), deadline, answer.uri()));
                }
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                response.body().close();
            } catch (ArtifactHostRefusedException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while fetching " + uri);
            } catch (IOException e) {
                lastError = e;
            }
            String failure = status != null ? "HTTP " + status : describe(lastError);
            Optional<Duration> delay = retryPolicy.delayAfter(attempt, status, retryAfter);
            if (delay.isEmpty()) {
                throw new UpstreamUnavailableException("upstream " + uri + " is unreachable after " + attempt
                        + " attempt(s): " + failure, lastError);
            }
            if (deadline.remaining().compareTo(delay.get()) <= 0) {
                throw new UpstreamUnavailableException("upstream " + uri + " " + deadline.exceeded() + " after "
                        + attempt + " attempt(s): " + failure, lastError);
            }
            LOG.log(Level.FINE, "Retrying {0} in {1} (attempt {2} got {3})",
                    new Object[] {uri, delay.get(), attempt, failure});
            sleep(delay.get());
        }
    }

    /** The response to {@code uri}, or to where its redirects lead: each hop checked, as the class says. */
    private Answer followingRedirects(URI uri, Map<String, String> headers, TargetRule targets, Deadline deadline,
                                      byte[] postBody) throws IOException, InterruptedException {
        URI current = uri;
        Map<String, String> sent = headers;
        for (int hop = 0; ; hop++) {
            HttpResponse<InputStream> response = send(current, sent, deadline, postBody);
            URI base = current;
            boolean follow = postBody == null ? isRedirect(response.statusCode())
                    : response.statusCode() == 307 || response.statusCode() == 308;
            Optional<URI> next = follow && hop < MAX_REDIRECTS
                    ? response.headers().firstValue("Location").flatMap(l -> resolve(base, l))
                    : Optional.empty();
            if (next.isEmpty()) {
                return new Answer(current, response);
            }
            response.body().close();
            URI target = next.get();
            if ("https".equalsIgnoreCase(current.getScheme()) && !"https".equalsIgnoreCase(target.getScheme())) {
                throw new ArtifactHostRefusedException("refused to follow the redirect from " + current.getHost()
                        + " to " + target.getScheme() + "://" + target.getHost() + ": it leaves https");
            }
            targets.check(target);
            if (!sameHost(current, target)) {
                sent = withoutAuthorization(sent);
            }
            LOG.log(Level.FINE, "Following the redirect from {0} to {1}", new Object[] {current, target});
            current = target;
        }
    }

    private HttpResponse<InputStream> send(URI uri, Map<String, String> headers, Deadline deadline, byte[] postBody)
            throws IOException, InterruptedException {
        Duration left = deadline.remaining();
        if (left.isZero()) {
            throw new HttpTimeoutException(deadline.exceeded());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(left.compareTo(timeouts.read()) < 0 ? left : timeouts.read())
                .header("User-Agent", USER_AGENT);
        if (postBody == null) {
            request.GET();
        } else {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(postBody)).header("Content-Type", "application/json");
        }
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            request.version(HttpClient.Version.HTTP_1_1);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static Optional<URI> resolve(URI base, String location) {
        try {
            return Optional.of(base.resolve(new URI(location.trim())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort()
                && a.getScheme().equalsIgnoreCase(b.getScheme());
    }

    private static Map<String, String> withoutAuthorization(Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(k -> k.equalsIgnoreCase("Authorization"));
        return copy;
    }

    private record Answer(URI uri, HttpResponse<InputStream> response) {
    }

    /** The instant one fetch must be done by, and the setting that said so. */
    private static final class Deadline {
        private final long endNanos;
        private final Duration length;
        private final Setting setting;

        Deadline(Duration length, Setting setting) {
            this.endNanos = System.nanoTime() + length.toNanos();
            this.length = length;
            this.setting = setting;
        }

        Duration remaining() {
            long left = endNanos - System.nanoTime();
            return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
        }

        String exceeded() {
            return "did not finish within the deadline of " + length + " (" + setting.environmentVariable() + ")";
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

    /**
     * Closes the body when no byte arrives for the read timeout, or when the fetch's deadline passes, so a
     * stalled or trickling upstream cannot hold a fetch for ever.
     */
    private final class BodyGuard extends FilterInputStream {
        private final Deadline deadline;
        private final URI uri;
        private volatile long lastProgress = System.nanoTime();
        private volatile String failure;
        private final ScheduledFuture<?> watchdog;

        BodyGuard(InputStream in, Deadline deadline, URI uri) {
            super(in);
            this.deadline = deadline;
            this.uri = uri;
            long shortest = Math.min(timeouts.read().toMillis(), deadline.length.toMillis());
            long period = Math.max(50, Math.min(1000, shortest / 4));
            this.watchdog = scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        private void check() {
            if (System.nanoTime() - lastProgress > timeouts.read().toNanos()) {
                failure = "upstream stalled for more than " + timeouts.read() + " while sending " + uri;
            } else if (deadline.remaining().isZero()) {
                failure = "the fetch of " + uri + " " + deadline.exceeded();
            } else {
                return;
            }
            closeQuietly();
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                throw failure != null ? new IOException(failure, e) : e;
            }
            lastProgress = System.nanoTime();
            return guarded(b);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw failure != null ? new IOException(failure, e) : e;
            }
            lastProgress = System.nanoTime();
            if (n < 0) {
                watchdog.cancel(false);
            }
            return guarded(n);
        }

        private int guarded(int n) throws IOException {
            String f = failure;
            if (f != null) {
                throw new IOException(f);
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
