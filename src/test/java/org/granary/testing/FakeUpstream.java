package org.granary.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake upstream registry: an HTTP server on {@code 127.0.0.1} that tests program with handlers.
 *
 * <p>The server starts in the constructor. Handlers are registered by exact path or by prefix and are
 * matched against the <em>raw</em> (still percent-encoded) request path, so {@code /@scope%2fname} and
 * {@code /@scope/name} are different keys; {@link Exchange} offers both the raw and the decoded path.
 *
 * <p>Every request is counted and recorded (method, paths, headers) before faults and handlers run.
 * {@link #stop()} closes the listening socket and every open connection, so new connections are refused;
 * {@link #start()} binds again to the same port.
 */
public class FakeUpstream implements AutoCloseable {

    /** Answers one request. Exceptions become a 500 if no response was sent yet. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private static final int THREADS = 64;
    private static final int BACKLOG = 256;
    private static final long BIND_RETRY_MILLIS = 10_000;

    private final Map<String, Handler> exactHandlers = new ConcurrentHashMap<>();
    private final Map<String, Handler> prefixHandlers = new ConcurrentHashMap<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> countsByRawPath = new ConcurrentHashMap<>();
    private final Map<String, RecordedRequest> lastByRawPath = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    private int port;
    private HttpServer server;
    private ExecutorService executor;

    /** Starts a fake upstream on an ephemeral port. */
    public FakeUpstream() {
        this(0);
    }

    /** Starts a fake upstream on {@code port} ({@code 0} picks an ephemeral one). */
    public FakeUpstream(int port) {
        this.port = port;
        start();
    }

    // ---- lifecycle -------------------------------------------------------------------------------------

    /** Binds (again) to the same port and serves requests. Does nothing if already running. */
    public final synchronized void start() {
        if (server != null) {
            return;
        }
        HttpServer created = bind();
        executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        created.setExecutor(executor);
        created.createContext("/", this::dispatch);
        created.start();
        server = created;
        port = created.getAddress().getPort();
    }

    /** Closes the listening socket and all connections; in-flight handlers are interrupted. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        executor = null;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    // ---- handlers --------------------------------------------------------------------------------------

    /** Serves requests whose raw path is exactly {@code rawPath}. */
    public FakeUpstream on(String rawPath, Handler handler) {
        exactHandlers.put(rawPath, handler);
        return this;
    }

    /** Serves requests whose raw path starts with {@code rawPrefix}; the longest prefix wins. */
    public FakeUpstream onPrefix(String rawPrefix, Handler handler) {
        prefixHandlers.put(rawPrefix, handler);
        return this;
    }

    // ---- faults ----------------------------------------------------------------------------------------

    /** Every request whose raw or decoded path starts with {@code prefix} gets {@code status}. */
    public void failWith(String prefix, int status) {
        failWith(prefix, status, Map.of());
    }

    /** As {@link #failWith(String, int)}, with response headers such as {@code Retry-After}. */
    public void failWith(String prefix, int status, Map<String, String> headers) {
        faults.add(new Fault(prefix, status, headers, new AtomicInteger(Integer.MAX_VALUE)));
    }

    /** Fails only the next {@code times} matching requests, then serves normally again. */
    public void failNext(String prefix, int times, int status, Map<String, String> headers) {
        faults.add(new Fault(prefix, status, headers, new AtomicInteger(times)));
    }

    public void clearFaults() {
        faults.clear();
    }

    // ---- what the upstream saw -------------------------------------------------------------------------

    /** Requests whose raw path, or decoded path, equals {@code path}. */
    public int requestCount(String path) {
        return countsByRawPath.entrySet().stream()
                .filter(e -> path.equals(e.getKey()) || path.equals(Exchange.decode(e.getKey())))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }

    /** Requests whose raw path, or decoded path, starts with {@code prefix}. */
    public int requestCountWithPrefix(String prefix) {
        return countsByRawPath.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) || Exchange.decode(e.getKey()).startsWith(prefix))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }

    public int totalRequests() {
        return total.get();
    }

    /** Forgets counts and recorded requests (faults and handlers stay). */
    public void resetCounts() {
        countsByRawPath.clear();
        lastByRawPath.clear();
        total.set(0);
    }

    /** The most recent request whose raw path, or decoded path, equals {@code path}. */
    public Optional<RecordedRequest> lastRequest(String path) {
        return lastByRawPath.values().stream()
                .filter(r -> path.equals(r.rawPath()) || path.equals(r.path()))
                .max(Comparator.comparingLong(RecordedRequest::sequence));
    }

    /** Headers of the most recent request to {@code path}; empty if it was never requested. */
    public Map<String, List<String>> lastRequestHeaders(String path) {
        return lastRequest(path).map(RecordedRequest::headers).orElse(Map.of());
    }

    // ---- internals -------------------------------------------------------------------------------------

    private void dispatch(HttpExchange http) {
        Exchange exchange = new Exchange(http);
        try (http) {
            record(exchange);
            Optional<Fault> fault = matchingFault(exchange);
            if (fault.isPresent()) {
                fault.get().answer(exchange);
            } else {
                handlerFor(exchange.rawPath()).handle(exchange);
            }
        } catch (Exception e) {
            if (!exchange.responseStarted() && !Thread.currentThread().isInterrupted()) {
                try {
                    exchange.respondText(500, "fake upstream handler failed: " + e);
                } catch (IOException ignored) {
                    // client went away
                }
            }
        }
    }

    private void record(Exchange exchange) {
        String raw = exchange.rawPath();
        countsByRawPath.computeIfAbsent(raw, k -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        lastByRawPath.put(raw, RecordedRequest.of(sequence.incrementAndGet(), exchange));
    }

    private Optional<Fault> matchingFault(Exchange exchange) {
        for (Fault fault : faults) {
            if (fault.matches(exchange) && fault.consume()) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    private Handler handlerFor(String rawPath) {
        Handler exact = exactHandlers.get(rawPath);
        if (exact != null) {
            return exact;
        }
        return prefixHandlers.entrySet().stream()
                .filter(e -> rawPath.startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue)
                .orElse(FakeUpstream::notFound);
    }

    private static void notFound(Exchange exchange) throws IOException {
        exchange.respondJson(404, "{\"error\":\"Not found\"}");
    }

    private HttpServer bind() {
        long deadline = System.currentTimeMillis() + BIND_RETRY_MILLIS;
        while (true) {
            try {
                return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
            } catch (BindException e) {
                if (port == 0 || System.currentTimeMillis() > deadline) {
                    throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
                }
                sleepQuietly(100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        String name = getClass().getSimpleName() + "-" + port + "-";
        return runnable -> {
            Thread thread = new Thread(runnable, name + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An injected failure: {@code remaining} counts down for {@link #failNext}. */
    private record Fault(String prefix, int status, Map<String, String> headers, AtomicInteger remaining) {

        boolean matches(Exchange exchange) {
            return exchange.rawPath().startsWith(prefix) || exchange.path().startsWith(prefix);
        }

        boolean consume() {
            return remaining.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0;
        }

        void answer(Exchange exchange) throws IOException {
            headers.forEach(exchange::setHeader);
            exchange.respondJson(status, "{\"error\":\"injected fault " + status + "\"}");
        }
    }
}
