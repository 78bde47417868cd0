package org.granary.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;

/**
 * Mutable metadata a format adapter wants: where it is cached, where it comes from, and how to tell a
 * usable copy from garbage before it replaces the cached one.
 *
 * @param path      the metadata's path inside the repository (validated as a storage path)
 * @param upstream  absolute upstream URL
 * @param headers   extra request headers, e.g. {@code Accept}
 * @param check     inspects a fetched copy; throws to refuse it (the cached copy then stays)
 */
public record MetadataRequest(String path, URI upstream, Map<String, String> headers, ContentCheck check) {

    /** Inspects fetched metadata before it is cached. */
    @FunctionalInterface
    public interface ContentCheck {
        void check(InputStream content) throws IOException;

        ContentCheck ANY = content -> { };
    }
}
