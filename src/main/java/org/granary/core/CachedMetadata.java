package org.granary.core;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Metadata as served: where its bytes are, their hash (for client ETags), whether it is a stale copy served
 * because the upstream failed, and which repository it was read from ({@code source}: a proxy, a hosted
 * repository, or for a merge of several members the group itself).
 */
public record CachedMetadata(String sha256, long size, String contentType, Instant fetchedAt, boolean stale,
                             RepositoryInfo source, Opener opener) {

    public InputStream open() throws IOException {
        return opener.open();
    }

    /** The whole document; a failure to read the stored copy is an {@link UpstreamFailureException}. */
    public byte[] bytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            if (e.getCause() instanceof GranaryException g) {
                throw g;
            }
            throw new UpstreamFailureException("the stored copy of a document of repository '" + source.name()
                    + "' is unreadable: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }
}
