package org.granary.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The application's meters, in one Prometheus registry. Every Granary meter is tagged with the
 * {@code repository} and its {@code format}; upstream meters also with the {@code kind} of fetch
 * ({@code metadata} or {@code artifact}). Names as Prometheus shows them:
 * <ul>
 *   <li>{@code granary_requests_total{kind}}: metadata and artifact requests a repository answered (a group's
 *       request counts at each member asked);</li>
 *   <li>{@code granary_cache_hits_total}, {@code granary_cache_misses_total}: artifacts served from the cache, and
 *       misses that went (or would have gone) upstream;</li>
 *   <li>{@code granary_served_bytes_total}: body bytes sent to clients; {@code granary_saved_bytes_total}: bytes of
 *       artifacts served from the cache, which the upstream did not have to send again;</li>
 *   <li>{@code granary_upstream_request_seconds}: histogram of the time to an upstream's response headers (retries
 *       included); {@code granary_upstream_errors_total{cause}}: failed upstream fetches by cause;</li>
 *   <li>{@code granary_stale_serves_total}: cached metadata served because revalidation failed;</li>
 *   <li>{@code granary_singleflight_waits_total{kind}}: requests that waited for another request's fetch of the same
 *       thing instead of asking the upstream themselves;</li>
 *   <li>{@code granary_downloads_rejected_total{reason}}: misses refused with 503 because the download limit was
 *       reached;</li>
 *   <li>{@code granary_publishes_total{action,outcome}}: writes to hosted repositories (publish, yank, dist-tag…);</li>
 *   <li>gauges registered by their owners ({@link #gauge}); {@code granary_datasource_connections{datasource,state}}
 *       of the container's pools ({@link DataSourcePoolGauges}); and the JVM's: memory, GC, threads, classes, CPU,
 *       uptime, file descriptors.</li>
 * </ul>
 */
@ApplicationScoped
public class GranaryMetrics {

    /** Upstream latency buckets: from a loopback mirror (milliseconds) to a slow public registry (a minute). */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60)};

    /** How many blocked downloads {@link #recentBlocked()} remembers. */
    static final int RECENT_BLOCKED = 20;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private JvmGcMetrics gc;
    private final Map<String, UpstreamHealth> health = new ConcurrentHashMap<>();
    private final Deque<Blocked> blocked = new ConcurrentLinkedDeque<>();
    private final Map<RepositoryKey, Map<String, Counter>> repositoryCounters = new ConcurrentHashMap<>();
    @Inject
    Clock clock;

    /** A proxy's upstream as this server saw it since it started: its last answer, its last failure and why. */
    public record UpstreamHealth(Instant lastSuccess, Instant lastError, String lastCause) {
    }

    /** A download a supply-chain policy refused. */
    public record Blocked(Instant at, String repository, String reason, String message) {
    }

    @PostConstruct
    void bindJvmMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        DataSourcePoolGauges.bind(registry);
    }

    @PreDestroy
    void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }

    /** The registry's current state in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** The media type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    public void request(String repository, String format, String kind) {
        repositoryCounter(repository, format, kind, () -> Counter.builder("granary.requests")
                .description("Requests a repository answered").tags(tags(repository, format).and("kind", kind)))
                .increment();
    }

    public void hit(String repository, String format, long artifactBytes) {
        repositoryCounter(repository, format, "#hits", () -> Counter.builder("granary.cache.hits")
                .description("Artifacts served from the cache").tags(tags(repository, format))).increment();
        if (artifactBytes > 0) {
            repositoryCounter(repository, format, "#saved", () -> Counter.builder("granary.saved").baseUnit("bytes")
                    .description("Bytes of artifacts served from the cache instead of fetched again")
                    .tags(tags(repository, format))).increment(artifactBytes);
        }
    }

    public void miss(String repository, String format) {
        repositoryCounter(repository, format, "#misses", () -> Counter.builder("granary.cache.misses")
                .description("Artifact requests the cache did not have").tags(tags(repository, format))).increment();
    }

    /** The counter of body bytes served by a repository; look it up once per response, add to it as bytes go out. */
    public Counter servedBytes(String repository, String format) {
        return repositoryCounter(repository, format, "#served", () -> Counter.builder("granary.served")
                .baseUnit("bytes").description("Body bytes sent to clients").tags(tags(repository, format)));
    }

    /** One upstream fetch: how long until its response (or failure), and the failure's cause ({@code null}: none). */
    public void upstream(String repository, String format, String kind, long nanos, String cause) {
        Timer.builder("granary.upstream.request").description("Time to an upstream's response headers, retries included")
                .tags(tags(repository, format).and("kind", kind))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if (cause != null) {
            upstreamError(repository, format, kind, cause);
        } else {
            Instant now = now();
            health.merge(repository, new UpstreamHealth(now, null, null),
                    (old, x) -> new UpstreamHealth(now, old.lastError(), old.lastCause()));
        }
    }

    /** An upstream fetch that failed after its response began (a bad body, a failed check). */
    public void upstreamError(String repository, String format, String kind, String cause) {
        counter("granary.upstream.errors", "Failed upstream fetches by cause", repository, format,
                "kind", kind, "cause", cause).increment();
        Instant now = now();
        health.merge(repository, new UpstreamHealth(null, now, cause),
                (old, x) -> new UpstreamHealth(old.lastSuccess(), now, cause));
    }

    /** A download refused by a supply-chain policy ({@code reason}: its {@code X-Granary-Block-Reason}). */
    public void blocked(String repository, String reason, String message) {
        Counter.builder("granary.downloads.blocked").description("Downloads a supply-chain policy refused")
                .tags(Tags.of("repository", repository, "reason", reason)).register(registry).increment();
        blocked.addFirst(new Blocked(now(), repository, reason, message));
        while (blocked.size() > RECENT_BLOCKED) {
            blocked.pollLast();
        }
    }

    /** The latest blocked downloads, newest first (this server's, since it started). */
    public List<Blocked> recentBlocked() {
        return new ArrayList<>(blocked);
    }

    /** What this server saw of {@code repository}'s upstream since it started. */
    public Optional<UpstreamHealth> upstreamHealth(String repository) {
        return Optional.ofNullable(health.get(repository));
    }

    /**
     * The sum of the counters named {@code meter} ({@code granary.stale.serves}, {@code granary.saved}…) of one
     * repository, or of all when {@code repository} is {@code null}; since this server started.
     */
    public double total(String meter, String repository) {
        var search = registry.find(meter);
        if (repository != null) {
            search = search.tag("repository", repository);
        }
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    private Instant now() {
        return clock == null ? Instant.now() : clock.instant();
    }

    public void staleServe(String repository, String format) {
        counter("granary.stale.serves", "Cached metadata served because revalidation failed", repository, format)
                .increment();
    }

    public void singleFlightWait(String repository, String format, String kind) {
        counter("granary.singleflight.waits", "Requests that waited for a concurrent fetch of the same thing",
                repository, format, "kind", kind).increment();
    }

    public void downloadRejected(String repository, String format, String reason) {
        counter("granary.downloads.rejected", "Artifact misses refused (503) instead of downloaded", repository,
                format, "reason", reason).increment();
    }

    public void publish(String repository, String format, String action, String outcome) {
        counter("granary.publishes", "Writes to hosted repositories", repository, format, "action", action,
                "outcome", outcome).increment();
    }

    /** A gauge read from {@code state} whenever metrics are scraped (held weakly by Micrometer: keep {@code state}). */
    public <T> void gauge(String name, String description, T state, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, state, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private Counter counter(String name, String description, String repository, String format, String... more) {
        return Counter.builder(name).description(description).tags(tags(repository, format).and(more)).register(registry);
    }

    /**
     * One of the counters every request of a repository touches ({@code key}: {@code #hits}, {@code #misses},
     * {@code #saved}, {@code #served}, or the request's kind, which never starts with {@code #}, so the two never
     * meet), registered the first time only. A meter is never removed
     * from the registry, and Micrometer's registration (building and sorting the tags, then finding the meter) cost
     * a cache hit several microseconds per counter.
     */
    private Counter repositoryCounter(String repository, String format, String key, Supplier<Counter.Builder> builder) {
        return repositoryCounters.computeIfAbsent(new RepositoryKey(repository, format), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(key, k -> builder.get().register(registry));
    }

    /** The tags that tell one repository's counters from another's. */
    private record RepositoryKey(String repository, String format) {
    }

    private static Tags tags(String repository, String format) {
        return Tags.of("repository", repository, "format", format);
    }
}
