package org.granary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.granary.core.ArtifactResult;
import org.granary.core.StoredArtifact;
import org.granary.storage.OpenedBlob;
import org.granary.storage.StoragePath;
import org.granary.storage.filesystem.FileSystemBlobStore;
import org.granary.web.ArtifactResponses.ByteRange;
import org.granary.web.ArtifactResponses.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Range requests on a 1000-byte artifact: what a download manager, pip or a resumed curl gets. */
class ArtifactResponsesTest {

    @ParameterizedTest(name = "Range \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            // one range: 206 with exactly those bytes
            "bytes=0-99                          | 0-99",
            "bytes=100-199                       | 100-199",
            "bytes=900-                          | 900-999",
            "bytes=-100                          | 900-999",
            "bytes=990-5000                      | 990-999",
            "bytes=999-999                       | 999-999",
            "Bytes = 10 - 19                     | 10-19",
            "bytes=0007-0009                     | 7-9",
            // more than the artifact: the whole of it
            "bytes=-5000                         | 0-999",
            "bytes=0-99999999999999999999        | 0-999",
            "bytes=-99999999999999999999         | 0-999",
            // beyond the end: 416
            "bytes=1000-                         | 416",
            "bytes=99999999999999999999-         | 416",
            "bytes=99999999999999999999-99999999999999999999 | 416",
            "bytes=-0                            | 416",
            // malformed or several ranges: ignored, the whole body (200)
            "bytes=200-100                       | 200",
            "bytes=-                             | 200",
            "bytes=0-1,5-6                       | 200",
            "items=0-10                          | 200",
            "bytes=a-b                           | 200",
            "bytes=-1-2                          | 200",
            "''                                  | 200",
    })
    void aRangeIsServedClampedIgnoredOrRefused(String header, String expected) {
        assertEquals(expected, describe(ByteRange.parse(header, 1000)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"bytes=0-     | 416", "bytes=-10    | 416", "bytes=5-2   | 200"})
    void anEmptyArtifactHasNoSatisfiableRange(String header, String expected) {
        assertEquals(expected, describe(ByteRange.parse(header, 0)));
    }

    @Test
    void theLengthAndRangesComeFromTheBlobAsOpenedNotFromItsRow(@TempDir Path root) throws IOException {
        FileSystemBlobStore blobs = new FileSystemBlobStore(root);
        StoragePath key = StoragePath.of("artifacts/maven-proxy/org/x/1.0/x-1.0.jar");
        blobs.put(key, new ByteArrayInputStream(new byte[1000]));
        // The row says 1000 bytes; the file on disk was cut to 600 (a damaged disk, a restore from an older backup).
        Files.write(root.resolve(key.toString()), new byte[600]);
        ArtifactResult.Stored stored = new ArtifactResult.Stored(
                new StoredArtifact(1000, "s1", "s256", "s512", "application/java-archive", Instant.EPOCH),
                () -> blobs.openBlob(key));

        try (OpenedBlob blob = stored.openBlob()) {
            assertEquals(600, blob.size());
            Plan whole = Plan.of(blob.size(), null, null, "\"s256\"");
            assertEquals(200, whole.status());
            assertEquals(600, whole.length(), "Content-Length: what will be sent, so no client waits for missing bytes");
            Plan tail = Plan.of(blob.size(), "bytes=500-", null, "\"s256\"");
            assertEquals("bytes 500-599/600", tail.contentRange());
            assertEquals(100, tail.length());
            Plan beyond = Plan.of(blob.size(), "bytes=700-", null, "\"s256\"");
            assertEquals(416, beyond.status());
            assertEquals("bytes */600", beyond.contentRange());
        }
    }

    @Test
    void aRangeForAnotherVersionOfTheArtifactGetsTheWholeFile() {
        Plan plan = Plan.of(1000, "bytes=0-99", "\"another\"", "\"s256\"");

        assertEquals(200, plan.status());
        assertEquals(1000, plan.length());
    }

    private static String describe(ByteRange r) {
        if (r == ByteRange.WHOLE) {
            return "200";
        }
        return r == ByteRange.UNSATISFIABLE ? "416" : r.start() + "-" + r.end();
    }
}
