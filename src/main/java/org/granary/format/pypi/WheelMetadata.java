package org.granary.format.pypi;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds the core metadata ({@code {name}-{version}.dist-info/METADATA}) in a wheel, as PEP 658 serves it, and reads
 * its header fields. The wheel is read through its zip central directory from a source that can be opened at
 * any offset (a stored file), so nothing but the one entry is inflated, the wheel is never held in memory, and
 * a zip bomb elsewhere in the archive costs nothing. Pure.
 */
final class WheelMetadata {

    /** The largest METADATA file accepted (PyPI's descriptions are far smaller). */
    static final int MAX_METADATA_BYTES = 8 * 1024 * 1024;

    private static final long EOCD = 0x06054b50L;
    private static final long ZIP64_LOCATOR = 0x07064b50L;
    private static final long ZIP64_EOCD = 0x06064b50L;
    private static final long CENTRAL_HEADER = 0x02014b50L;
    private static final long LOCAL_HEADER = 0x04034b50L;
    private static final long MAX32 = 0xFFFFFFFFL;

    /** A file that can be read from any offset. */
    interface RandomAccess {
        long size();

        InputStream open(long offset) throws IOException;
    }

    private WheelMetadata() {
    }

    /**
     * The bytes of the wheel's {@code .dist-info/METADATA} whose directory names {@code project} (normalised);
     * empty when the wheel has none.
     *
     * @throws IOException when the file is not a readable zip archive
     */
    static Optional<byte[]> extract(RandomAccess wheel, String project) throws IOException {
        long size = wheel.size();
        if (size < 22) {
            throw new IOException("the file is too short to be a zip archive");
        }
        int tailLength = (int) Math.min(size, 22 + 0xFFFF);
        byte[] tail = readAt(wheel, size - tailLength, tailLength);
        int eocd = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (u32(tail, i) == EOCD) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new IOException("the file is not a zip archive (no end of central directory)");
        }
        long entries = u16(tail, eocd + 10);
        long cdSize = u32(tail, eocd + 12);
        long cdOffset = u32(tail, eocd + 16);
        if (entries == 0xFFFF || cdSize == MAX32 || cdOffset == MAX32) {
            int locator = eocd - 20;
            if (locator < 0 || u32(tail, locator) != ZIP64_LOCATOR) {
                throw new IOException("the zip64 end of central directory locator is missing");
            }
            byte[] record = readAt(wheel, u64(tail, locator + 8), 56);
            if (u32(record, 0) != ZIP64_EOCD) {
                throw new IOException("the zip64 end of central directory record is missing");
            }
            entries = u64(record, 32);
            cdSize = u64(record, 40);
            cdOffset = u64(record, 48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > size) {
            throw new IOException("the zip central directory lies outside the file");
        }
        Entry entry = find(wheel, cdOffset, cdSize, entries, project);
        return entry == null ? Optional.empty() : Optional.of(read(wheel, entry));
    }

    /**
     * The header fields of core metadata (RFC 822 style, up to the first blank line), names in lower case; the
     * first value of each name, continuation lines joined.
     */
    static Map<String, String> fields(byte[] metadata) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = new String(metadata, StandardCharsets.UTF_8).replace("\r\n", "\n");
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append('\n').append(line.strip());
                continue;
            }
            if (name != null) {
                fields.putIfAbsent(name, value.toString().strip());
            }
            int colon = line.indexOf(':');
            name = colon > 0 ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT) : null;
            value.setLength(0);
            if (colon > 0) {
                value.append(line.substring(colon + 1));
            }
        }
        if (name != null) {
            fields.putIfAbsent(name, value.toString().strip());
        }
        return fields;
    }

    // ------------------------------------------------------------------ zip reading

    private record Entry(String name, int method, int flags, long compressedSize, long size, long localHeader) {
    }

    private static Entry find(RandomAccess wheel, long cdOffset, long cdSize, long entries, String project)
            throws IOException {
        try (InputStream cd = new BufferedInputStream(bounded(wheel.open(cdOffset), cdSize), 64 * 1024)) {
            for (long n = 0; n < entries; n++) {
                byte[] h = cd.readNBytes(46);
                if (h.length < 46 || u32(h, 0) != CENTRAL_HEADER) {
                    throw new IOException("the zip central directory is damaged");
                }
                int flags = u16(h, 8);
                int method = u16(h, 10);
                long compressed = u32(h, 20);
                long size = u32(h, 24);
                int nameLength = u16(h, 28);
                int extraLength = u16(h, 30);
                int commentLength = u16(h, 32);
                long local = u32(h, 42);
                byte[] rawName = cd.readNBytes(nameLength);
                byte[] extra = cd.readNBytes(extraLength);
                if (rawName.length < nameLength || extra.length < extraLength
                        || cd.readNBytes(commentLength).length < commentLength) {
                    throw new IOException("the zip central directory is truncated");
                }
                String name = new String(rawName, (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                if (!isMetadataOf(name, project)) {
                    continue;
                }
                long[] zip64 = {size, compressed, local};
                readZip64(extra, zip64);
                return new Entry(name, method, flags, zip64[1], zip64[0], zip64[2]);
            }
        }
        return null;
    }

    /** {@code <dir>.dist-info/METADATA} at the top level whose directory's name part normalises to {@code project}. */
    static boolean isMetadataOf(String entryName, String project) {
        String suffix = ".dist-info/METADATA";
        if (!entryName.endsWith(suffix)) {
            return false;
        }
        String dir = entryName.substring(0, entryName.length() - suffix.length());
        int dash = dir.indexOf('-');
        return dir.indexOf('/') < 0 && dash > 0 && ProjectName.normalise(dir.substring(0, dash)).equals(project);
    }

    /** Replaces the 0xFFFFFFFF sizes and offset with the zip64 extra field's values, in their order. */
    private static void readZip64(byte[] extra, long[] values) {
        int i = 0;
        while (i + 4 <= extra.length) {
            int id = u16(extra, i);
            int length = u16(extra, i + 2);
            if (id == 0x0001) {
                int at = i + 4;
                for (int v = 0; v < values.length; v++) {
                    if (values[v] == MAX32 && at + 8 <= i + 4 + length && at + 8 <= extra.length) {
                        values[v] = u64(extra, at);
                        at += 8;
                    }
                }
                return;
            }
            i += 4 + length;
        }
    }

    private static byte[] read(RandomAccess wheel, Entry e) throws IOException {
        if ((e.flags() & 1) != 0) {
            throw new IOException(e.name() + " is encrypted");
        }
        if (e.size() > MAX_METADATA_BYTES) {
            throw new IOException(e.name() + " is larger than " + MAX_METADATA_BYTES + " bytes");
        }
        byte[] local = readAt(wheel, e.localHeader(), 30);
        if (u32(local, 0) != LOCAL_HEADER) {
            throw new IOException("the zip entry " + e.name() + " is damaged");
        }
        long data = e.localHeader() + 30 + u16(local, 26) + u16(local, 28);
        if (data + e.compressedSize() > wheel.size()) {
            throw new IOException("the zip entry " + e.name() + " lies outside the file");
        }
        try (InputStream in = bounded(wheel.open(data), e.compressedSize())) {
            if (e.method() == 0) {
                byte[] bytes = in.readNBytes((int) Math.min(e.compressedSize(), MAX_METADATA_BYTES + 1L));
                if (bytes.length > MAX_METADATA_BYTES) {
                    throw new IOException(e.name() + " is larger than " + MAX_METADATA_BYTES + " bytes");
                }
                return bytes;
            }
            if (e.method() == 8) {
                return inflate(in, e.name());
            }
            throw new IOException(e.name() + " uses zip compression method " + e.method()
                    + "; only stored and deflated entries are read");
        }
    }

    private static byte[] inflate(InputStream in, String name) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] input = new byte[16 * 1024];
            byte[] output = new byte[32 * 1024];
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    int n = in.read(input);
                    if (n < 0) {
                        // raw deflate may need one extra byte to see its end; a truncated stream ends here
                        break;
                    }
                    inflater.setInput(input, 0, n);
                }
                int produced = inflater.inflate(output);
                out.write(output, 0, produced);
                if (out.size() > MAX_METADATA_BYTES) {
                    throw new IOException(name + " is larger than " + MAX_METADATA_BYTES + " bytes");
                }
                if (produced == 0 && inflater.needsDictionary()) {
                    throw new IOException(name + " cannot be inflated");
                }
            }
            if (!inflater.finished()) {
                throw new IOException(name + " is truncated");
            }
            return out.toByteArray();
        } catch (DataFormatException ex) {
            throw new IOException(name + " is not valid deflate data: " + ex.getMessage(), ex);
        } finally {
            inflater.end();
        }
    }

    private static byte[] readAt(RandomAccess file, long offset, int length) throws IOException {
        if (offset < 0 || offset + length > file.size()) {
            throw new IOException("the zip archive points outside the file");
        }
        try (InputStream in = file.open(offset)) {
            byte[] b = in.readNBytes(length);
            if (b.length < length) {
                throw new IOException("the zip archive is truncated");
            }
            return b;
        }
    }

    /** At most {@code limit} bytes of {@code in}; closing it closes {@code in}. */
    private static BoundedInputStream bounded(InputStream in, long limit) {
        return new BoundedInputStream(in, limit);
    }

    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int i) {
        return (u16(b, i) | (long) u16(b, i + 2) << 16) & MAX32;
    }

    private static long u64(byte[] b, int i) {
        return u32(b, i) | u32(b, i + 4) << 32;
    }
}
