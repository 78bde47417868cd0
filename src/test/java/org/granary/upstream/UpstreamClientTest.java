package org.granary.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upstream client against a real HTTP server on loopback. */
class UpstreamClientTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(400);

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseStalledHandlers = new CountDownLatch(1);
    private ExecutorService serverThreads;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void setUp() {
        serverThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-upstream");
            t.setDaemon(true);
            return t;
        });
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-stall-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        releaseStalledHandlers.countDown();
        servers.forEach(s -> s.stop(0));
        scheduler.shutdownNow();
        serverThreads.shutdownNow();
        serverThreads.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void retriesA503AndReturnsTheSuccessThatFollows() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        URI uri = serve("/lodash", ex -> {
            if (requests.incrementAndGet() == 1) {
                respond(ex, 503, "busy");
            } else {
                respond(ex, 200, "{\"name\":\"lodash\"}");
            }
        });

        try (UpstreamResponse r = client(3, Duration.ofSeconds(1)).get(uri, Map.of())) {
            assertEquals(200, r.status());
            assertEquals("{\"name\":\"lodash\"}", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(2, requests.get());
    }

    @Test
    void givesUpAfterMaxAttemptsAndReturnsTheLast500() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        URI uri = serve("/lodash", ex -> respond(ex, 500, "broken #" + requests.incrementAndGet()));

        try (UpstreamResponse r = client(3, Duration.ofSeconds(1)).get(uri, Map.of())) {
            assertEquals(500, r.status());
            assertEquals("broken #3", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(3, requests.get());
    }

    @Test
    void doesNotRetryA404() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        URI uri = serve("/missing", ex -> {
            requests.incrementAndGet();
            respond(ex, 404, "not found");
        });

        try (UpstreamResponse r = client(3, Duration.ofSeconds(1)).get(uri, Map.of())) {
            assertEquals(404, r.status());
        }
        assertEquals(1, requests.get());
    }

    @Test
    void waitsAsLongAsRetryAfterAsks() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        URI uri = serve("/lodash", ex -> {
            if (requests.incrementAndGet() == 1) {
                ex.getResponseHeaders().add("Retry-After", "1");
                respond(ex, 429, "slow down");
            } else {
                respond(ex, 200, "ok");
            }
        });

        long start = System.nanoTime();
        try (UpstreamResponse r = client(2, Duration.ofSeconds(5)).get(uri, Map.of())) {
            assertEquals(200, r.status());
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(2, requests.get());
        assertTrue(elapsedMillis >= 900, "waited only " + elapsedMillis + " ms");
        assertTrue(elapsedMillis < 5_000, "waited " + elapsedMillis + " ms");
    }

    @Test
    void aRetryAfterLongerThanMaxDelayIsCapped() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        URI uri = serve("/lodash", ex -> {
            if (requests.incrementAndGet() == 1) {
                ex.getResponseHeaders().add("Retry-After", "3600");
                respond(ex, 503, "maintenance");
            } else {
                respond(ex, 200, "ok");
            }
        });

        long start = System.nanoTime();
        try (UpstreamResponse r = client(2, Duration.ofMillis(200)).get(uri, Map.of())) {
            assertEquals(200, r.status());
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(elapsedMillis < 3_000, "waited " + elapsedMillis + " ms");
    }

    @Test
    void aRefusedConnectionThrowsUpstreamUnavailableAfterMaxAttempts() throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + closedPort() + "/lodash");

        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class,
                () -> client(3, Duration.ofSeconds(1)).get(uri, Map.of()));

        assertTrue(e.getMessage().contains("after 3 attempt(s)"), e.getMessage());
        assertTrue(e.getMessage().contains(uri.toString()), e.getMessage());
        assertInstanceOf(ConnectException.class, e.getCause());
    }

    @Test
    void conditionalHeadersReachTheUpstream() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        URI uri = serve("/lodash", ex -> {
            String inm = ex.getRequestHeaders().getFirst("If-None-Match");
            seen.add(inm + " | " + ex.getRequestHeaders().getFirst("Accept"));
            if ("\"v1\"".equals(inm)) {
                ex.getResponseHeaders().add("ETag", "\"v1\"");
                ex.sendResponseHeaders(304, -1);
                ex.close();
            } else {
                respond(ex, 200, "full");
            }
        });

        try (UpstreamResponse r = client(3, Duration.ofSeconds(1))
                .get(uri, Map.of("If-None-Match", "\"v1\"", "Accept", "application/json"))) {
            assertEquals(304, r.status());
            assertEquals("\"v1\"", r.header("ETag"));
        }
        assertEquals(List.of("\"v1\" | application/json"), seen);
    }

    @Test
    void theResponseCarriesHeadersAndContentLength() throws IOException {
        URI uri = serve("/lodash/-/lodash-1.0.0.tgz", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
            respond(ex, 200, "0123456789");
        });

        try (UpstreamResponse r = client(3, Duration.ofSeconds(1)).get(uri, Map.of())) {
            assertEquals(uri, r.uri());
            assertEquals("application/octet-stream", r.header("content-type"));
            assertEquals(10, r.contentLength().orElseThrow());
            assertArrayEquals("0123456789".getBytes(StandardCharsets.US_ASCII), r.body().readAllBytes());
        }
    }

    @Test
    void aBodyThatStallsLongerThanTheReadTimeoutFailsTheRead() throws IOException {
        URI uri = serve("/big.tgz", ex -> {
            ex.sendResponseHeaders(200, 1_000_000);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[1000]);
            out.flush();
            try {
                releaseStalledHandlers.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        UpstreamResponse r = client(1, Duration.ofSeconds(1)).get(uri, Map.of());
        assertEquals(200, r.status());

        long start = System.nanoTime();
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> r.body().readAllBytes()));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        r.close();

        assertTrue(elapsedMillis >= READ_TIMEOUT.toMillis() / 2, "failed after only " + elapsedMillis + " ms: " + e);
        assertTrue(elapsedMillis < 3_000, "took " + elapsedMillis + " ms to notice the stall");
    }

    @Test
    void aSlowButSteadyBodyIsNotCutOff() throws IOException {
        URI uri = serve("/slow.tgz", ex -> {
            ex.sendResponseHeaders(200, 10);
            OutputStream out = ex.getResponseBody();
            try {
                for (int i = 0; i < 10; i++) {
                    out.write('0' + i);
                    out.flush();
                    Thread.sleep(READ_TIMEOUT.toMillis() / 4);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });

        // Each byte arrives well within the stall limit (an eighth of it), though the whole body takes longer than it.
        RetryPolicy retry = new RetryPolicy(1, Duration.ofMillis(10), Duration.ofSeconds(1), () -> 0.5, Clock.systemUTC());
        UpstreamClient patient = new UpstreamClient(Duration.ofSeconds(2), READ_TIMEOUT.multipliedBy(2), retry,
                Optional.empty(), scheduler);
        try (UpstreamResponse r = patient.get(uri, Map.of())) {
            assertEquals("0123456789", new String(r.body().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void hostsOnTheNoProxyListAreReachedDirectly() throws IOException {
        AtomicInteger viaProxy = new AtomicInteger();
        URI proxy = serve("/", ex -> {
            viaProxy.incrementAndGet();
            respond(ex, 502, "the proxy should not have been used");
        });
        URI uri = serve("/lodash", ex -> respond(ex, 200, "direct"));
        OutboundProxy outbound = new OutboundProxy(proxy, "localhost,127.0.0.1,::1");

        try (UpstreamResponse r = client(1, Duration.ofSeconds(1), Optional.of(outbound)).get(uri, Map.of())) {
            assertEquals(200, r.status());
            assertEquals("direct", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(0, viaProxy.get());
    }

    @Test
    void otherHostsGoThroughTheProxyWithItsCredentials() throws IOException {
        List<String> seenByProxy = new CopyOnWriteArrayList<>();
        URI proxy = serve("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Proxy-Authorization");
            seenByProxy.add(ex.getRequestURI() + " " + auth);
            if (auth == null) {
                ex.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"corp\"");
                respond(ex, 407, "who are you");
            } else {
                respond(ex, 200, "via proxy");
            }
        });
        URI proxyWithCredentials = URI.create("http://granary:s3cr%40t@127.0.0.1:" + proxy.getPort());
        OutboundProxy outbound = new OutboundProxy(proxyWithCredentials, "localhost,127.0.0.1");

        URI upstream = URI.create("http://registry.upstream.invalid/lodash");
        try (UpstreamResponse r = client(1, Duration.ofSeconds(1), Optional.of(outbound)).get(upstream, Map.of())) {
            assertEquals(200, r.status());
            assertEquals("via proxy", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString("granary:s3cr@t".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("http://registry.upstream.invalid/lodash null",
                "http://registry.upstream.invalid/lodash " + basic), seenByProxy);
    }

    // ------------------------------------------------------------------ helpers

    private UpstreamClient client(int maxAttempts, Duration maxDelay) {
        return client(maxAttempts, maxDelay, Optional.empty());
    }

    private UpstreamClient client(int maxAttempts, Duration maxDelay, Optional<OutboundProxy> proxy) {
        RetryPolicy retry = new RetryPolicy(maxAttempts, Duration.ofMillis(10), maxDelay, () -> 0.5, Clock.systemUTC());
        return new UpstreamClient(Duration.ofSeconds(2), READ_TIMEOUT, retry, proxy, scheduler);
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** Starts a server on 127.0.0.1 with one context; returns the URI of {@code path} on it. */
    private URI serve(String path, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            handler.handle(ex);
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
