package org.granary.core;

import java.io.IOException;

/**
 * A format's pure edit of one of its documents for the supply-chain guards: the versions {@code gate} does not allow
 * left out, and what pointed at them repaired (npm dist-tags, Maven's latest/release, Go's @latest).
 */
@FunctionalInterface
public interface DocumentFilter {

    /** @throws IOException when the document cannot be read as the format's document */
    byte[] filter(byte[] document, VersionGate gate) throws IOException;
}
