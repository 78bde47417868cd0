package org.granary.format.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.granary.core.NotFoundException;
import org.granary.core.VersionDeletion;
import org.junit.jupiter.api.Test;

/** Deleting a hosted Maven version: maven-metadata.xml regenerated without it, its version-level documents gone. */
class MavenVersionDeletionTest {

    private static byte[] metadata(String... versions) {
        MavenMetadata m = MavenMetadata.of("org.example", "demo", null);
        for (String v : versions) {
            m = m.withVersion(v, "20250106090000");
        }
        return m.render();
    }

    @Test
    void theVersionLeavesTheMetadataWithLatestAndReleaseRecomputed() throws Exception {
        VersionDeletion.Plan plan = MavenVersionDeletion.plan("org.example", "demo", "2.0",
                metadata("1.0", "2.0", "2.1-SNAPSHOT"), "20250107000000");
        assertEquals("org.example:demo", plan.packageName());
        VersionDeletion.DocumentChange edit = plan.changes().get(0);
        assertEquals("org/example/demo/maven-metadata.xml", edit.path());
        MavenMetadata after = MavenMetadata.parse(edit.edit().apply(Optional.of(metadata("1.0", "2.0", "2.1-SNAPSHOT"))));
        assertEquals(List.of("1.0", "2.1-SNAPSHOT"), after.versioning().versions());
        assertEquals("1.0", after.versioning().release());
        assertEquals("2.1-SNAPSHOT", after.versioning().latest());
        assertEquals("20250107000000", after.versioning().lastUpdated());
        assertEquals(List.of("org/example/demo/2.0/maven-metadata.xml", "org/example/demo/2.0/.client-maven-metadata.xml"),
                plan.changes().subList(1, 3).stream().map(VersionDeletion.DocumentChange::path).toList());
        assertTrue(plan.changes().get(1).removes());
    }

    @Test
    void theLastVersionTakesTheMetadataAndAnUnknownVersionIs404() {
        assertTrue(MavenVersionDeletion.plan("org.example", "demo", "1.0", metadata("1.0"), "x").changes().get(0)
                .removes());
        assertThrows(NotFoundException.class, () -> MavenVersionDeletion.plan("org.example", "demo", "3.0",
                metadata("1.0"), "x"));
        MavenMetadata none = MavenMetadata.of("g", "a", null).withVersion("1.0-SNAPSHOT", "1")
                .withoutVersion("1.0-SNAPSHOT", "2");
        assertNull(none.versioning().release());
    }
}
