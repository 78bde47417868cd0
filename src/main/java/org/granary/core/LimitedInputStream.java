package org.granary.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/** Passes bytes through until more than {@code limit} have been read, then throws the given refusal. */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private final Supplier<? extends GranaryException> refusal;
    private long count;

    LimitedInputStream(InputStream in, long limit, Supplier<? extends GranaryException> refusal) {
        super(in);
        this.limit = limit;
        this.refusal = refusal;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(long n) {
        count += n;
        if (count > limit) {
            throw refusal.get();
        }
    }
}
