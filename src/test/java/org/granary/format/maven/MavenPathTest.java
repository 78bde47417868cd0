package org.granary.format.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MavenPathTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        // path, groupId, artifactId, version, fileVersion, classifier, extension, snapshot
        "org/example/lib-a/1.0/lib-a-1.0.jar, org.example, lib-a, 1.0, 1.0, -, jar, false",
        "org/example/lib-a/1.0/lib-a-1.0.pom, org.example, lib-a, 1.0, 1.0, -, pom, false",
        "org/example/lib-a/1.0/lib-a-1.0-sources.jar, org.example, lib-a, 1.0, 1.0, sources, jar, false",
        "org/example/lib-a/1.0/lib-a-1.0.jar.asc, org.example, lib-a, 1.0, 1.0, -, jar.asc, false",
        "org/example/dist/2.1.0/dist-2.1.0-bin.tar.gz, org.example, dist, 2.1.0, 2.1.0, bin, tar.gz, false",
        "com/x/jakarta.ws.rs-api/3.1.0/jakarta.ws.rs-api-3.1.0.jar, com.x, jakarta.ws.rs-api, 3.1.0, 3.1.0, -, jar, false",
        "g/a/1.0-rc-1/a-1.0-rc-1.jar, g, a, 1.0-rc-1, 1.0-rc-1, -, jar, false",
        "g/a/1.0-SNAPSHOT/a-1.0-SNAPSHOT.jar, g, a, 1.0-SNAPSHOT, 1.0-SNAPSHOT, -, jar, true",
        "g/a/1.0-SNAPSHOT/a-1.0-20250101.123456-1.jar, g, a, 1.0-SNAPSHOT, 1.0-20250101.123456-1, -, jar, true",
        "g/a/1.0-SNAPSHOT/a-1.0-20250101.123456-12-tests.jar, g, a, 1.0-SNAPSHOT, 1.0-20250101.123456-12, tests, jar, true",
        "g/a/1.0-SNAPSHOT/a-1.0-20250101.123456-3.pom, g, a, 1.0-SNAPSHOT, 1.0-20250101.123456-3, -, pom, true",
    })
    void artifactFilesAreSplitIntoCoordinates(String path, String groupId, String artifactId, String version,
                                              String fileVersion, String classifier, String extension,
                                              boolean snapshot) {
        MavenPath.ArtifactFile f = assertInstanceOf(MavenPath.ArtifactFile.class, MavenPath.parse(path));
        assertEquals(path, f.path());
        assertEquals(groupId, f.groupId());
        assertEquals(artifactId, f.artifactId());
        assertEquals(version, f.version());
        assertEquals(fileVersion, f.fileVersion());
        assertEquals(classifier, f.classifier());
        assertEquals(extension, f.extension());
        assertEquals(snapshot, f.snapshot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"org/example/lib-a/maven-metadata.xml", "org/example/lib-a/1.0-SNAPSHOT/maven-metadata.xml",
        "org/apache/maven/plugins/maven-metadata.xml", "/org/example/lib-a/maven-metadata.xml"})
    void metadataAtEveryLevelIsMutableMetadata(String path) {
        MavenPath.Metadata m = assertInstanceOf(MavenPath.Metadata.class, MavenPath.parse(path));
        assertFalse(m.path().startsWith("/"));
    }

    @Test
    void checksumFilesNameTheirTargetAndAlgorithm() {
        MavenPath.Checksum c = assertInstanceOf(MavenPath.Checksum.class,
                MavenPath.parse("org/example/lib-a/1.0/lib-a-1.0.jar.sha1"));
        assertEquals(ChecksumAlgorithm.SHA1, c.algorithm());
        MavenPath.ArtifactFile target = assertInstanceOf(MavenPath.ArtifactFile.class, c.target());
        assertEquals("org/example/lib-a/1.0/lib-a-1.0.jar", target.path());
        assertEquals("jar", target.extension());

        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            MavenPath.Checksum m = assertInstanceOf(MavenPath.Checksum.class,
                    MavenPath.parse("g/a/maven-metadata.xml." + a.extension()));
            assertEquals(a, m.algorithm());
            assertInstanceOf(MavenPath.Metadata.class, m.target());
        }
        MavenPath.Checksum signature = assertInstanceOf(MavenPath.Checksum.class,
                MavenPath.parse("g/a/1.0/a-1.0.jar.asc.md5"));
        assertEquals("jar.asc", ((MavenPath.ArtifactFile) signature.target()).extension());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "org/../etc/passwd/x.jar", "org/./a/1.0/a-1.0.jar", "org//a/1.0/a-1.0.jar", "g/a/1.0/a-1.0.jar%00",
        "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd", "g/a/1.0/a 1.0.jar", "g/a/1.0/a-1.0.jar\\..\\x",
        "g/a/1.0/a-1.0.jar\u0000", "g/a/1.0/a-1.0.j\u00e4r", "g/a/1.0/b-1.0.jar", "g/a/1.0/a-2.0.jar",
        "g/a/1.0/a-1.0", "g/a/1.0/a-1.0-.jar", "g/a/1.0/a-1.0.", "g/a/1.0-SNAPSHOT/a-1.0-2025.123456-1.jar",
        "g/a:b/1.0/a:b-1.0.jar", "g/a/1.0/a-1.0.jar.sha1.md5x%20"})
    void badPathsAreRejectedWith400(String path) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> MavenPath.parse(path));
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20), "message is printable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "org/example/", "maven-metadata.xml", "archetype-catalog.xml", "g/a/x.jar",
        ".meta/prefixes.txt", "g/a/1.0/a-1.0.jar.sha1.md5"})
    void shapesTheLayoutDoesNotDefineAre404(String path) {
        assertThrows(NotFoundException.class, () -> MavenPath.parse(path));
    }

    @Test
    void veryLongPathsAreRejected() {
        String longPath = "g/".repeat(600) + "a/1.0/a-1.0.jar";
        assertThrows(InvalidRequestException.class, () -> MavenPath.parse(longPath));
    }

    @Test
    void displayNamesCoordinates() {
        MavenPath.ArtifactFile f = (MavenPath.ArtifactFile) MavenPath.parse("org/example/lib-a/1.0/lib-a-1.0-sources.jar");
        assertEquals("org.example:lib-a:1.0:sources:jar", f.display());
        assertNull(((MavenPath.ArtifactFile) MavenPath.parse("g/a/1/a-1.jar")).classifier());
        assertTrue(((MavenPath.ArtifactFile) MavenPath.parse("g/a/1-SNAPSHOT/a-1-SNAPSHOT.jar")).snapshot());
    }

    @Test
    void timestampedSnapshotFilesNameTheirBuild() {
        MavenPath.ArtifactFile f = (MavenPath.ArtifactFile) MavenPath.parse("g/a/1.0-SNAPSHOT/a-1.0-20250101.123456-12-tests.jar");
        assertEquals(java.util.Optional.of(new MavenMetadata.Snapshot("20250101.123456", 12)), f.snapshotBuild());
        assertTrue(((MavenPath.ArtifactFile) MavenPath.parse("g/a/1.0-SNAPSHOT/a-1.0-SNAPSHOT.jar")).snapshotBuild().isEmpty());
        assertTrue(((MavenPath.ArtifactFile) MavenPath.parse("g/a/1.0/a-1.0.jar")).snapshotBuild().isEmpty());
        assertThrows(InvalidRequestException.class,
                () -> MavenPath.parse("g/a/1.0-SNAPSHOT/a-1.0-20250101.123456-12345678901.jar"));
    }
}
