/**
 * Operational metrics, exposed at {@code /granary/metrics} in the Prometheus text format: one Micrometer
 * {@code PrometheusMeterRegistry} ({@link org.granary.metrics.GranaryMetrics}) with Granary's counters (per
 * repository and format), the upstream latency histogram, gauges of the download executor and the datasource
 * pool, and the JVM's own meters.
 * <p>
 * Belongs here: meter names and tags, the registry's life cycle. Callers pass plain names (repository, format,
 * cause), so this package depends on nothing else in Granary; {@code core} records into it (through
 * {@code AccessRecorder} and the caches), {@code web} serves it and decides who may read it ({@code MetricsAccess}).
 */
package org.granary.metrics;
