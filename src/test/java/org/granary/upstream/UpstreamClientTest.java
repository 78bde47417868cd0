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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final InetAddress OTHER_LOOPBACK = otherLoopback();

    private final CountDownLatch releaseStalledHandlers = new CountDownLatch(1);
    private final Map<String, Handler> extraHandlers = new ConcurrentHashMap<>();
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
    void aPostSendsItsJsonBodyIsRetriedLikeAGetAndFollowsOnlyRedirectsThatKeepTheMethod() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        URI target = serve("/search2", ex -> {
            // (the test server reads the body before handlers run: its length tells it arrived)
            seen.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Length") + " "
                    + ex.getRequestHeaders().getFirst("Content-Type"));
            if (attempts.incrementAndGet() == 1) {
                respond(ex, 503, "busy");
            } else {
                respond(ex, 200, "{\"Data\":[]}");
            }
        });
        URI moved = serve("/search", ex -> redirect(ex, 307, target.toString()));
        URI seeOther = serve("/elsewhere", ex -> redirect(ex, 303, target.toString()));
        byte[] body = "{\"Query\":{\"KeyWord\":\"x\",\"MatchType\":\"Exact\"}}".getBytes(StandardCharsets.UTF_8);

        try (UpstreamResponse r = client(3, Duration.ofSeconds(1)).post(moved, Map.of("Version", "1.10.0"), body)) {
            assertEquals(200, r.status());
        }
        try (UpstreamResponse r = client(3, Duration.ofSeconds(1)).post(seeOther, Map.of(), body)) {
            assertEquals(303, r.status(), "a 303 would turn the search into a GET: it is the answer");
        }
        String sent = "POST " + body.length + " application/json";
        assertEquals(List.of(sent, sent), seen, "the body is sent again with the retry, after the 307");
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
        UpstreamClient patient = new UpstreamClient(new UpstreamTimeouts(Duration.ofSeconds(2), READ_TIMEOUT.multipliedBy(2),
                Duration.ofSeconds(20), Duration.ofSeconds(20)), retry, Optional.empty(), scheduler);
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


    // ------------------------------------------------------------------ deadlines

    @Test
    void anArtifactBodyTricklingInFasterThanTheStallLimitStillFailsAtTheFetchDeadline() throws IOException {
        URI uri = serve("/trickle.tgz", trickle(Duration.ofMillis(100)));
        UpstreamClient client = client(Duration.ofSeconds(10), Duration.ofMillis(1200));

        long start = System.nanoTime();
        UpstreamResponse r = client.get(uri, Map.of(), ArtifactHostRule.parse("", HostResolver.SYSTEM).forUpstream(uri));
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> r.body().readAllBytes()));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        r.close();

        assertTrue(e.getMessage().contains("GRANARY_UPSTREAM_FETCH_DEADLINE"), e.getMessage());
        assertTrue(e.getMessage().contains("PT1.2S"), e.getMessage());
        assertTrue(elapsedMillis >= 1_100, "failed after only " + elapsedMillis + " ms: " + e);
        assertTrue(elapsedMillis < 5_000, "took " + elapsedMillis + " ms to enforce a 1.2 s deadline");
    }

    @Test
    void aMetadataFetchHasItsOwnShorterDeadline() throws IOException {
        URI uri = serve("/trickle", trickle(Duration.ofMillis(100)));
        UpstreamClient client = client(Duration.ofMillis(600), Duration.ofSeconds(10));

        long start = System.nanoTime();
        UpstreamResponse r = client.get(uri, Map.of());
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> r.body().readAllBytes()));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        r.close();

        assertTrue(e.getMessage().contains("GRANARY_UPSTREAM_METADATA_DEADLINE"), e.getMessage());
        assertTrue(elapsedMillis < 4_000, "took " + elapsedMillis + " ms to enforce a 0.6 s deadline");
    }

    @Test
    void retriesStopWhenTheNextWaitWouldPassTheDeadline() {
        AtomicInteger requests = new AtomicInteger();
        URI uri = serveQuietly("/busy", ex -> {
            requests.incrementAndGet();
            ex.getResponseHeaders().add("Retry-After", "1");
            respond(ex, 503, "busy");
        });
        RetryPolicy retry = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofSeconds(5), () -> 0.5, Clock.systemUTC());
        UpstreamClient client = new UpstreamClient(new UpstreamTimeouts(Duration.ofSeconds(2), READ_TIMEOUT,
                Duration.ofMillis(1500), Duration.ofSeconds(20)), retry, Optional.empty(), scheduler);

        long start = System.nanoTime();
        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> client.get(uri, Map.of()));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(e.getMessage().contains("GRANARY_UPSTREAM_METADATA_DEADLINE"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertEquals(2, requests.get(), "one retry fits in 1.5 s after a Retry-After of 1 s, a second does not");
        assertTrue(elapsedMillis < 1500, "gave up only after " + elapsedMillis + " ms");
    }

    // ------------------------------------------------------------------ redirects and artifact hosts

    @Test
    void aRedirectOnTheSameHostIsFollowedAndTheResponseSaysWhereItCameFrom() throws IOException {
        URI target = serve("/files/left-pad-1.3.0.tgz", ex -> respond(ex, 200, "tarball"));
        URI uri = target.resolve("/left-pad/-/left-pad-1.3.0.tgz");
        serveAlso(uri, ex -> redirect(ex, 302, "/files/left-pad-1.3.0.tgz"));

        try (UpstreamResponse r = client(1, Duration.ofSeconds(1)).get(uri, Map.of(), noExtraHosts(uri))) {
            assertEquals(200, r.status());
            assertEquals("tarball", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(target, r.uri());
        }
    }

    @Test
    void aRedirectToAHostThatIsNotAllowedIsRefusedWithoutAskingIt() throws IOException {
        AtomicInteger askedElsewhere = new AtomicInteger();
        URI elsewhere = serveOn(OTHER_LOOPBACK, "/latest/meta-data", ex -> {
            askedElsewhere.incrementAndGet();
            respond(ex, 200, "secret");
        });
        AtomicInteger asked = new AtomicInteger();
        URI uri = serve("/left-pad/-/left-pad-1.3.0.tgz", ex -> {
            asked.incrementAndGet();
            redirect(ex, 302, elsewhere.toString());
        });

        ArtifactHostRefusedException e = assertThrows(ArtifactHostRefusedException.class,
                () -> client(3, Duration.ofSeconds(1)).get(uri, Map.of(), noExtraHosts(uri)));

        assertTrue(e.getMessage().contains("host " + OTHER_LOOPBACK.getHostAddress()), e.getMessage());
        assertTrue(e.getMessage().contains("GRANARY_ARTIFACT_HOSTS"), e.getMessage());
        assertEquals(0, askedElsewhere.get());
        assertEquals(1, asked.get(), "a refused redirect is not retried");
    }

    @Test
    void aRedirectIntoTheAllowListIsFollowedWithoutTheAuthorizationHeader() throws IOException {
        List<String> authorizationSeen = new CopyOnWriteArrayList<>();
        URI cdn = serveOn(OTHER_LOOPBACK, "/blobs/1", ex -> {
            authorizationSeen.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            respond(ex, 200, "from the cdn");
        });
        URI uri = serve("/left-pad/-/left-pad-1.3.0.tgz", ex -> {
            authorizationSeen.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            redirect(ex, 307, cdn.toString());
        });
        TargetRule rule = ArtifactHostRule.parse(OTHER_LOOPBACK.getHostAddress(), HostResolver.SYSTEM).forUpstream(uri);

        try (UpstreamResponse r = client(1, Duration.ofSeconds(1)).get(uri, Map.of("Authorization", "Bearer t0ken"), rule)) {
            assertEquals(200, r.status());
            assertEquals("from the cdn", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(cdn, r.uri());
        }
        assertEquals(List.of("Bearer t0ken", "null"), authorizationSeen);
    }

    @Test
    void metadataRedirectsMayLeaveTheHost() throws IOException {
        URI mirror = serveOn(OTHER_LOOPBACK, "/simple/requests/", ex -> respond(ex, 200, "<html>requests</html>"));
        URI uri = serve("/simple/Requests/", ex -> redirect(ex, 301, mirror.toString()));

        try (UpstreamResponse r = client(1, Duration.ofSeconds(1)).get(uri, Map.of())) {
            assertEquals(200, r.status());
            assertEquals(mirror, r.uri());
        }
    }

    @Test
    void aRedirectLoopEndsAfterFiveHopsWithTheLastRedirect() throws IOException {
        AtomicInteger hops = new AtomicInteger();
        URI uri = serve("/loop", ex -> redirect(ex, 302, "/loop?n=" + hops.incrementAndGet()));

        try (UpstreamResponse r = client(1, Duration.ofSeconds(1)).get(uri, Map.of(), noExtraHosts(uri))) {
            assertEquals(302, r.status());
        }
        assertEquals(UpstreamClient.MAX_REDIRECTS + 1, hops.get());
    }

    @Test
    void anArtifactUrlThatIsNotHttpIsRefusedBeforeAnyRequest() {
        URI file = URI.create("file:///etc/passwd");

        ArtifactHostRefusedException e = assertThrows(ArtifactHostRefusedException.class,
                () -> client(1, Duration.ofSeconds(1)).get(file, Map.of(), noExtraHosts(URI.create("http://127.0.0.1/"))));

        assertTrue(e.getMessage().contains("only http and https"), e.getMessage());
    }

    // ------------------------------------------------------------------ connections

    @Test
    void sequentialFetchesReuseOneConnection() throws IOException {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        URI uri = serve("/lodash", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            respond(ex, 200, "{\"name\":\"lodash\"}");
        });
        UpstreamClient client = client(1, Duration.ofSeconds(1));

        for (int i = 0; i < 5; i++) {
            try (UpstreamResponse r = client.get(uri, Map.of())) {
                r.body().readAllBytes();
            }
        }

        assertEquals(1, clientPorts.size(), "connections opened: " + clientPorts);
    }

    // ------------------------------------------------------------------ helpers

    private UpstreamClient client(int maxAttempts, Duration maxDelay) {
        return client(maxAttempts, maxDelay, Optional.empty());
    }

    private UpstreamClient client(int maxAttempts, Duration maxDelay, Optional<OutboundProxy> proxy) {
        RetryPolicy retry = new RetryPolicy(maxAttempts, Duration.ofMillis(10), maxDelay, () -> 0.5, Clock.systemUTC());
        return new UpstreamClient(new UpstreamTimeouts(Duration.ofSeconds(2), READ_TIMEOUT, Duration.ofSeconds(20),
                Duration.ofSeconds(20)), retry, proxy, scheduler);
    }

    private UpstreamClient client(Duration metadataDeadline, Duration artifactDeadline) {
        RetryPolicy retry = new RetryPolicy(1, Duration.ofMillis(10), Duration.ofSeconds(1), () -> 0.5, Clock.systemUTC());
        return new UpstreamClient(new UpstreamTimeouts(Duration.ofSeconds(2), READ_TIMEOUT, metadataDeadline,
                artifactDeadline), retry, Optional.empty(), scheduler);
    }

    /** The artifact rule with an empty GRANARY_ARTIFACT_HOSTS: only the upstream's own host. */
    private static TargetRule noExtraHosts(URI upstream) {
        return ArtifactHostRule.parse("", host -> {
            throw new AssertionError("no lookup expected, asked for " + host);
        }).forUpstream(upstream);
    }

    /** Sends headers for a long body, then one byte every {@code every}, until the client gives up. */
    private Handler trickle(Duration every) {
        return ex -> {
            ex.sendResponseHeaders(200, 1_000_000);
            OutputStream out = ex.getResponseBody();
            try {
                for (int i = 0; i < 1_000 && releaseStalledHandlers.getCount() > 0; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(every.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientWentAway) {
                // Expected: the client closed the connection at its deadline.
            }
        };
    }

    private static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        respond(ex, status, "moved");
    }

    private URI serveQuietly(String path, Handler handler) {
        try {
            return serve(path, handler);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** Starts a server on 127.0.0.1 answering every path with {@code handler}; returns the URI of {@code path} on it. */
    private URI serve(String path, Handler handler) throws IOException {
        return serveOn(InetAddress.getLoopbackAddress(), path, handler);
    }

    /** The same on another loopback address, which is another host to the client. */
    private URI serveOn(InetAddress address, String path, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            handlerFor(server, ex.getRequestURI().getPath(), handler).handle(ex);
        });
        server.start();
        servers.add(server);
        return URI.create("http://" + address.getHostAddress() + ":" + server.getAddress().getPort() + path);
    }

    /** Answers {@code uri}'s path on the server already listening there with {@code handler}. */
    private void serveAlso(URI uri, Handler handler) {
        extraHandlers.put(uri.getPort() + uri.getPath(), handler);
    }

    private Handler handlerFor(HttpServer server, String path, Handler fallback) {
        return extraHandlers.getOrDefault(server.getAddress().getPort() + path, fallback);
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static InetAddress otherLoopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
