package org.granary.core;

import java.io.IOException;
import java.io.InputStream;
import org.granary.storage.OpenedBlob;

/**
 * An artifact ready to serve: either stored (size and hashes known, ranges possible) or still streaming
 * from upstream (length as the upstream declared it, or -1).
 */
public sealed interface ArtifactResult {

    String contentType();

    /** Opens the bytes from {@code offset}. Opening is lazy so that HEAD requests read nothing. */
    InputStream open(long offset) throws IOException;

    /** A stored artifact: its row's description, and its blob, opened on demand. */
    record Stored(StoredArtifact artifact, BlobOpener opener) implements ArtifactResult {
        @Override
        public String contentType() {
            return artifact.contentType();
        }

        @Override
        public InputStream open(long offset) throws IOException {
            OpenedBlob blob = opener.open();
            try {
                return blob.stream(offset);
            } catch (IOException | RuntimeException e) {
                blob.close();
                throw e;
            }
        }

        /** The blob as it is stored now: its size is that of the bytes it yields, whatever the row says. */
        public OpenedBlob openBlob() throws IOException {
            return opener.open();
        }
    }

    @FunctionalInterface
    interface BlobOpener {
        OpenedBlob open() throws IOException;
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
