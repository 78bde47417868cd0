package org.granary.core;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.storage.BlobStore;

/**
 * The free-space reserve ({@code GRANARY_MIN_FREE_BYTES}) of the disks Granary writes to: the data directory (the
 * spool, the embedded database) and, when it is on another local filesystem, the blob store's. Uploads and upstream
 * fetches into the cache ask before they write and again every {@link #CHECK_EVERY} bytes while they write, and are
 * refused with {@link InsufficientStorageException} (507) rather than filling the disk; reads go on. {@code /health}
 * reports the free space and is DOWN below the reserve. A reserve of 0 switches the guard off.
 * <p>
 * The setting is read again at every look, so an operator can change it while Granary runs (a system property, e.g.
 * WildFly's {@code /system-property=granary.min-free-bytes:add(value=20GiB)}): to stop writes before the disk fills,
 * or to let one needed upload through. A value that is not a size keeps the last good one, with a warning.
 */
@ApplicationScoped
public class DiskReserve {

    /** How many bytes a write in progress may write between two looks at the free space. */
    static final long CHECK_EVERY = 8L << 20;

    /** No reserve: every write is allowed (tests that are not about disk space). */
    public static final DiskReserve NONE = new DiskReserve(0, List.of());

    /** A disk Granary writes to, and how to ask it for its usable space. */
    record Place(String what, LongSupplier usableBytes) {
    }

    /** What {@code /health} shows: the free space of the fullest place, the reserve, and what is wrong, if anything. */
    public record Status(long freeBytes, long reserveBytes, Optional<String> problem) {
    }

    private static final Logger LOG = Logger.getLogger(DiskReserve.class.getName());

    @Inject
    GranaryConfig config;
    @Inject
    BlobStore blobs;

    /** The setting as last read: its text and what it came to (the last good size when the text is not one). */
    private record Reading(String text, long bytes) {
    }

    private volatile Reading reading;
    private List<Place> places;

    public DiskReserve() {
        // for CDI
    }

    DiskReserve(long reserve, List<Place> places) {
        this.reading = new Reading(null, reserve);
        this.places = List.copyOf(places);
    }

    /** A reserve that follows {@code config}'s {@code GRANARY_MIN_FREE_BYTES} as it changes (tests). */
    DiskReserve(GranaryConfig config, List<Place> places) {
        this.config = config;
        this.places = List.copyOf(places);
        reserveBytes();
    }

    @PostConstruct
    void init() {
        reserveBytes(); // an invalid value stops the start (the configuration is validated too)
        List<Place> found = new ArrayList<>();
        Path data = config.dataDir();
        try {
            Files.createDirectories(data);
            FileStore dataStore = Files.getFileStore(data);
            found.add(new Place("the data directory " + data, usable(dataStore)));
            Optional<Path> blobRoot = blobs.localDirectory();
            if (blobRoot.isPresent() && !Files.getFileStore(blobRoot.get()).equals(dataStore)) {
                found.add(new Place("the blob store " + blobRoot.get(), usable(Files.getFileStore(blobRoot.get()))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the filesystem of " + data + ": " + e.getMessage(), e);
        }
        places = List.copyOf(found);
    }

    private static LongSupplier usable(FileStore store) {
        return () -> {
            try {
                return store.getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** The configured reserve in bytes (0: no guard), as the setting says now. */
    public long reserveBytes() {
        Reading last = reading;
        if (config == null) {
            return last.bytes();
        }
        String text = config.get(Setting.MIN_FREE_BYTES).orElse("0");
        if (last != null && text.equals(last.text())) {
            return last.bytes();
        }
        long bytes;
        try {
            bytes = config.bytes(Setting.MIN_FREE_BYTES);
        } catch (IllegalStateException e) {
            if (last == null) {
                throw e;
            }
            LOG.warning(() -> e.getMessage() + "; the reserve stays " + describe(last.bytes()));
            reading = new Reading(text, last.bytes());
            return last.bytes();
        }
        if (last != null) {
            LOG.info(() -> "The disk reserve (GRANARY_MIN_FREE_BYTES) is now " + describe(bytes) + ", was "
                    + describe(last.bytes()));
        }
        reading = new Reading(text, bytes);
        return bytes;
    }

    /**
     * Refuses a write of {@code bytes} more (0 when the size is not known yet) that would leave less than the reserve.
     *
     * @param what what is being written, for the message ({@code the upload of left-pad@1.0.0})
     * @throws InsufficientStorageException when a place is, or would be, below the reserve
     */
    public void require(long bytes, String what) {
        long reserve = reserveBytes();
        if (reserve <= 0) {
            return;
        }
        for (Place p : places) {
            long free = p.usableBytes().getAsLong();
            if (free - Math.max(0, bytes) < reserve) {
                throw new InsufficientStorageException("Granary is short of disk space: " + describe(free) + " free in "
                        + p.what() + (bytes > 0 ? ", " + describe(bytes) + " needed," : "") + " and "
                        + describe(reserve) + " are kept in reserve (GRANARY_MIN_FREE_BYTES); " + what
                        + " was refused and nothing was stored");
            }
        }
    }

    /** The state of the fullest place, for {@code /health}. */
    public Status status() {
        long reserve = reserveBytes();
        Place fullest = places.stream().min(Comparator.comparingLong(p -> p.usableBytes().getAsLong())).orElse(null);
        if (fullest == null) {
            return new Status(-1, reserve, Optional.empty());
        }
        long free = fullest.usableBytes().getAsLong();
        Optional<String> problem = reserve > 0 && free < reserve
                ? Optional.of(describe(free) + " free in " + fullest.what() + ", below the reserve of " + describe(reserve)
                + " (GRANARY_MIN_FREE_BYTES): uploads and downloads into the cache are refused")
                : Optional.empty();
        return new Status(free, reserve, problem);
    }

    /**
     * {@code out}, checking the reserve before the first byte and every {@link #CHECK_EVERY} bytes written (also when it
     * is 0 now: an operator may raise it while the write runs).
     */
    public OutputStream guard(OutputStream out, String what) {
        require(0, what);
        return new FilterOutputStream(out) {
            private long sinceCheck;

            @Override
            public void write(int b) throws IOException {
                counted(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                counted(len);
                out.write(b, off, len);
            }

            private void counted(long n) {
                sinceCheck += n;
                if (sinceCheck >= CHECK_EVERY) {
                    sinceCheck = 0;
                    require(0, what);
                }
            }
        };
    }

    /** {@code 1.5 GiB}, {@code 812.0 MiB}, {@code 512 bytes}. */
    static String describe(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
