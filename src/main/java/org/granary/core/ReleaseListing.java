package org.granary.core;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a format's metadata document says about the versions of one package: which versions it lists and when each
 * was released. Attached to a {@link MetadataRequest} ({@link MetadataRequest#withListing}), it lets core store the
 * release times the first time it sees a document (once per document version, not per download), for the supply-chain
 * guards.
 *
 * @param packageName the package, spelt as the format's download keys spell it ({@link ReleaseKey})
 * @param times       reads a document: version to release time, {@code null} for a version listed without one; in
 *                    release order where the format knows it
 * @param probe       asks a proxy member's upstream for one version's time when the document has none (Maven: the
 *                    POM's {@code Last-Modified}; Go: the {@code .info}); {@code null} when the format has no such way
 */
public record ReleaseListing(String packageName, TimeReader times, Probe probe) {

    public ReleaseListing(String packageName, TimeReader times) {
        this(packageName, times, null);
    }

    /**
     * An RFC 3339 / ISO-8601 time with an offset as registries write release times ({@code 2024-01-02T03:04:05.678Z},
     * {@code 2024-02-01T10:00:00+01:00}); {@code null} for none or an unreadable one (a version then has no time).
     */
    public static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Records {@code at} for {@code version} in {@code times} unless an earlier time is there (a release whose files or
     * installers carry several times was released at the earliest); {@code null} only while none is known.
     */
    public static void putEarliest(Map<String, Instant> times, String version, Instant at) {
        Instant known = times.get(version);
        times.put(version, known == null ? at : at == null || known.isBefore(at) ? known : at);
    }

    /** Reads versions and their release times out of one document. */
    @FunctionalInterface
    public interface TimeReader {
        Map<String, Instant> read(byte[] document) throws IOException;
    }

    /** One version's release time from a proxy member's upstream; empty when it cannot be learnt now. */
    @FunctionalInterface
    public interface Probe {
        Optional<Instant> releasedAt(RepositoryInfo member, String version);
    }
}
