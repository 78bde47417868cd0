package org.granary.storage.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.granary.storage.BlobStore;
import org.granary.storage.BlobStoreContractTest;
import org.granary.storage.StoragePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    Path root;

    @Override
    protected BlobStore newStore() throws IOException {
        return new FileSystemBlobStore(root);
    }

    @Test
    void blobsAreFilesUnderTheRootNamedByTheirKey() throws IOException {
        store.put(StoragePath.of("artifacts/npm-proxy/@scope/name/-/name-1.0.0.tgz"), bytes("tgz"));

        Path file = root.resolve("artifacts/npm-proxy/@scope/name/-/name-1.0.0.tgz");
        assertEquals("tgz", Files.readString(file));
    }

    @Test
    void putFileMovesTheFileInWithoutLeavingACopy() throws IOException {
        Path file = Files.writeString(scratch.resolve("download.part"), "moved content");

        store.putFile(StoragePath.of("a/b.tgz"), file);

        assertFalse(Files.exists(file), "the source file is moved, not copied");
        assertEquals("moved content", Files.readString(root.resolve("a/b.tgz")));
        assertEquals(List.of(), temporaryFiles());
    }

    @Test
    void aFailedPutLeavesNoTemporaryFilesBehind() throws IOException {
        StoragePath key = StoragePath.of("a/b.tgz");
        store.put(key, bytes("before"));

        assertThrows(IOException.class,
                () -> store.put(key, new FailingInputStream(randomBytes(100_000, 1), 30_000)));

        assertEquals(List.of(), temporaryFiles());
        assertEquals(List.of(root.resolve("a/b.tgz")), regularFiles());
        assertEquals("before", Files.readString(root.resolve("a/b.tgz")));
    }

    @Test
    void aSuccessfulPutLeavesOnlyTheBlob() throws IOException {
        store.put(StoragePath.of("x/y/z.json"), bytes("{}"));

        assertEquals(List.of(root.resolve("x/y/z.json")), regularFiles());
    }

    @Test
    void healthCheckLeavesNothingBehind() throws IOException {
        store.checkHealth();
        store.checkHealth();

        assertEquals(List.of(), regularFiles());
    }

    @Test
    void aStoreOverAnExistingDirectorySeesWhatIsThere() throws IOException {
        store.put(StoragePath.of("kept/blob"), bytes("survives a restart"));

        BlobStore reopened = new FileSystemBlobStore(root);

        try (InputStream in = reopened.open(StoragePath.of("kept/blob"), 0)) {
            assertArrayEquals("survives a restart".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
    }

    @Test
    void whatACrashLeftInTheTemporaryDirectoryIsDeletedWhenTheStoreStarts() throws IOException {
        Path leftover = Files.writeString(root.resolve(".tmp/put-123.part"), "half a tarball");
        store.put(StoragePath.of("kept/blob"), bytes("stored"));

        new FileSystemBlobStore(root);

        assertFalse(Files.exists(leftover));
        assertEquals(List.of(root.resolve("kept/blob")), regularFiles());
    }

    @Test
    void deleteTreeAlsoRemovesTheEmptyDirectories() throws IOException {
        store.put(StoragePath.of("artifacts/gone/a/b/c.tgz"), bytes("x"));

        store.deleteTree(StoragePath.of("artifacts/gone"));

        assertFalse(Files.exists(root.resolve("artifacts/gone")));
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve(".tmp"))) {
            return s.toList();
        }
    }

    private List<Path> regularFiles() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
