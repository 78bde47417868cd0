package org.granary.core;

import java.io.IOException;
import java.io.InputStream;
import org.granary.storage.OpenedBlob;
import java.nio.channels.FileChannel;

/**
 * An artifact ready to serve: either stored (size and hashes known, ranges possible) or still streaming
 * from upstream (length as the upstream declared it, or -1).
 */
public sealed interface ArtifactResult {

    String contentType();

    /** Opens the bytes from {@code offset}. Opening is lazy so that HEAD requests read nothing. */
    InputStream open(long offset) throws IOException;

    /**
     * A stored artifact: its row's description, and its blob, opened on demand.
     *
     * @param file the bytes as a local file, for an edge that sends files faster than streams; null when the
     *             blob store keeps no local files (or the artifact was not read through the cache)
     */
    record Stored(StoredArtifact artifact, BlobOpener opener, LocalFile file) implements ArtifactResult {

        public Stored(StoredArtifact artifact, BlobOpener opener) {
            this(artifact, opener, null);
        }

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

    /** A stored artifact's bytes as a local file. */
    interface LocalFile {
        /**
         * A channel on the whole file, positioned at 0; null when the blob store keeps no local files.
         *
         * @throws org.granary.storage.BlobNotFoundException when the blob is gone
         */
        FileChannel open() throws IOException;

        /** Counts bytes sent from the channel as served. */
        void sent(long bytes);
    }

    @FunctionalInterface
    interface Opener {
        InputStream open(long offset) throws IOException;
    }
}
