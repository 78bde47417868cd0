package org.granary.core;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Metadata as served: where its bytes are, their hash (for client ETags), and whether it is a stale copy
 * served because the upstream failed.
 */
public record CachedMetadata(String sha256, long size, String contentType, Instant fetchedAt, boolean stale,
                             Opener opener) {

    public InputStream open() throws IOException {
        return opener.open();
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }
}
