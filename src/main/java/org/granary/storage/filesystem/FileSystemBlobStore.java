package org.granary.storage.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.granary.storage.BlobNotFoundException;
import org.granary.storage.BlobStore;
import org.granary.storage.Digests;
import org.granary.storage.HashingInputStream;
import org.granary.storage.OpenedBlob;
import org.granary.storage.StoragePath;

/**
 * Blobs as files under a root directory. A blob is written to {@code <root>/.tmp} first and moved into place; what a
 * crash left in {@code .tmp} is deleted when the store is created (at start-up: one store per data directory, and a
 * data directory belongs to one server).
 */
public class FileSystemBlobStore implements BlobStore {

    private static final Logger LOG = Logger.getLogger(FileSystemBlobStore.class.getName());

    private final Path root;
    private final Path tmp;

    public FileSystemBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve(".tmp");
        Files.createDirectories(tmp);
        int removed = cleanTemporaryFiles();
        if (removed > 0) {
            LOG.log(Level.INFO, "Removed {0} unfinished blob files from {1}", new Object[] {removed, tmp});
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<Path> localDirectory() {
        return Optional.of(root);
    }

    /** Deletes every file in {@code .tmp} (writes a crash cut short); returns how many. */
    final int cleanTemporaryFiles() throws IOException {
        int removed = 0;
        try (var files = Files.list(tmp)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    @Override
    public Digests put(StoragePath path, InputStream content) throws IOException {
        Path target = file(path);
        Path temp = Files.createTempFile(tmp, "put-", ".part");
        try {
            HashingInputStream hashing = new HashingInputStream(content);
            Files.copy(hashing, temp, StandardCopyOption.REPLACE_EXISTING);
            Digests digests = hashing.digests();
            moveIntoPlace(temp, target);
            return digests;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void putFile(StoragePath path, Path file) throws IOException {
        moveIntoPlace(file, file(path));
    }

    @Override
    public OptionalLong size(StoragePath path) throws IOException {
        Path f = file(path);
        try {
            return Files.isRegularFile(f) ? OptionalLong.of(Files.size(f)) : OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public InputStream open(StoragePath path, long offset) throws IOException {
        FileChannel channel = openFile(path);
        if (offset > 0) {
            channel.position(offset);
        }
        return Channels.newInputStream(channel);
    }

    /** Blobs are files here: the channel reads them with large reads, or into a direct buffer the container sends as it is. */
    @Override
    public FileChannel openFile(StoragePath path) throws IOException {
        Path f = file(path);
        if (Files.isDirectory(f)) {
            throw new BlobNotFoundException(path); // only a prefix of other keys, as size() says
        }
        try {
            return FileChannel.open(f, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(path);
        }
    }

    /** The size comes from the file opened, so it is the size of the bytes the stream then yields. */
    @Override
    public OpenedBlob openBlob(StoragePath path) throws IOException {
        Path f = file(path);
        if (Files.isDirectory(f)) {
            throw new BlobNotFoundException(path);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(f, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(path);
        }
        long size;
        try {
            size = channel.size();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return OpenedBlob.of(size, offset -> {
            if (offset > 0) {
                channel.position(offset);
            }
            return Channels.newInputStream(channel);
        }, channel);
    }

    @Override
    public int deleteTree(StoragePath prefix) throws IOException {
        Path dir = file(prefix);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.sorted(Comparator.reverseOrder()).toList(); // children before their directory
        }
        for (Path p : all) {
            boolean file = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
            if (Files.deleteIfExists(p) && file) {
                removed++;
            }
        }
        return removed;
    }

    @Override
    public void delete(StoragePath path) throws IOException {
        Path f = file(path);
        if (!Files.isDirectory(f)) { // a key that is only a prefix of other blobs names no blob
            Files.deleteIfExists(f);
        }
    }

    @Override
    public void list(StoragePath prefix, java.util.function.Consumer<Listed> each) throws IOException {
        Path start = file(prefix);
        if (!Files.exists(start)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(start)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                java.nio.file.attribute.BasicFileAttributes a;
                try {
                    a = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (a.isRegularFile()) {
                    each.accept(new Listed(StoragePath.of(root.relativize(f).toString().replace('\\', '/')), a.size(),
                            a.lastModifiedTime().toInstant()));
                }
            }
        }
    }

    /** Deletes temporary files of {@link #put} and cross-filesystem moves that a crash left in {@code .tmp}. */
    @Override
    public int cleanTemporary(java.time.Instant before) throws IOException {
        int removed = 0;
        try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(before) && Files.deleteIfExists(f)) {
                        removed++;
                    }
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
        return removed;
    }

    @Override
    public void checkHealth() throws IOException {
        Path probe = Files.createTempFile(tmp, "health-", ".probe");
        Files.delete(probe);
    }

    /** Resolves a key to a file, re-checking containment as a second line of defence. */
    Path file(StoragePath path) {
        // one resolve of the joined key (its segments are validated: no '.', '..', empty or slash), not one per segment:
        // every cache hit asks
        Path f = root.resolve(path.toString()).normalize();
        if (!f.startsWith(root) || f.startsWith(tmp)) {
            throw new IllegalArgumentException("storage path escapes the store: " + path);
        }
        return f;
    }

    private void moveIntoPlace(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // A file from another filesystem: copy next to the target first, then move atomically.
            Path temp = Files.createTempFile(tmp, "move-", ".part");
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(source);
        }
    }
}
