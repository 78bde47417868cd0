package org.granary.core;

import java.io.IOException;
import java.io.InputStream;

/**
 * An artifact ready to serve: either stored (size and hashes known, ranges possible) or still streaming
 * from upstream (length as the upstream declared it, or -1).
 */
public sealed interface ArtifactResult {

    String contentType();

    /** Opens the bytes from {@code offset}. Opening is lazy so that HEAD requests read nothing. */
    InputStream open(long offset) throws IOException;

    record Stored(StoredArtifact artifact, Opener opener) implements ArtifactResult {
        @Override
        public String contentType() {
            return artifact.contentType();
        }

        @Override
        public InputStream open(long offset) throws IOException {
            return opener.open(offset);
        }
    }

    record Streaming(long length, String contentType, Opener opener) implements ArtifactResult {
        @Override
        public InputStream open(long offset) throws IOException {
            if (offset != 0) {
                throw new IllegalArgumentException("a streaming artifact is read from the start");
            }
            return opener.open(0);
        }
    }

    @FunctionalInterface
    interface Opener {
        InputStream open(long offset) throws IOException;
    }
}
