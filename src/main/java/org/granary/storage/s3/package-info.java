/**
 * The S3 implementation of {@link org.granary.storage.BlobStore}: blobs are objects in one bucket under a key
 * prefix, on AWS S3 or an S3-compatible store (MinIO, Ceph RGW), through the AWS SDK for Java v2 with the JDK's
 * HTTP client.
 * <p>
 * Belongs here: {@link org.granary.storage.s3.S3BlobStore} (single PUTs, multipart uploads read part by part,
 * ranged GETs), {@link org.granary.storage.s3.S3Settings} (the {@code GRANARY_S3_*} settings, checked) and
 * {@code S3Clients} (the client and the start-up checks of credentials and bucket).
 * Depends on {@code org.granary.storage} and, for its settings and their names in messages, {@code org.granary.config}.
 */
package org.granary.storage.s3;
