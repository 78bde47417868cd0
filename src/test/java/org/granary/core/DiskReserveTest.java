package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The free-space reserve as an operator meets it: writes refused with 507 and a message, /health's view of it. */
class DiskReserveTest {

    private static final long GIB = 1L << 30;

    /** What the (fake) disk has free; a test sets it, writes "use" it. */
    private final AtomicLong free = new AtomicLong(10 * GIB);
    private final DiskReserve reserve = new DiskReserve(GIB, List.of(new DiskReserve.Place("the data directory /data", free::get)));

    @TempDir
    Path dir;

    @Test
    void aWriteThatFitsAboveTheReserveIsAllowed() {
        assertDoesNotThrow(() -> reserve.require(8 * GIB, "the download of left-pad@1.3.0"));
    }

    @Test
    void aWriteThatWouldEatIntoTheReserveIsRefusedWith507SayingWhatAndWhy() {
        InsufficientStorageException e = assertThrows(InsufficientStorageException.class,
                () -> reserve.require(9 * GIB + 1, "the upload of big@1.0.0"));

        assertEquals(507, e.status());
        assertTrue(e.getMessage().contains("10.0 GiB free in the data directory /data"), e.getMessage());
        assertTrue(e.getMessage().contains("GRANARY_MIN_FREE_BYTES"), e.getMessage());
        assertTrue(e.getMessage().contains("the upload of big@1.0.0 was refused and nothing was stored"), e.getMessage());
    }

    @Test
    void belowTheReserveEvenAWriteOfUnknownSizeIsRefused() {
        free.set(GIB - 1);

        assertThrows(InsufficientStorageException.class, () -> reserve.require(0, "the download of x"));
    }

    @Test
    void aSpoolFileIsRefusedBelowTheReserveAndAWriteInProgressStopsWhenTheDiskReachesIt() throws IOException {
        Spool spool = new Spool(dir.resolve("spool"), reserve);
        Path file = spool.newFile("artifact-", 100, "the download of a@1");
        byte[] chunk = new byte[(int) (DiskReserve.CHECK_EVERY / 4)];

        InsufficientStorageException stopped = assertThrows(InsufficientStorageException.class, () -> {
            try (OutputStream out = spool.writeTo(file, "the download of a@1")) {
                for (int i = 0; i < 100; i++) {
                    out.write(chunk);
                    free.addAndGet(-chunk.length * 1024L); // the disk fills much faster than this one file
                }
            }
        });

        assertTrue(stopped.getMessage().contains("the download of a@1"), stopped.getMessage());
        assertTrue(Files.size(file) <= DiskReserve.CHECK_EVERY * 5, "stopped within a few checks, not at the end");
        assertThrows(InsufficientStorageException.class, () -> spool.newFile("upload-", 0, "the upload of b@1"));
    }

    @Test
    void healthReportsTheFreeSpaceAndIsDownBelowTheReserve() {
        DiskReserve.Status up = reserve.status();
        assertEquals(10 * GIB, up.freeBytes());
        assertEquals(GIB, up.reserveBytes());
        assertFalse(up.problem().isPresent());

        free.set(GIB / 2);
        DiskReserve.Status down = reserve.status();
        assertEquals(GIB / 2, down.freeBytes());
        assertTrue(down.problem().orElseThrow().contains("512.0 MiB free in the data directory /data, below the reserve"),
                down.problem().get());
    }

    @Test
    void theFullestOfSeveralDisksCounts() {
        AtomicLong blobDisk = new AtomicLong(GIB / 4);
        DiskReserve two = new DiskReserve(GIB, List.of(new DiskReserve.Place("the data directory /data", free::get),
                new DiskReserve.Place("the blob store /blobs", blobDisk::get)));

        InsufficientStorageException e = assertThrows(InsufficientStorageException.class, () -> two.require(0, "x"));
        assertTrue(e.getMessage().contains("the blob store /blobs"), e.getMessage());
        assertEquals(GIB / 4, two.status().freeBytes());
    }

    @Test
    void aReserveOfZeroSwitchesTheGuardOff() throws IOException {
        free.set(0);
        DiskReserve off = new DiskReserve(0, List.of(new DiskReserve.Place("the data directory /data", free::get)));

        assertDoesNotThrow(() -> off.require(GIB, "x"));
        assertFalse(off.status().problem().isPresent());
        Spool spool = new Spool(dir.resolve("spool"), off);
        try (OutputStream out = spool.writeTo(spool.newFile("a-", 0, "x"), "x")) {
            new ByteArrayInputStream(new byte[1000]).transferTo(out);
        }
    }

    @Test
    void anOperatorChangesTheReserveWhileGranaryRunsAndAValueThatIsNotASizeKeepsTheLastGoodOne() {
        Map<Setting, String> settings = new HashMap<>(Map.of(Setting.MIN_FREE_BYTES, "1GiB"));
        DiskReserve live = new DiskReserve(GranaryConfig.of(settings),
                List.of(new DiskReserve.Place("the data directory /data", free::get)));
        assertDoesNotThrow(() -> live.require(0, "the upload of a@1"));

        settings.put(Setting.MIN_FREE_BYTES, "20GiB"); // e.g. /system-property=granary.min-free-bytes:add(value=20GiB)

        InsufficientStorageException refused = assertThrows(InsufficientStorageException.class,
                () -> live.require(0, "the upload of a@1"));
        assertTrue(refused.getMessage().contains("20.0 GiB are kept in reserve"), refused.getMessage());
        assertEquals(20 * GIB, live.status().reserveBytes());
        assertTrue(live.status().problem().isPresent(), "/health is DOWN at once");

        settings.put(Setting.MIN_FREE_BYTES, "lots");
        assertEquals(20 * GIB, live.reserveBytes(), "a typo does not switch the guard off");

        settings.remove(Setting.MIN_FREE_BYTES);
        assertEquals(GIB, live.reserveBytes(), "unset again: the default");
        assertDoesNotThrow(() -> live.require(0, "the upload of a@1"));
    }
}
