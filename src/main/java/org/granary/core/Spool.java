package org.granary.core;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;

/**
 * The one owner of the spool directory ({@code <data dir>/spool}), where downloads and uploads are written
 * before they are verified and stored. Created when the application starts (so the leftovers of an earlier run
 * are removed before any request can have a file there), it hands out files, knows which are live, and
 * {@link #cleanLeftovers() cleans} only files no live download or upload holds. Writes into the spool keep the disk's
 * free-space reserve ({@link DiskReserve}): a file is refused when the disk is below it, and a write in progress stops
 * with 507 when the disk reaches it.
 */
@ApplicationScoped
public class Spool {

    private static final Logger LOG = Logger.getLogger(Spool.class.getName());

    @Inject
    GranaryConfig config;
    @Inject
    DiskReserve reserve;

    private Path dir;
    private final Set<Path> live = ConcurrentHashMap.newKeySet();

    public Spool() {
        // for CDI
    }

    /** A spool on {@code dir} without a free-space reserve, prepared at once (tests). */
    public Spool(Path dir) {
        this(dir, DiskReserve.NONE);
    }

    /** A spool on {@code dir} keeping {@code reserve}, prepared at once (tests). */
    public Spool(Path dir, DiskReserve reserve) {
        this.dir = dir;
        this.reserve = reserve;
        prepare();
    }

    @PostConstruct
    void init() {
        if (dir == null) {
            dir = config.dataDir().resolve("spool");
        }
        prepare();
    }

    /** Creates the bean when the application starts, not on the first request that needs it. */
    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        dir();
    }

    private void prepare() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the spool directory " + dir, e);
        }
        int removed = cleanLeftovers();
        if (removed > 0) {
            LOG.log(Level.INFO, "Removed {0} leftover spool files from {1}", new Object[] {removed, dir});
        }
    }

    public Path dir() {
        return dir;
    }

    /** A new, empty file that counts as live until {@link #release released}. */
    public Path newFile(String prefix) {
        try {
            Path file = Files.createTempFile(dir, prefix, ".part");
            live.add(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool file in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new, empty file for {@code expectedBytes} (0 when not known), refused when writing that much would take the
     * disk below its reserve.
     *
     * @param what what will be written, for the refusal ({@code the download of left-pad@1.0.0})
     * @throws InsufficientStorageException below the reserve (507)
     */
    public Path newFile(String prefix, long expectedBytes, String what) {
        reserve.require(expectedBytes, what);
        return newFile(prefix);
    }

    /** Writes {@code file} from the start, stopping with {@link InsufficientStorageException} at the disk's reserve. */
    public OutputStream writeTo(Path file, String what) throws IOException {
        return reserve.guard(Files.newOutputStream(file), what);
    }

    /** Deletes a file handed out by {@link #newFile} (if it was not moved away) and forgets it. */
    public void release(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.FINE, "Could not delete spool file " + file, e);
        } finally {
            live.remove(file);
        }
    }

    /** Whether {@code file} is held by a download or upload in progress. */
    public boolean isLive(Path file) {
        return live.contains(file);
    }

    /** Deletes every file in the spool directory that no live download or upload holds; returns how many. */
    public int cleanLeftovers() {
        int removed = 0;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!live.contains(f) && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not clean the spool directory " + dir, e);
        }
        return removed;
    }

    /**
     * Spool files no live download or upload of this server holds that were last written before {@code before}
     * (the age matters when several servers share a data directory: another server's live files are young).
     */
    public java.util.List<Path> leftovers(java.time.Instant before) {
        java.util.List<Path> found = new java.util.ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                try {
                    if (!live.contains(f) && Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                        found.add(f);
                    }
                } catch (IOException gone) {
                    // removed meanwhile
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not list the spool directory " + dir, e);
        }
        return found;
    }

    /** Deletes {@link #leftovers(java.time.Instant) leftovers} older than {@code before}; returns their bytes. */
    public long cleanLeftovers(java.time.Instant before) {
        long bytes = 0;
        for (Path f : leftovers(before)) {
            try {
                long size = Files.size(f);
                if (!live.contains(f) && Files.deleteIfExists(f)) {
                    bytes += size;
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, "Could not delete spool leftover " + f, e);
            }
        }
        return bytes;
    }
}
