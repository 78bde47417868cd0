package org.granary.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.util.concurrent.atomic.AtomicInteger;
import org.granary.testing.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an operator's Prometheus reads from {@code /granary/metrics} after Granary did some work. */
class GranaryMetricsTest {

    private final GranaryMetrics metrics = new GranaryMetrics();

    @BeforeEach
    void start() {
        metrics.bindJvmMeters();
    }

    @AfterEach
    void stop() {
        metrics.close();
    }

    @Test
    void cacheTrafficIsCountedPerRepositoryAndFormat() {
        // given two hits and a miss on npm-proxy, a metadata request on pypi-proxy, and bytes served
        metrics.miss("npm-proxy", "npm");
        metrics.hit("npm-proxy", "npm", 1_000);
        metrics.hit("npm-proxy", "npm", 500);
        metrics.request("pypi-proxy", "pypi", "metadata");
        metrics.servedBytes("npm-proxy", "npm").increment(2_500);

        // when Prometheus scrapes
        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        // then each counter is there, under its Prometheus name, per repository
        assertEquals(2, scrape.sum("granary_cache_hits_total", "repository", "npm-proxy", "format", "npm"));
        assertEquals(1, scrape.sum("granary_cache_misses_total", "repository", "npm-proxy"));
        assertEquals(1_500, scrape.sum("granary_saved_bytes_total", "repository", "npm-proxy"));
        assertEquals(2_500, scrape.sum("granary_served_bytes_total", "repository", "npm-proxy"));
        assertEquals(1, scrape.sum("granary_requests_total", "repository", "pypi-proxy", "kind", "metadata"));
        assertEquals(0, scrape.sum("granary_cache_hits_total", "repository", "pypi-proxy"));
        assertEquals("counter", scrape.type("granary_cache_hits_total").orElseThrow());
    }

    @Test
    void aRequestKindNamedLikeACacheCounterIsCountedApartFromIt() {
        metrics.request("npm-proxy", "npm", "hits");
        metrics.request("npm-proxy", "npm", "hits");
        metrics.hit("npm-proxy", "npm", 0);

        PrometheusText scrape = PrometheusText.parse(metrics.scrape());
        assertEquals(2, scrape.sum("granary_requests_total", "repository", "npm-proxy", "kind", "hits"));
        assertEquals(1, scrape.sum("granary_cache_hits_total", "repository", "npm-proxy"));
    }

    @Test
    void upstreamLatencyIsAHistogramAndFailuresAreCountedByCause() {
        metrics.upstream("maven-proxy", "maven", "artifact", Duration.ofMillis(30).toNanos(), null);
        metrics.upstream("maven-proxy", "maven", "artifact", Duration.ofSeconds(3).toNanos(), "timeout");
        metrics.upstreamError("maven-proxy", "maven", "artifact", "integrity");

        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        assertEquals("histogram", scrape.type("granary_upstream_request_seconds").orElseThrow());
        assertEquals(2, scrape.sum("granary_upstream_request_seconds_count", "repository", "maven-proxy"));
        assertEquals(3.03, scrape.sum("granary_upstream_request_seconds_sum", "repository", "maven-proxy"), 0.001);
        // the 50 ms bucket holds the fast fetch only; +Inf holds both
        assertEquals(1, scrape.sum("granary_upstream_request_seconds_bucket", "repository", "maven-proxy", "le", "0.05"));
        assertEquals(2, scrape.sum("granary_upstream_request_seconds_bucket", "repository", "maven-proxy", "le", "+Inf"));
        assertEquals(1, scrape.sum("granary_upstream_errors_total", "cause", "timeout"));
        assertEquals(1, scrape.sum("granary_upstream_errors_total", "cause", "integrity"));
    }

    @Test
    void staleServesWaitsRefusalsAndPublishesAreCounted() {
        metrics.staleServe("npm-proxy", "npm");
        metrics.singleFlightWait("npm-proxy", "npm", "artifact");
        metrics.singleFlightWait("npm-proxy", "npm", "artifact");
        metrics.downloadRejected("npm-proxy", "npm", "download_limit");
        metrics.publish("npm-hosted", "npm", "publish", "success");
        metrics.publish("npm-hosted", "npm", "publish", "refused");

        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        assertEquals(1, scrape.sum("granary_stale_serves_total", "repository", "npm-proxy"));
        assertEquals(2, scrape.sum("granary_singleflight_waits_total", "kind", "artifact"));
        assertEquals(1, scrape.sum("granary_downloads_rejected_total", "reason", "download_limit"));
        assertEquals(1, scrape.sum("granary_publishes_total", "repository", "npm-hosted", "outcome", "success"));
        assertEquals(1, scrape.sum("granary_publishes_total", "repository", "npm-hosted", "outcome", "refused"));
    }

    @Test
    void gaugesAreReadAtScrapeTimeBesideTheJvmMeters() {
        AtomicInteger running = new AtomicInteger(3);
        metrics.gauge("granary.downloads.active", "downloads running", running, AtomicInteger::get);

        assertEquals(3, PrometheusText.parse(metrics.scrape()).sum("granary_downloads_active"));
        running.set(1);
        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        assertEquals(1, scrape.sum("granary_downloads_active"));
        assertFalse(scrape.find("jvm_memory_used_bytes", "area", "heap").isEmpty());
        assertTrue(scrape.sum("jvm_threads_live_threads") > 0);
        assertTrue(scrape.sum("process_uptime_seconds") > 0);
    }

    /** What WildFly publishes for a datasource pool with statistics on (two of its attributes). */
    public interface PoolStatistics {
        int getActiveCount();

        int getInUseCount();
    }

    @Test
    void containerPoolStatisticsBecomeGauges() throws Exception {
        ObjectName name = new ObjectName("jboss.as:subsystem=datasources,data-source=GranaryDS,statistics=pool");
        int[] inUse = {2};
        ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(new PoolStatistics() {
            @Override
            public int getActiveCount() {
                return 5;
            }

            @Override
            public int getInUseCount() {
                return inUse[0];
            }
        }, PoolStatistics.class), name);
        GranaryMetrics withPool = new GranaryMetrics();
        try {
            withPool.bindJvmMeters();
            inUse[0] = 4;
            PrometheusText scrape = PrometheusText.parse(withPool.scrape());

            assertEquals(5, scrape.sum("granary_datasource_connections", "datasource", "GranaryDS", "state", "active"));
            assertEquals(4, scrape.sum("granary_datasource_connections", "datasource", "GranaryDS", "state", "in_use"));
        } finally {
            withPool.close();
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        }
    }
}
