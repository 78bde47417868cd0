/**
 * The HTTP client to upstream registries, on {@code java.net.http}: connect and stall timeouts, an overall deadline
 * per fetch, redirects followed and checked hop by hop, bounded
 * retries with exponential backoff and jitter on connection errors, 429 (honouring Retry-After) and 5xx,
 * conditional requests, streaming bodies, and the outbound proxy with its no-proxy list.
 * <p>
 * Belongs here: {@link org.granary.upstream.UpstreamClient} (with its {@link org.granary.upstream.UpstreamTimeouts}),
 * {@link org.granary.upstream.RetryPolicy}, {@link org.granary.upstream.ArtifactHostRule} (which hosts artifacts and
 * redirects may be fetched from, per repository, as a {@link org.granary.upstream.TargetRule}),
 * {@link org.granary.upstream.UpstreamResponse}, {@link org.granary.upstream.OutboundProxy}.
 * Depends on {@code config} only; knows nothing of caching or formats.
 */
package org.granary.upstream;
