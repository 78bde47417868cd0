package org.granary.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where blobs live. Stream-based so that an object store can implement it; callers never assume a
 * local file. Writes are atomic: a reader sees either the whole old blob or the whole new one.
 */
public interface BlobStore {

    /** Stores everything {@code content} yields under {@code path}, replacing any blob there, atomically. */
    Digests put(StoragePath path, InputStream content) throws IOException;

    /**
     * Stores a local file the caller has finished with (the caller keeps ownership of nothing afterwards:
     * the file may be moved or deleted). Implementations on the same filesystem move it instead of copying.
     */
    default void putFile(StoragePath path, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            put(path, in);
        }
        Files.deleteIfExists(file);
    }

    /** The blob's size, or empty when there is no blob at {@code path}. */
    OptionalLong size(StoragePath path) throws IOException;

    /** Opens the blob from {@code offset} (0 for the whole blob); throws {@link BlobNotFoundException} when absent. */
    InputStream open(StoragePath path, long offset) throws IOException;

    /**
     * Opens the blob and learns its size from what was opened; throws {@link BlobNotFoundException} when absent.
     * Stores that cannot do both at once ask for the size first (a key's blob is written once and never changed).
     */
    default OpenedBlob openBlob(StoragePath path) throws IOException {
        long size = size(path).orElseThrow(() -> new BlobNotFoundException(path));
        return OpenedBlob.of(size, offset -> open(path, offset), () -> { }); // nothing is open until stream()
    }

    /**
     * The blob as a local file, for callers that can send a file faster than a stream (large reads into a direct buffer);
     * null when this store keeps no local files. The caller closes the channel.
     *
     * @throws BlobNotFoundException when there is no blob at {@code path}
     */
    default FileChannel openFile(StoragePath path) throws IOException {
        return null;
    }

    /** Removes the blob; no error when it is already gone. */
    void delete(StoragePath path) throws IOException;

    /**
     * Removes every blob whose key lies under {@code prefix} (e.g. {@code artifacts/npm-proxy}: a deleted repository's
     * files); returns how many were removed. Keys that merely start with the same characters
     * ({@code artifacts/npm-proxy2/...}) are not under it.
     */
    int deleteTree(StoragePath prefix) throws IOException;

    /** Throws when the store cannot currently read and write (used by the readiness check). */
    void checkHealth() throws IOException;

    /**
     * The local directory the blobs are written to, when the store is on a local filesystem (for the free-space
     * reserve); empty for an object store.
     */
    default Optional<Path> localDirectory() {
        return Optional.empty();
    }

    /** A blob as a listing shows it. */
    record Listed(StoragePath path, long size, java.time.Instant lastModified) {
    }

    /**
     * Every blob whose key lies under {@code prefix} (the key itself, or keys starting with its segments and a slash),
     * in no particular order. Used by the cleanup job to find blobs no row points at.
     */
    void list(StoragePath prefix, java.util.function.Consumer<Listed> each) throws IOException;

    /**
     * Deletes leftovers of writes that were cut off (temporary files, unfinished uploads) started before
     * {@code before}; returns how many. A store without such leftovers returns 0.
     */
    default int cleanTemporary(java.time.Instant before) throws IOException {
        return 0;
    }

    default boolean exists(StoragePath path) {
        try {
            return size(path).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
