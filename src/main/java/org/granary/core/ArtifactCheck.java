package org.granary.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Inspects a complete artifact download before it is committed to the cache, for formats whose upstream
 * declares no hash but whose artifacts have a structure that can be checked (a Go module zip's file names
 * and its {@code go.mod}). Artifacts fetched with a check are verified before any client receives a byte.
 */
@FunctionalInterface
public interface ArtifactCheck {

    /**
     * @param file the downloaded bytes (read-only use; the file is deleted afterwards)
     * @throws IOException to refuse the artifact; the message says what is wrong with it and ends up in the
     *                     client's 502 response. A {@link GranaryException} is passed on unchanged.
     */
    void check(Path file) throws IOException;

    /** No check: the artifact may be streamed to clients while it downloads. */
    ArtifactCheck NONE = file -> { };
}
