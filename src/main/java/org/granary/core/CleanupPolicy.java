package org.granary.core;

/**
 * What the cleanup job may evict from a proxy repository; {@code null}: no such limit. Hosted repositories are never
 * evicted by these (their artifacts are the only copy).
 *
 * @param maxBytes    evict the least recently used artifacts until the repository holds at most this many bytes
 * @param maxIdleDays evict artifacts not read (nor fetched) for more than this many days
 * @param keepLatest  the newest this many versions of each package are kept whatever else applies
 */
public record CleanupPolicy(Long maxBytes, Integer maxIdleDays, Integer keepLatest) {

    public static final CleanupPolicy NONE = new CleanupPolicy(null, null, null);

    public CleanupPolicy {
        if (maxBytes != null && maxBytes < 0) {
            throw new InvalidRequestException("maxBytes must be 0 or more, not " + maxBytes);
        }
        if (maxIdleDays != null && maxIdleDays < 1) {
            throw new InvalidRequestException("maxIdleDays must be at least 1, not " + maxIdleDays);
        }
        if (keepLatest != null && keepLatest < 1) {
            throw new InvalidRequestException("keepLatest must be at least 1, not " + keepLatest);
        }
    }

    /** Whether any limit is set. */
    public boolean evicts() {
        return maxBytes != null || maxIdleDays != null;
    }
}
