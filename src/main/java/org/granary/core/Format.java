package org.granary.core;

import java.util.Locale;

/** The package ecosystems Granary speaks. */
public enum Format {
    NPM(128L << 20, true, true, true), PYPI(64L << 20, true, false, false), CARGO(16L << 20, true, false, false),
    MAVEN(16L << 20, true, true, true), GO(16L << 20, false, false, false), WINGET(16L << 20, true, false, false);

    private final long defaultMaxMetadataBytes;
    private final boolean declaresHashes;
    private final boolean keepsSha512;
    private final boolean keepsSha1;

    Format(long defaultMaxMetadataBytes, boolean declaresHashes, boolean keepsSha512, boolean keepsSha1) {
        this.defaultMaxMetadataBytes = defaultMaxMetadataBytes;
        this.declaresHashes = declaresHashes;
        this.keepsSha512 = keepsSha512;
        this.keepsSha1 = keepsSha1;
    }

    /**
     * Whether a cached artifact of this format records its SHA-512: npm clients check it ({@code dist.integrity}) and
     * Maven clients may fetch {@code .sha512} files; PyPI, Cargo, Go and WinGet clients check SHA-256, so their
     * downloads skip the slowest of the three digests (unless the upstream's metadata declares a SHA-512 to verify).
     */
    public boolean keepsSha512() {
        return keepsSha512;
    }

    /**
     * Whether a cached artifact of this format records its SHA-1: npm's {@code dist.shasum} and Maven's {@code .sha1}
     * files are SHA-1; PyPI, Cargo, Go and WinGet clients check SHA-256, so their downloads skip it too (unless the
     * upstream's metadata declares a SHA-1 to verify).
     */
    public boolean keepsSha1() {
        return keepsSha1;
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
