package org.granary.core;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a format says an artifact of one proxy member comes from, and what it must hash to. Resolved only on a
 * cache miss (resolving may need the upstream metadata), on the requesting thread.
 *
 * @param upstreamUrl  absolute URL of the bytes
 * @param expected     the hash the upstream metadata declares, when it declares one
 * @param coordinates  the package and version the artifact belongs to
 * @param contentType  the media type to serve it with
 * @param check        inspects the complete download before it is committed; anything but
 *                     {@link ArtifactCheck#NONE} means no client gets a byte before it passed
 */
public record ArtifactSource(URI upstreamUrl, Optional<ExpectedDigest> expected, Coordinates coordinates,
                             String contentType, ArtifactCheck check) {

    public ArtifactSource(URI upstreamUrl, Optional<ExpectedDigest> expected, Coordinates coordinates, String contentType) {
        this(upstreamUrl, expected, coordinates, contentType, ArtifactCheck.NONE);
    }

    /**
     * @param name        the package name in the ecosystem's spelling
     * @param purlType    the package-URL type ({@code npm}, {@code pypi}, ...)
     * @param purlName    the package-URL name part, already encoded ({@code %40types/node})
     * @param version     the version, or {@code null}
     * @param releasedAt  upstream release time, or {@code null}
     */
    public record Coordinates(String name, String purlType, String purlName, String version, Instant releasedAt) {

        public String packagePurl() {
            return "pkg:" + purlType + "/" + purlName;
        }

        public String versionPurl() {
            return version == null ? packagePurl() : packagePurl() + "@" + version;
        }

        /** {@code name@version}, for messages. */
        public String display() {
            return version == null ? name : name + "@" + version;
        }

        public Coordinates releasedAt(Instant at) {
            return new Coordinates(name, purlType, purlName, version, at);
        }
    }
}
