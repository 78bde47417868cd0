package org.granary.format.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** maven-metadata.xml through the cooldown: versions, latest and release rewritten; snapshots never judged. */
class CooldownFilterTest {

    private static final String DOC = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metadata>
              <groupId>org.example</groupId>
              <artifactId>lib</artifactId>
              <versioning>
                <latest>2.1-SNAPSHOT</latest>
                <release>2.0</release>
                <versions>
                  <version>1.0</version>
                  <version>1.1</version>
                  <version>2.0</version>
                  <version>2.1-SNAPSHOT</version>
                </versions>
                <lastUpdated>20250601120000</lastUpdated>
              </versioning>
            </metadata>
            """;

    @Test
    void hiddenVersionsLeaveTheListAndReleaseMovesToTheGreatestVisibleOne() throws Exception {
        MavenMetadata m = MavenMetadata.parse(DOC.getBytes(StandardCharsets.UTF_8));
        Set<String> hidden = Set.of("2.0", "1.1");

        MavenMetadata filtered = CooldownFilter.filter(m, v -> !hidden.contains(v));

        assertEquals(List.of("1.0", "2.1-SNAPSHOT"), filtered.versioning().versions());
        assertEquals("1.0", filtered.versioning().release());
        assertEquals("2.1-SNAPSHOT", filtered.versioning().latest(), "a snapshot is not judged");
        assertEquals("20250601120000", filtered.versioning().lastUpdated());
    }

    @Test
    void nothingHiddenIsTheDocumentByteForByteAndSnapshotsAreNotListedForTimes() throws Exception {
        byte[] doc = DOC.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(doc, CooldownFilter.filter(doc, org.granary.core.VersionGate.OPEN));
        assertEquals(List.of("1.0", "1.1", "2.0"), List.copyOf(CooldownFilter.releaseTimes(doc).keySet()));
    }

    @Test
    void onlyAnArtifactsOwnDocumentListsVersionsToJudge() {
        assertEquals(List.of("org.example.sub", "lib"), List.of(MavenAdapter.artifactOf("org/example/sub/lib/maven-metadata.xml").orElseThrow()));
        assertTrue(MavenAdapter.artifactOf("org/example/lib/1.0-SNAPSHOT/maven-metadata.xml").isEmpty());
        assertTrue(MavenAdapter.artifactOf("maven-metadata.xml").isEmpty());
    }
}
