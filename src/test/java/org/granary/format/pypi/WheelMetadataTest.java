package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class WheelMetadataTest {

    private static final byte[] METADATA = ("Metadata-Version: 2.1\nName: Demo_Tool\nVersion: 1.0\n"
            + "Summary: a tool\n  continued\nRequires-Python: >=3.8\nRequires-Dist: a\nRequires-Dist: b\n\n"
            + "Name: not a header\n").getBytes(StandardCharsets.UTF_8);

    /** A byte array readable from any offset, counting the bytes read. */
    private static final class Bytes implements WheelMetadata.RandomAccess {
        final byte[] data;
        final AtomicLong read = new AtomicLong();

        Bytes(byte[] data) {
            this.data = data;
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public InputStream open(long offset) {
            return new ByteArrayInputStream(data, (int) offset, data.length - (int) offset) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    int n = super.read(b, off, len);
                    read.addAndGet(Math.max(n, 0));
                    return n;
                }
            };
        }
    }

    private static byte[] zip(Map<String, byte[]> files, boolean stored, String comment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (comment != null) {
                zip.setComment(comment);
            }
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (stored) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static Map<String, byte[]> wheel(String distInfo, byte[] big) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("demo_tool/__init__.py", "x = 1\n".getBytes(StandardCharsets.UTF_8));
        files.put("demo_tool/big.bin", big);
        files.put(distInfo + "/METADATA", METADATA);
        files.put(distInfo + "/WHEEL", "Wheel-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    @Test
    void theMetadataOfADeflatedWheelIsReadThroughTheCentralDirectoryAlone() throws IOException {
        // ZipOutputStream writes deflated entries with data descriptors (sizes after the data), which a
        // stream reader cannot skip without inflating; the central directory knows them.
        Bytes wheel = new Bytes(zip(wheel("demo_tool-1.0.dist-info", new byte[4_000_000]), false, "a comment"));
        Optional<byte[]> found = WheelMetadata.extract(wheel, "demo-tool");
        assertArrayEquals(METADATA, found.orElseThrow());
        assertTrue(wheel.read.get() < 80_000, "only the tail, the directory and one entry were read: " + wheel.read.get());
    }

    @Test
    void storedEntriesAreReadAsTheyAre() throws IOException {
        Bytes wheel = new Bytes(zip(wheel("Demo.Tool-1.0.dist-info", new byte[10]), true, null));
        assertArrayEquals(METADATA, WheelMetadata.extract(wheel, "demo-tool").orElseThrow());
    }

    @Test
    void aWheelWithoutMetadataOfTheProjectHasNone() throws IOException {
        assertEquals(Optional.empty(), WheelMetadata.extract(new Bytes(zip(wheel("other-1.0.dist-info", new byte[1]),
                false, null)), "demo-tool"));
        assertEquals(Optional.empty(), WheelMetadata.extract(new Bytes(zip(wheel("x/demo_tool-1.0.dist-info",
                new byte[1]), false, null)), "demo-tool"), "only a top-level .dist-info counts");
        assertFalse(WheelMetadata.isMetadataOf("demo_tool.dist-info/METADATA", "demo-tool"));
    }

    @Test
    void whatIsNotAZipIsRefused() throws IOException {
        assertThrows(IOException.class, () -> WheelMetadata.extract(new Bytes(new byte[10]), "demo"));
        assertThrows(IOException.class, () -> WheelMetadata.extract(new Bytes(new byte[5000]), "demo"));
        byte[] good = zip(wheel("demo_tool-1.0.dist-info", new byte[100]), false, null);
        byte[] truncated = java.util.Arrays.copyOfRange(good, 200, good.length);
        assertThrows(IOException.class, () -> WheelMetadata.extract(new Bytes(truncated), "demo-tool"));
    }

    @Test
    void headerFieldsAreReadUpToTheBody() {
        Map<String, String> fields = WheelMetadata.fields(METADATA);
        assertEquals("Demo_Tool", fields.get("name"));
        assertEquals("1.0", fields.get("version"));
        assertEquals(">=3.8", fields.get("requires-python"));
        assertEquals("a", fields.get("requires-dist"), "the first of repeated fields");
        assertEquals("a tool\ncontinued", fields.get("summary"));
        assertEquals("Demo_Tool", WheelMetadata.fields("Name: Demo_Tool\r\nVersion: 2\r\n".getBytes(
                StandardCharsets.UTF_8)).get("name"));
    }
}
