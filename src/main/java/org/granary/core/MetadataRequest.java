package org.granary.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Mutable metadata a format wants from one member repository: where it is kept, where a proxy fetches it,
 * and how to tell a usable copy from garbage before it replaces the cached one.
 *
 * @param path         the metadata's path inside the repository (validated as a storage path)
 * @param upstreamPath the path relative to a proxy's upstream URL (e.g. {@code @scope%2fname}); unused for hosted
 * @param headers      extra request headers, e.g. {@code Accept}
 * @param check        inspects a fetched copy; throws to refuse it (the cached copy then stays)
 * @param hostedAs     how a hosted repository keeps it: a document Granary writes, or an upload (Maven snapshots)
 * @param postBody     for metadata an upstream answers only to a POST (a WinGet {@code manifestSearch}): the body
 *                     sent with it; {@code null} for a GET. The {@code path} must then name the body too (e.g. by
 *                     its hash), since the cached answer is kept under it.
 * @param listing      what the document says about a package's versions and their release times (for the
 *                     supply-chain guards), or {@code null}
 */
public record MetadataRequest(String path, String upstreamPath, Map<String, String> headers, ContentCheck check,
                              HostedForm hostedAs, byte[] postBody, ReleaseListing listing) {

    public MetadataRequest(String path, String upstreamPath, Map<String, String> headers, ContentCheck check) {
        this(path, upstreamPath, headers, check, HostedForm.DOCUMENT, null, null);
    }


    /** Metadata a proxy fetches with a POST of {@code body} (kept as a hosted document like any other). */
    public static MetadataRequest post(String path, String upstreamPath, Map<String, String> headers, ContentCheck check,
                                       byte[] body) {
        return new MetadataRequest(path, upstreamPath, headers, check, HostedForm.DOCUMENT, body.clone(), null);
    }

    public MetadataRequest(String path, String upstreamPath, Map<String, String> headers, ContentCheck check,
                           HostedForm hostedAs) {
        this(path, upstreamPath, headers, check, hostedAs, null, null);
    }

    /** The same request, its document read for release times as {@code listing} says. */
    public MetadataRequest withListing(ReleaseListing listing) {
        return new MetadataRequest(path, upstreamPath, headers, check, hostedAs, postBody, listing);
    }

    /** How a hosted repository keeps a piece of mutable metadata. */
    public enum HostedForm {
        /** A document Granary writes as packages are published (a packument, an index file, maven-metadata.xml). */
        DOCUMENT,
        /** An uploaded file that a later upload may replace (a Maven snapshot file). */
        UPLOAD
    }

    /** Inspects fetched metadata before it is cached. */
    @FunctionalInterface
    public interface ContentCheck {
        void check(InputStream content) throws IOException;

        ContentCheck ANY = content -> { };
    }
}
