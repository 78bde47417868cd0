package org.granary.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlobStore} must do, whatever it stores blobs in. Subclass it per implementation and
 * supply a fresh, empty store from {@link #newStore()}.
 */
public abstract class BlobStoreContractTest {

    /** A new, empty store; called once per test. */
    protected abstract BlobStore newStore() throws Exception;

    /** Scratch space for files handed to {@link BlobStore#putFile}; not the store's own storage. */
    @TempDir
    protected Path scratch;

    protected BlobStore store;

    private static final StoragePath TARBALL = StoragePath.of("artifacts/npm-proxy/@scope/name/-/name-1.0.0.tgz");

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @Test
    void listingNamesEveryBlobUnderAKeyPrefixWithItsSizeAndTimeAndNothingBeside() throws Exception {
        java.time.Instant before = java.time.Instant.now().minusSeconds(60);
        store.put(StoragePath.of("artifacts/npm-proxy/a/-/a-1.0.0.tgz~1"), new ByteArrayInputStream(new byte[3]));
        store.put(StoragePath.of("artifacts/npm-proxy/@s/b/-/b-2.0.0.tgz~2"), new ByteArrayInputStream(new byte[5]));
        store.put(StoragePath.of("artifacts/npm-proxy-two/c~3"), new ByteArrayInputStream(new byte[7])); // a longer name
        store.put(StoragePath.of("metadata/npm-proxy/a~4"), new ByteArrayInputStream(new byte[1]));

        java.util.Map<String, BlobStore.Listed> listed = new java.util.TreeMap<>();
        store.list(StoragePath.of("artifacts", "npm-proxy"), b -> listed.put(b.path().toString(), b));

        assertEquals(java.util.List.of("artifacts/npm-proxy/@s/b/-/b-2.0.0.tgz~2", "artifacts/npm-proxy/a/-/a-1.0.0.tgz~1"),
                java.util.List.copyOf(listed.keySet()));
        assertEquals(5, listed.get("artifacts/npm-proxy/@s/b/-/b-2.0.0.tgz~2").size());
        assertTrue(listed.values().stream().allMatch(b -> b.lastModified().isAfter(before)), listed.toString());
        java.util.List<BlobStore.Listed> none = new java.util.ArrayList<>();
        store.list(StoragePath.of("artifacts", "never-used"), none::add);
        assertEquals(java.util.List.of(), none);
    }

    @Test
    void putThenOpenReturnsTheSameBytesAndTheirDigests() throws IOException {
        byte[] content = randomBytes(100_000, 1);

        Digests digests = store.put(TARBALL, new ByteArrayInputStream(content));

        assertEquals(expectedDigests(content), digests);
        assertArrayEquals(content, readAll(TARBALL, 0));
        assertEquals(OptionalLong.of(content.length), store.size(TARBALL));
        assertTrue(store.exists(TARBALL));
    }

    @Test
    void anEmptyBlobIsABlob() throws IOException {
        Digests digests = store.put(TARBALL, new ByteArrayInputStream(new byte[0]));

        assertEquals(expectedDigests(new byte[0]), digests);
        assertEquals(OptionalLong.of(0), store.size(TARBALL));
        assertArrayEquals(new byte[0], readAll(TARBALL, 0));
    }

    @Test
    void putReplacesTheBlobThere() throws IOException {
        store.put(TARBALL, bytes("version one, somewhat longer"));

        Digests second = store.put(TARBALL, bytes("version two"));

        assertEquals("version two", new String(readAll(TARBALL, 0), StandardCharsets.UTF_8));
        assertEquals(OptionalLong.of(11), store.size(TARBALL));
        assertEquals(expectedDigests("version two".getBytes(StandardCharsets.UTF_8)), second);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aReaderThatOpenedTheOldBlobKeepsReadingAllOfItWhileItIsReplaced() throws IOException {
        byte[] oldContent = randomBytes(1_000_000, 2);
        byte[] newContent = randomBytes(300_000, 3);
        store.put(TARBALL, new ByteArrayInputStream(oldContent));

        byte[] readBack;
        try (InputStream reader = store.open(TARBALL, 0)) {
            byte[] head = reader.readNBytes(10_000);
            store.put(TARBALL, new ByteArrayInputStream(newContent));
            byte[] tail = reader.readAllBytes();
            readBack = concat(head, tail);
        }

        assertArrayEquals(oldContent, readBack, "the early reader must see the whole old blob, not a mix");
        assertArrayEquals(newContent, readAll(TARBALL, 0), "a later reader sees the new blob");
    }

    @Test
    void aPutWhoseInputFailsMidwayLeavesThePreviousBlobIntact() throws IOException {
        byte[] original = randomBytes(50_000, 4);
        store.put(TARBALL, new ByteArrayInputStream(original));

        IOException e = assertThrows(IOException.class,
                () -> store.put(TARBALL, new FailingInputStream(randomBytes(200_000, 5), 70_000)));

        assertEquals("upstream connection reset", rootCause(e).getMessage());
        assertEquals(OptionalLong.of(original.length), store.size(TARBALL));
        assertArrayEquals(original, readAll(TARBALL, 0));
    }

    @Test
    void aPutWhoseInputFailsMidwayLeavesNothingWhereThereWasNothing() {
        assertThrows(IOException.class,
                () -> store.put(TARBALL, new FailingInputStream(randomBytes(200_000, 6), 70_000)));

        assertEquals(OptionalLong.empty(), assertDoesNotThrow(() -> store.size(TARBALL)));
        assertFalse(store.exists(TARBALL));
        assertThrows(BlobNotFoundException.class, () -> store.open(TARBALL, 0));
    }

    @Test
    void openFromAnOffsetSkipsThatManyBytes() throws IOException {
        byte[] content = randomBytes(10_000, 7);
        store.put(TARBALL, new ByteArrayInputStream(content));

        assertArrayEquals(content, readAll(TARBALL, 0));
        assertArrayEquals(Arrays.copyOfRange(content, 1, content.length), readAll(TARBALL, 1));
        assertArrayEquals(Arrays.copyOfRange(content, 4_321, content.length), readAll(TARBALL, 4_321));
        assertArrayEquals(new byte[] {content[9_999]}, readAll(TARBALL, 9_999));
        assertArrayEquals(new byte[0], readAll(TARBALL, 10_000));
    }

    @Test
    void sizeIsEmptyForAnAbsentBlob() throws IOException {
        assertEquals(OptionalLong.empty(), store.size(TARBALL));
        assertFalse(store.exists(TARBALL));
    }

    @Test
    void openingAnAbsentBlobThrowsBlobNotFoundNamingThePath() {
        BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.open(TARBALL, 0));

        assertTrue(e.getMessage().contains(TARBALL.toString()), e.getMessage());
    }

    @Test
    void aKeyThatIsOnlyThePrefixOfOtherBlobsIsAbsent() throws IOException {
        store.put(TARBALL, bytes("tarball"));
        StoragePath prefix = StoragePath.of("artifacts/npm-proxy/@scope/name");

        assertEquals(OptionalLong.empty(), store.size(prefix));
        assertFalse(store.exists(prefix));
        assertThrows(BlobNotFoundException.class, () -> store.open(prefix, 0));
    }

    @Test
    void blobsAtDifferentKeysAreIndependent() throws IOException {
        StoragePath other = StoragePath.of("artifacts/npm-proxy/@scope/name/-/name-2.0.0.tgz");
        store.put(TARBALL, bytes("one"));
        store.put(other, bytes("two"));

        store.delete(TARBALL);

        assertEquals(OptionalLong.empty(), store.size(TARBALL));
        assertEquals("two", new String(readAll(other, 0), StandardCharsets.UTF_8));
    }

    @Test
    void deleteRemovesTheBlobAndIsIdempotent() throws IOException {
        store.put(TARBALL, bytes("to be deleted"));

        store.delete(TARBALL);

        assertEquals(OptionalLong.empty(), store.size(TARBALL));
        assertThrows(BlobNotFoundException.class, () -> store.open(TARBALL, 0));
        assertDoesNotThrow(() -> store.delete(TARBALL));
        assertDoesNotThrow(() -> store.delete(StoragePath.of("never/stored/anything")));
    }

    @Test
    void aDeletedBlobCanBeStoredAgain() throws IOException {
        store.put(TARBALL, bytes("first"));
        store.delete(TARBALL);

        store.put(TARBALL, bytes("second"));

        assertEquals("second", new String(readAll(TARBALL, 0), StandardCharsets.UTF_8));
    }

    @Test
    void anOpenedBlobKnowsItsSizeAndStreamsFromAnOffset() throws IOException {
        byte[] content = randomBytes(50_000, 3);
        store.put(TARBALL, new ByteArrayInputStream(content));

        try (OpenedBlob blob = store.openBlob(TARBALL); InputStream in = blob.stream(20_000)) {
            assertEquals(content.length, blob.size());
            assertArrayEquals(Arrays.copyOfRange(content, 20_000, content.length), in.readAllBytes());
        }
    }

    @Test
    void openingAnAbsentBlobWithItsSizeThrowsBlobNotFound() {
        assertThrows(BlobNotFoundException.class, () -> store.openBlob(TARBALL));
    }

    @Test
    void deleteTreeRemovesEveryBlobUnderThePrefixAndNothingBeside() throws IOException {
        StoragePath[] under = {StoragePath.of("artifacts/gone/a.tgz"), StoragePath.of("artifacts/gone/@s/n/-/n-1.tgz"),
                StoragePath.of("artifacts/gone/deep/er/still/x~abc")};
        StoragePath[] kept = {StoragePath.of("artifacts/gone2/a.tgz"), StoragePath.of("artifacts/other/gone/a.tgz"),
                StoragePath.of("metadata/gone/a")};
        for (StoragePath p : under) {
            store.put(p, bytes("private"));
        }
        for (StoragePath p : kept) {
            store.put(p, bytes("kept"));
        }

        assertEquals(under.length, store.deleteTree(StoragePath.of("artifacts/gone")));

        for (StoragePath p : under) {
            assertFalse(store.exists(p), p + " is deleted");
        }
        for (StoragePath p : kept) {
            assertEquals("kept", new String(readAll(p, 0), StandardCharsets.UTF_8), p + " is left alone");
        }
        assertEquals(0, store.deleteTree(StoragePath.of("artifacts/gone")), "nothing left to delete");
        assertEquals(0, store.deleteTree(StoragePath.of("artifacts/never-there")));
    }

    @Test
    void putFileStoresTheFilesContent() throws IOException {
        byte[] content = randomBytes(123_456, 8);
        Path file = Files.write(scratch.resolve("download.part"), content);

        store.putFile(TARBALL, file);

        assertArrayEquals(content, readAll(TARBALL, 0));
        assertEquals(OptionalLong.of(content.length), store.size(TARBALL));
    }

    @Test
    void putFileReplacesAnExistingBlob() throws IOException {
        store.put(TARBALL, bytes("old"));
        Path file = Files.writeString(scratch.resolve("download.part"), "new content");

        store.putFile(TARBALL, file);

        assertEquals("new content", new String(readAll(TARBALL, 0), StandardCharsets.UTF_8));
    }

    @Test
    void healthCheckPassesOnAWorkingStore() {
        assertDoesNotThrow(() -> store.checkHealth());
    }

    @Test
    void aLargeBlobStreamsThroughIntact() throws Exception {
        long size = 20L * 1024 * 1024 + 17;
        GeneratedInputStream source = new GeneratedInputStream(size, 9);

        Digests digests = store.put(TARBALL, source);
        String expectedSha256 = source.sha256();

        assertEquals(size, digests.size());
        assertEquals(expectedSha256, digests.sha256());
        assertEquals(OptionalLong.of(size), store.size(TARBALL));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long read = 0;
        try (InputStream in = store.open(TARBALL, 0)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                sha256.update(buf, 0, n);
                read += n;
            }
        }
        assertEquals(size, read);
        assertEquals(expectedSha256, HexFormat.of().formatHex(sha256.digest()));
    }

    // ------------------------------------------------------------------ helpers

    protected byte[] readAll(StoragePath path, long offset) throws IOException {
        try (InputStream in = store.open(path, offset)) {
            return in.readAllBytes();
        }
    }

    protected static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    protected static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static Digests expectedDigests(byte[] content) throws IOException {
        HexFormat hex = HexFormat.of();
        try {
            return new Digests(content.length,
                    hex.formatHex(MessageDigest.getInstance("SHA-1").digest(content)),
                    hex.formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
                    hex.formatHex(MessageDigest.getInstance("SHA-512").digest(content)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** Yields {@code failAfter} bytes of {@code data}, then fails as a dropped connection would. */
    protected static final class FailingInputStream extends InputStream {
        private final byte[] data;
        private final int failAfter;
        private int pos;

        public FailingInputStream(byte[] data, int failAfter) {
            this.data = data;
            this.failAfter = failAfter;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= failAfter) {
                throw new IOException("upstream connection reset");
            }
            int n = Math.min(len, Math.min(failAfter, data.length) - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** Deterministic pseudo-random bytes produced on the fly, hashed as they are handed out. */
    protected static final class GeneratedInputStream extends InputStream {
        private final long size;
        private final Random random;
        private final MessageDigest sha256;
        private final byte[] block = new byte[8192];
        private int blockPos = block.length;
        private long produced;

        public GeneratedInputStream(long size, long seed) throws Exception {
            this.size = size;
            this.random = new Random(seed);
            this.sha256 = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced >= size) {
                return -1;
            }
            if (blockPos == block.length) {
                random.nextBytes(block);
                blockPos = 0;
            }
            int n = (int) Math.min(Math.min(len, block.length - blockPos), size - produced);
            System.arraycopy(block, blockPos, b, off, n);
            sha256.update(block, blockPos, n);
            blockPos += n;
            produced += n;
            return n;
        }

        /** The sha256 of everything produced; call once, after the stream was read to the end. */
        public String sha256() {
            if (produced != size) {
                throw new IllegalStateException("not read to the end: " + produced + " of " + size);
            }
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
