/**
 * The HTTP edge shared by every format: the JAX-RS application, the router from {@code /{repository}/…}
 * to the repository's format endpoint, the exception mappers (the one place where failures become HTTP
 * statuses and JSON bodies), response helpers for artifacts (ETag, Range, HEAD) and metadata (ETag,
 * gzip/deflate, stale warning), the client-facing base URL, health, and the start-up log; and the servlet
 * filters every request passes: {@code ForwardedHeaders} (X-Forwarded-* and Forwarded only from trusted
 * proxies), {@code RequestLog} (one line per request to {@code org.granary.access}), {@code SecurityHeaders} (nosniff, Content-Security-Policy, framing) and {@code ArtifactHits} (the fast
 * path of cache hits: artifacts the core's in-memory index knows are answered with the Servlet API before JAX-RS,
 * from the blob's file channel, through a direct buffer where the container's stream takes one), plus the session cookie's
 * attributes.
 * <p>
 * Depends on {@code core} and {@code security} (the router checks read access); format packages plug in
 * through {@link org.granary.web.FormatEndpoints}.
 */
package org.granary.web;
