package org.granary.core;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of a repository's settings, as the request path needs them.
 *
 * @param anonymousRead  whether clients without credentials may read
 * @param publishers     user names allowed to publish; empty: every user with the publisher or admin role
 * @param maxUploadBytes the largest upload a hosted repository accepts
 * @param maxMetadataBytes the largest upstream metadata document a proxy accepts (502 beyond it)
 * @param requireDeclaredHash whether a proxy refuses artifacts whose upstream metadata declares no hash (else they are
 *                       cached unverified, and audited as such)
 * @param cleanup        what the cleanup job may evict (proxy repositories)
 */
public record RepositoryInfo(long id, String name, Format format, RepositoryType type, Optional<URI> upstream,
                             Duration metadataMaxAge, List<String> members, boolean anonymousRead,
                             List<String> publishers, long maxUploadBytes, long maxMetadataBytes,
                             boolean requireDeclaredHash, CleanupPolicy cleanup) {

    public static final long DEFAULT_MAX_UPLOAD_BYTES = 1L << 30;

    /** A repository readable by anyone, publishable by any publisher, with the default upload limit. */
    public RepositoryInfo(long id, String name, Format format, RepositoryType type, Optional<URI> upstream,
                          Duration metadataMaxAge, List<String> members) {
        this(id, name, format, type, upstream, metadataMaxAge, members, true, List.of(), DEFAULT_MAX_UPLOAD_BYTES,
                format.defaultMaxMetadataBytes(), false, CleanupPolicy.NONE);
    }

    public boolean isHosted() {
        return type == RepositoryType.HOSTED;
    }

    public boolean isProxy() {
        return type == RepositoryType.PROXY;
    }

    public boolean isGroup() {
        return type == RepositoryType.GROUP;
    }

    /**
     * This proxy repository reading from another upstream with another metadata max age: what a Go proxy uses for a
     * checksum database it proxies (its copies kept in the repository, under paths of their own).
     */
    public RepositoryInfo withUpstream(URI otherUpstream, Duration maxAge) {
        return new RepositoryInfo(id, name, format, type, Optional.of(otherUpstream), maxAge, members, anonymousRead,
                publishers, maxUploadBytes, maxMetadataBytes, requireDeclaredHash, cleanup);
    }

    /**
     * The upstream URL of a proxy joined with a relative path, e.g. {@code lodash} or {@code @scope%2fname}; a path
     * starting with {@code ../} leads out of it ({@code ../pypi/demo/json} beside {@code …/simple/}).
     */
    public URI upstreamUrl(String relativePath) {
        URI base = upstream.orElseThrow(() -> new UpstreamFailureException("repository '" + name
                + "' has no upstream URL configured"));
        String b = base.toString();
        URI joined = URI.create(b.endsWith("/") ? b + relativePath : b + "/" + relativePath);
        // a path beside the upstream URL (PyPI's JSON API, ../pypi/…, next to its simple/) is resolved
        return relativePath.startsWith("../") ? joined.normalize() : joined;
    }
}
