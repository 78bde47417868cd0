package org.granary.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob opened for reading: its size as it is stored at this moment (what a response's {@code Content-Length}
 * must say, whatever a database row claims), and its bytes from an offset. Close it, or the stream it handed out.
 */
public interface OpenedBlob extends Closeable {

    /** The blob's size in bytes, as opened. */
    long size();

    /** The bytes from {@code offset}; closing the stream closes the blob. Call it at most once. */
    InputStream stream(long offset) throws IOException;

    /** This blob with its stream passed through {@code wrap} (e.g. to count the bytes served). */
    default OpenedBlob map(StreamWrapper wrap) {
        return of(size(), offset -> wrap.wrap(stream(offset)), this);
    }

    /** A blob of {@code size} bytes whose stream {@code streams} opens, releasing what {@code onClose} holds. */
    static OpenedBlob of(long size, StreamOpener streams, Closeable onClose) {
        return new OpenedBlob() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream stream(long offset) throws IOException {
                return streams.open(offset);
            }

            @Override
            public void close() throws IOException {
                onClose.close();
            }
        };
    }

    @FunctionalInterface
    interface StreamWrapper {
        InputStream wrap(InputStream in) throws IOException;
    }

    @FunctionalInterface
    interface StreamOpener {
        InputStream open(long offset) throws IOException;
    }
}
