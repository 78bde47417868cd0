package org.granary.storage;

/** The hashes Granary records for every blob, as lower-case hex. */
public record Digests(long size, String sha1, String sha256, String sha512) {
}
