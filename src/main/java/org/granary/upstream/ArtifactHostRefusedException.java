package org.granary.upstream;

import java.io.IOException;

/**
 * Granary will not fetch this URL: its scheme, its host or the address its host resolves to is not allowed
 * for the repository (see {@link ArtifactHostRule}). Never retried. The message names the URL's host and the
 * setting that would allow it.
 */
public class ArtifactHostRefusedException extends IOException {
    public ArtifactHostRefusedException(String message) {
        super(message);
    }
}
