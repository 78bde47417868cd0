package org.granary.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashingInputStreamTest {

    private static final byte[] CONTENT = randomBytes(100_003);

    @Test
    void sha256OfAbcIsTheKnownVector() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));

        in.readAllBytes();
        Digests d = in.digests();

        assertEquals(3, d.size());
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", d.sha1());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", d.sha256());
        assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", d.sha512());
    }

    @Test
    void sha1AndSha512LeftOutAreNullAndTheRestIsTheSame() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)),
                false, false);

        in.readAllBytes();
        Digests d = in.digests();

        assertEquals(3, d.size());
        assertEquals(null, d.sha1());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", d.sha256());
        assertEquals(null, d.sha512());
    }

    @Test
    void emptyInputHasTheDigestsOfNothing() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(new byte[0]));

        assertEquals(-1, in.read());
        Digests d = in.digests();

        assertEquals(0, d.size());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", d.sha256());
        assertEquals(expected(new byte[0]), d);
    }

    @Test
    void passesTheBytesThroughUnchanged() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(CONTENT));

        assertArrayEquals(CONTENT, in.readAllBytes());
        assertEquals(expected(CONTENT), in.digests());
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 3, 7, 1000, 4093, 8192, 65_537, 200_000})
    void digestsDoNotDependOnHowTheStreamIsRead(int chunk) throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(CONTENT));
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk + 5];

        int n;
        while ((n = in.read(buf, 5, chunk)) >= 0) {
            copy.write(buf, 5, n);
        }

        assertArrayEquals(CONTENT, copy.toByteArray());
        assertEquals(expected(CONTENT), in.digests());
    }

    @Test
    void singleByteReadsGiveTheSameDigests() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(CONTENT));
        ByteArrayOutputStream copy = new ByteArrayOutputStream();

        int b;
        while ((b = in.read()) >= 0) {
            copy.write(b);
        }

        assertArrayEquals(CONTENT, copy.toByteArray());
        assertEquals(expected(CONTENT), in.digests());
    }

    @Test
    void mixedSingleByteAndBulkReadsOverAStreamThatReturnsShortReads() throws IOException {
        HashingInputStream in = new HashingInputStream(new TrickleInputStream(CONTENT, 13));
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        byte[] buf = new byte[997];

        for (int i = 0; ; i++) {
            if (i % 2 == 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                copy.write(b);
            } else {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                copy.write(buf, 0, n);
            }
        }

        assertArrayEquals(CONTENT, copy.toByteArray());
        assertEquals(expected(CONTENT), in.digests());
    }

    @Test
    void skippedBytesAreStillHashed() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(CONTENT));

        assertEquals(50_000, in.skip(50_000));
        byte[] rest = in.readAllBytes();

        assertEquals(CONTENT.length - 50_000, rest.length);
        assertEquals(expected(CONTENT), in.digests());
    }

    @Test
    void transferToHashesEverything() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(CONTENT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertEquals(CONTENT.length, in.transferTo(out));

        assertArrayEquals(CONTENT, out.toByteArray());
        assertEquals(expected(CONTENT), in.digests());
    }

    @Test
    void doesNotClaimMarkSupportSoNoBytesAreHashedTwice() {
        assertFalse(new HashingInputStream(new ByteArrayInputStream(CONTENT)).markSupported());
    }

    static Digests expected(byte[] content) {
        HexFormat hex = HexFormat.of();
        return new Digests(content.length, hex.formatHex(md("SHA-1").digest(content)),
                hex.formatHex(md("SHA-256").digest(content)), hex.formatHex(md("SHA-512").digest(content)));
    }

    private static MessageDigest md(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    /** Returns at most {@code max} bytes per read, like a slow network stream. */
    private static final class TrickleInputStream extends InputStream {
        private final byte[] data;
        private final int max;
        private int pos;

        TrickleInputStream(byte[] data, int max) {
            this.data = data;
            this.max = max;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, max), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
