package org.granary.upstream;

import java.net.URI;

/**
 * Decides, per request, whether {@link UpstreamClient} may fetch a URL: the first one and every redirect target.
 * {@link ArtifactHostRule#forUpstream(URI)} gives the rule for a repository's artifacts.
 */
@FunctionalInterface
public interface TargetRule {

    /** @throws ArtifactHostRefusedException when {@code target} must not be fetched */
    void check(URI target) throws ArtifactHostRefusedException;
}
