package org.granary.format.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.granary.core.ArtifactResult;
import org.granary.core.FakeDisk;
import org.granary.core.InsufficientStorageException;
import org.granary.core.Spool;
import org.granary.testing.GoModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .ziphash} of a cached module zip is computed from a copy in Granary's spool, under the data directory
 * and its free-space reserve, never in the system temp directory, and the copy is gone afterwards.
 */
class GoZipHashTest {

    private static final long GIB = 1L << 30;
    private static final GoModule MODULE = GoModule.of("example.test/lib", "v1.2.0", Map.of(),
            Map.of("lib.go", "package lib\n"));

    @TempDir
    Path dataDir;

    @Test
    void theZipIsCopiedIntoTheSpoolHashedAndTheCopyRemoved() throws IOException {
        Path spoolDir = dataDir.resolve("spool");
        Spool spool = new Spool(spoolDir, new FakeDisk(10 * GIB, GIB).reserve());
        AtomicReference<List<Path>> duringCopy = new AtomicReference<>();
        ArtifactResult zip = cachedZip(MODULE.zip(), () -> duringCopy.set(list(spoolDir)));

        String h1 = GoAdapter.hashOf(zip, spool, "example.test/lib@v1.2.0");

        assertEquals(MODULE.h1(), h1, "the hash go.sum records");
        assertEquals(1, duringCopy.get().size(), "the copy was written into the spool: " + duringCopy.get());
        assertEquals(List.of(), list(spoolDir), "and removed after hashing");
    }

    @Test
    void belowTheDiskReserveTheCopyIsRefusedWith507AndNothingIsLeft() throws IOException {
        Path spoolDir = dataDir.resolve("spool");
        FakeDisk disk = new FakeDisk(GIB / 2, GIB);
        Spool spool = new Spool(spoolDir, disk.reserve());

        InsufficientStorageException refused = assertThrows(InsufficientStorageException.class,
                () -> GoAdapter.hashOf(cachedZip(MODULE.zip(), () -> { }), spool, "example.test/lib@v1.2.0"));

        assertEquals(507, refused.status());
        assertTrue(refused.getMessage().contains("GRANARY_MIN_FREE_BYTES"), refused.getMessage());
        assertTrue(refused.getMessage().contains("hashing example.test/lib@v1.2.0"), refused.getMessage());
        assertEquals(List.of(), list(spoolDir));
    }

    /** A zip as the cache hands it out; {@code onClose} runs when the copy has read it all. */
    private static ArtifactResult cachedZip(byte[] bytes, Runnable onClose) {
        return new ArtifactResult.Streaming(bytes.length, "application/zip", offset -> new FilterInputStream(
                new ByteArrayInputStream(bytes)) {
            @Override
            public void close() throws IOException {
                onClose.run();
                super.close();
            }
        });
    }

    private static List<Path> list(Path dir) {
        try (var files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
