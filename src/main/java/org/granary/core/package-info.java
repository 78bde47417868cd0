/**
 * The format-neutral cache flow that every ecosystem shares.
 * <p>
 * {@link org.granary.core.ProxyCache} is the one entry point: {@code metadata(...)} serves mutable
 * metadata (fresh within the repository's max age, revalidated with ETag/Last-Modified, stale with a
 * warning when the upstream fails) and {@code artifact(...)} serves immutable artifacts (fetched once per
 * miss however many clients ask, streamed to them while it downloads, verified against the declared hash
 * and only then committed to storage and database). Also here: the repository registry and its
 * first-start defaults, access statistics, and the exceptions whose HTTP meaning the web layer maps in
 * one place. Depends on {@code config}, {@code storage}, {@code upstream} and {@code persistence}; never
 * on JAX-RS or on a format.
 */
package org.granary.core;
