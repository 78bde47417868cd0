package org.granary.core;

import java.net.URI;

/**
 * The one rule for where an artifact may be fetched from, whatever format named the URL (npm {@code dist.tarball},
 * PyPI file URLs, cargo {@code dl}, ...).
 */
final class ArtifactUrls {

    private ArtifactUrls() {
    }

    /** Refuses anything but an absolute http(s) URL with a host. */
    static void check(RepositoryInfo repo, URI url, String display) {
        String scheme = url == null ? null : url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || url.getHost() == null) {
            throw new UpstreamFailureException("the upstream metadata of repository '" + repo.name() + "' points "
                    + display + " at " + (url == null ? "no URL" : "a non-HTTP URL") + "; nothing was fetched");
        }
    }
}
