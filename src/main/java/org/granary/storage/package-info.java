/**
 * The blob-store SPI: where artifact and metadata bytes live.
 * <p>
 * Belongs here: {@link org.granary.storage.BlobStore} (the SPI, stream-based so that S3 can implement it),
 * {@link org.granary.storage.StoragePath} (a validated storage key: the only way to name a blob) and
 * {@link org.granary.storage.HashingInputStream} (sha1/sha256, and sha512 where wanted, computed while streaming).
 * Implementations live in sub-packages named after their technology ({@code filesystem}, {@code s3}).
 * Depends on nothing else in Granary.
 */
package org.granary.storage;
