package org.granary.storage.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import org.granary.storage.BlobNotFoundException;
import org.granary.storage.BlobStore;
import org.granary.storage.Digests;
import org.granary.storage.HashingInputStream;
import org.granary.storage.StoragePath;

/** Blobs as files under a root directory. */
public class FileSystemBlobStore implements BlobStore {

    private final Path root;
    private final Path tmp;

    public FileSystemBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve(".tmp");
        Files.createDirectories(tmp);
    }

    public Path root() {
        return root;
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
        FileChannel channel;
        Path f = file(path);
        if (Files.isDirectory(f)) {
            throw new BlobNotFoundException(path); // only a prefix of other keys, as size() says
        }
        try {
            channel = FileChannel.open(f, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(path);
        }
        if (offset > 0) {
            channel.position(offset);
        }
        return Channels.newInputStream(channel);
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
        Path f = root;
        for (String segment : path.segments()) {
            f = f.resolve(segment);
        }
        f = f.normalize();
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
