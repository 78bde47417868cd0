package org.granary.core;

import java.time.Instant;

/**
 * An artifact as stored: what a response needs (size, hashes for ETags and checksum files, media type, time).
 * Leaves core instead of the database row.
 */
public record StoredArtifact(long size, String sha1, String sha256, String sha512, String contentType,
                             Instant fetchedAt) {
}
