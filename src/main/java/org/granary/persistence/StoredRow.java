package org.granary.persistence;

import java.time.Instant;

/**
 * One artifact or document row as the cleanup job sees it: where its blob is, how large, when it was last read, and
 * the package version it belongs to (none for documents and loose files).
 *
 * @param lastAccessedAt last read (or fetch) time
 * @param packageName    {@code null} when the row belongs to no package
 * @param versionTime    when the version was released upstream, else when Granary first stored it
 */
public record StoredRow(long id, String path, String storageKey, long size, Instant lastAccessedAt, String packageName,
                        String version, Instant versionTime) {
}
