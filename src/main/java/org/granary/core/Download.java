package org.granary.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One artifact being fetched from upstream into a local spool file, shared by every client that asked for
 * it while it runs. Readers follow the spool as it grows; the last byte is held back until the artifact is
 * verified and committed, so a client can never receive a complete body that failed verification.
 */
final class Download {

    enum State { STARTING, STREAMING, COMMITTED, FAILED }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.STARTING;
    private long written;
    private long length = -1;
    private String contentType;
    private FileChannel spool;
    private int readers;
    private StoredArtifact entry;
    private volatile org.granary.storage.StoragePath storedKey;
    private RuntimeException failure;
    private volatile boolean verifyFirst;

    // ---- the fetching side ----

    /** Whether clients get the bytes only once verified (the source has a check, or it failed recently). */
    void verifyFirst(boolean value) {
        verifyFirst = value;
    }

    boolean verifyFirst() {
        return verifyFirst;
    }

    /** The upstream answered 200 and the body is about to be written to {@code spoolFile}. */
    void streaming(Path spoolFile, long declaredLength, String type) throws IOException {
        FileChannel channel = FileChannel.open(spoolFile, StandardOpenOption.READ);
        lock.lock();
        try {
            spool = channel;
            length = declaredLength;
            contentType = type;
            state = State.STREAMING;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void progress(long total) {
        lock.lock();
        try {
            written = total;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The artifact is stored under {@code key} and recorded. */
    void committed(StoredArtifact e, org.granary.storage.StoragePath key) {
        storedKey = key;
        lock.lock();
        try {
            entry = e;
            state = State.COMMITTED;
            changed.signalAll();
            closeSpoolIfUnused();
        } finally {
            lock.unlock();
        }
    }

    void failed(RuntimeException e) {
        lock.lock();
        try {
            if (state == State.COMMITTED) {
                return;
            }
            failure = e;
            state = State.FAILED;
            changed.signalAll();
            closeSpoolIfUnused();
        } finally {
            lock.unlock();
        }
    }

    // ---- the serving side ----

    /** Where the committed artifact is stored (set before {@link State#COMMITTED}). */
    org.granary.storage.StoragePath storedKey() {
        return storedKey;
    }

    /** Waits until the upstream has answered; rethrows its failure (404, 502) if it failed first. */
    State awaitStarted() {
        lock.lock();
        try {
            while (state == State.STARTING) {
                awaitChange();
            }
            if (state == State.FAILED) {
                throw failure;
            }
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the artifact is verified and committed; rethrows the failure otherwise. */
    StoredArtifact awaitCommitted() {
        lock.lock();
        try {
            while (state != State.COMMITTED && state != State.FAILED) {
                awaitChange();
            }
            if (state == State.FAILED) {
                throw failure;
            }
            return entry;
        } finally {
            lock.unlock();
        }
    }

    /** Declared length, or -1 when the upstream did not declare one. */
    long length() {
        lock.lock();
        try {
            return length;
        } finally {
            lock.unlock();
        }
    }

    String contentType() {
        lock.lock();
        try {
            return contentType;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A stream of the artifact's bytes that follows the download; fails with an {@link IOException} if the
     * download fails. Call only after {@link #awaitStarted()} returned {@code STREAMING}. Returns {@code null}
     * when the download was committed and its spool closed before this reader was asked for (the caller then
     * reads the stored blob).
     */
    InputStream newReader() {
        lock.lock();
        try {
            if (spool == null) {
                throw new IllegalStateException("download is not streaming");
            }
            if (state == State.COMMITTED && !spool.isOpen()) {
                return null;
            }
            readers++;
            return new Reader();
        } finally {
            lock.unlock();
        }
    }

    private void awaitChange() {
        try {
            changed.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailureException("interrupted while waiting for the upstream");
        }
    }

    private void closeSpoolIfUnused() {
        if (readers == 0 && spool != null && state != State.STREAMING) {
            try {
                spool.close();
            } catch (IOException ignored) {
                // nothing left to read from it
            }
        }
    }

    /** Bytes a reader may take: all when committed, all but the last until then. */
    private long readable() {
        if (state == State.COMMITTED) {
            return written;
        }
        long limit = length >= 0 ? length - 1 : written - 1;
        return Math.max(0, Math.min(written, limit));
    }

    private final class Reader extends InputStream {
        private long position;
        private boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long available;
            lock.lock();
            try {
                while (true) {
                    if (state == State.FAILED) {
                        throw new IOException(failure.getMessage(), failure);
                    }
                    available = readable() - position;
                    if (available > 0) {
                        break;
                    }
                    if (state == State.COMMITTED) {
                        return -1;
                    }
                    awaitChange();
                }
            } finally {
                lock.unlock();
            }
            int n = spool.read(ByteBuffer.wrap(b, off, (int) Math.min(len, available)), position);
            if (n < 0) {
                throw new IOException("spool file ended early");
            }
            position += n;
            return n;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!closed) {
                    closed = true;
                    readers--;
                    closeSpoolIfUnused();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover spool file is removed at the next start
        }
    }
}
