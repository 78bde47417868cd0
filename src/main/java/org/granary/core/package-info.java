/**
 * Repository types and the format-neutral flows every ecosystem shares. A format says what it wants from one
 * member repository; core decides everything else.
 * <ul>
 *   <li><b>Reads</b>: {@link org.granary.core.RepositoryReads} is the one read path for proxy, hosted and group
 *       repositories: it walks a group's members in order (nested groups too), skips members the caller may not
 *       read ({@link org.granary.core.AccessRules}), applies the 502-outranks-404 rule and builds a merged
 *       document's identity and staleness once; the format supplies only a pure
 *       {@link org.granary.core.DocumentMerge}. One member's mutable metadata is
 *       {@link org.granary.core.MetadataCache}'s (max age, ETag/Last-Modified revalidation, stale-if-error, negative
 *       cache, single flight; hosted documents read as stored), one member's immutable artifacts
 *       {@link org.granary.core.ArtifactCache}'s (fetched once per miss, streamed while downloading, verified before
 *       they are stored; hits answered from a bounded in-memory index of (repository, path) → stored artifact and
 *       blob key, forgotten on publish, replacement and delete ({@code ArtifactCache.forget}) and re-checked
 *       against the database after a minute, so a hit asks neither the database nor the upstream; what a hosted
 *       repository lacks is always asked of the database).</li>
 *   <li><b>Several servers</b> on one database and blob store: nothing another server needs stays in one server's
 *       memory. {@link org.granary.core.FetchLeases} makes a miss fetched once across servers (a lease row; the others
 *       wait for the artifact's row); freshness is the database row's; negative caches are bounded by their TTL and
 *       never outrank a stored row; the hit index is believed for at most half the cleanup grace; job runs take
 *       {@link org.granary.core.JobLeases}.</li>
 *   <li><b>Writes</b>: {@link org.granary.core.HostedStore} is the one publish transaction (target, access, absence,
 *       spool with limits and declared hash, the format's pure document edits, one database commit, audit);
 *       {@link org.granary.core.HostedDeletes} the one delete of a hosted version on it (the version's files, the
 *       format's {@link org.granary.core.VersionDeletion} edits, admin or publisher within the window).</li>
 *   <li><b>Supply-chain guards</b>: {@link org.granary.core.Guards} judges every download and filters every listing
 *       the read path serves by the {@link org.granary.core.GuardPolicy} of each repository on the way (minimum
 *       release age, block/allow/age rules, break-glass), with release times {@link org.granary.core.ReleaseTimes}
 *       stores once per version; a format names a download's {@link org.granary.core.ReleaseKey}, how its documents
 *       list versions ({@link org.granary.core.ReleaseListing}) and a pure {@link org.granary.core.DocumentFilter}.</li>
 *   <li>Records, not entities, leave core ({@link org.granary.core.StoredArtifact},
 *       {@link org.granary.core.CachedMetadata}, {@link org.granary.core.RepositoryInfo}); the exceptions here carry
 *       the HTTP meaning the web layer maps in one place. Also here: the repository registry and first-start
 *       defaults, the spool owner, access statistics, the audit log, and {@link org.granary.core.RequestOutcome} (what
 *       the caches did for the request being served, for the web edge's request log).</li>
 * </ul>
 * Depends on {@code config}, {@code storage}, {@code upstream} and {@code persistence}; never on JAX-RS, security or
 * a format.
 */
package org.granary.core;
