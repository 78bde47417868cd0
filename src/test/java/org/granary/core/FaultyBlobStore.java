package org.granary.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.granary.storage.BlobStore;
import org.granary.storage.Digests;
import org.granary.storage.StoragePath;

/** A real blob store that a test can make refuse writes (a full disk, a failing object store). */
final class FaultyBlobStore implements BlobStore {

    private final BlobStore delegate;
    private volatile Predicate<StoragePath> refusePut = key -> false;

    FaultyBlobStore(BlobStore delegate) {
        this.delegate = delegate;
    }

    /** From now on, writes of keys matching {@code keys} fail with an IOException. */
    void refusePuts(Predicate<StoragePath> keys) {
        refusePut = keys;
    }

    void acceptPuts() {
        refusePut = key -> false;
    }

    private void check(StoragePath path) throws IOException {
        if (refusePut.test(path)) {
            throw new IOException("injected failure: no space left on the device for " + path);
        }
    }

    @Override
    public Digests put(StoragePath path, InputStream content) throws IOException {
        check(path);
        return delegate.put(path, content);
    }

    @Override
    public void putFile(StoragePath path, Path file) throws IOException {
        check(path);
        delegate.putFile(path, file);
    }

    @Override
    public OptionalLong size(StoragePath path) throws IOException {
        return delegate.size(path);
    }

    @Override
    public InputStream open(StoragePath path, long offset) throws IOException {
        return delegate.open(path, offset);
    }

    @Override
    public void delete(StoragePath path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public int deleteTree(StoragePath prefix) throws IOException {
        return delegate.deleteTree(prefix);
    }

    @Override
    public void checkHealth() throws IOException {
        delegate.checkHealth();
    }

    @Override
    public Optional<Path> localDirectory() {
        return delegate.localDirectory();
    }

    @Override
    public void list(StoragePath prefix, Consumer<Listed> each) throws IOException {
        delegate.list(prefix, each);
    }

    @Override
    public int cleanTemporary(Instant before) throws IOException {
        return delegate.cleanTemporary(before);
    }
}
