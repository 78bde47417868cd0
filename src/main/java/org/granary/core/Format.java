package org.granary.core;

import java.util.Locale;

/** The package ecosystems Granary speaks. */
public enum Format {
    NPM(128L << 20, true), PYPI(64L << 20, true), CARGO(16L << 20, true), MAVEN(16L << 20, true), GO(16L << 20, false),
    WINGET(16L << 20, true);

    private final long defaultMaxMetadataBytes;
    private final boolean declaresHashes;

    Format(long defaultMaxMetadataBytes, boolean declaresHashes) {
        this.defaultMaxMetadataBytes = defaultMaxMetadataBytes;
        this.declaresHashes = declaresHashes;
    }

    /**
     * The largest upstream metadata document a repository of this format accepts unless it says otherwise: npm's
     * packuments of popular packages reach tens of megabytes, a PyPI project page a few, the others far less.
     */
    public long defaultMaxMetadataBytes() {
        return defaultMaxMetadataBytes;
    }

    /**
     * Whether the upstream metadata of this format declares the hashes of its artifacts (Go's does not: the go client
     * checks modules against {@code go.sum} and the checksum database itself).
     */
    public boolean declaresHashes() {
        return declaresHashes;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
