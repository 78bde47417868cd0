/**
 * The filesystem implementation of {@link org.granary.storage.BlobStore}: blobs are files under a root
 * directory (by default {@code <data dir>/blobs}); writes go to a temporary file in the same filesystem
 * and are moved into place atomically.
 */
package org.granary.storage.filesystem;
