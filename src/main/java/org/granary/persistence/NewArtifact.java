package org.granary.persistence;

import java.time.Instant;

/**
 * What is known about an artifact that has just been verified and stored, for {@link ArtifactDao#record}.
 *
 * @param packageName the package in the ecosystem's own spelling ({@code @types/node})
 * @param packagePurl the package URL without version ({@code pkg:npm/%40types/node})
 * @param version     the version, or {@code null} for artifacts outside any version
 * @param versionPurl the package URL with version
 * @param releasedAt  when the upstream says the version was released, or {@code null}
 * @param publishedBy who published a hosted artifact, {@code null} for proxied ones
 */
public record NewArtifact(long repositoryId, String path, String storageKey, String packageName, String packagePurl,
                          String version, String versionPurl, Instant releasedAt, long size, String sha1,
                          String sha256, String sha512, String contentType, String upstreamUrl, Instant fetchedAt,
                          String publishedBy) {

    /** A proxied artifact (nobody published it here). */
    public NewArtifact(long repositoryId, String path, String storageKey, String packageName, String packagePurl,
                       String version, String versionPurl, Instant releasedAt, long size, String sha1,
                       String sha256, String sha512, String contentType, String upstreamUrl, Instant fetchedAt) {
        this(repositoryId, path, storageKey, packageName, packagePurl, version, versionPurl, releasedAt, size, sha1,
                sha256, sha512, contentType, upstreamUrl, fetchedAt, null);
    }
}
