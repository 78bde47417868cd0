package org.granary.format.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.granary.format.maven.MavenMetadata.Plugin;
import org.granary.format.maven.MavenMetadata.Snapshot;
import org.granary.format.maven.MavenMetadata.SnapshotVersion;
import org.junit.jupiter.api.Test;

class MavenMetadataTest {

    private static final String ARTIFACT_LEVEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metadata xmlns="http://maven.apache.org/METADATA/1.1.0">
              <groupId>org.example</groupId>
              <artifactId>app</artifactId>
              <versioning>
                <latest>1.1</latest>
                <release>1.1</release>
                <versions>
                  <version>1.0</version>
                  <version>1.1</version>
                </versions>
                <lastUpdated>20250101120000</lastUpdated>
              </versioning>
              <unknown>dropped</unknown>
            </metadata>
            """;

    private static final String VERSION_LEVEL = """
            <metadata modelVersion="1.1.0">
              <groupId>org.example</groupId>
              <artifactId>app</artifactId>
              <version>2.0-SNAPSHOT</version>
              <versioning>
                <snapshot><timestamp>20250102.080000</timestamp><buildNumber>2</buildNumber></snapshot>
                <lastUpdated>20250102080000</lastUpdated>
                <snapshotVersions>
                  <snapshotVersion><extension>jar</extension><value>2.0-20250102.080000-2</value><updated>20250102080000</updated></snapshotVersion>
                  <snapshotVersion><classifier>sources</classifier><extension>jar</extension><value>2.0-20250101.000000-1</value><updated>20250101000000</updated></snapshotVersion>
                </snapshotVersions>
              </versioning>
            </metadata>
            """;

    @Test
    void readsArtifactAndVersionLevelDocuments() throws IOException {
        MavenMetadata a = parse(ARTIFACT_LEVEL);
        assertEquals("org.example", a.groupId());
        assertEquals("app", a.artifactId());
        assertNull(a.version());
        assertEquals(List.of("1.0", "1.1"), a.versioning().versions());
        assertEquals("1.1", a.versioning().release());
        assertEquals("20250101120000", a.versioning().lastUpdated());

        MavenMetadata v = parse(VERSION_LEVEL);
        assertEquals("2.0-SNAPSHOT", v.version());
        assertEquals(new Snapshot("20250102.080000", 2), v.versioning().snapshot());
        assertEquals(List.of(new SnapshotVersion(null, "jar", "2.0-20250102.080000-2", "20250102080000"),
                new SnapshotVersion("sources", "jar", "2.0-20250101.000000-1", "20250101000000")),
                v.versioning().snapshotVersions());
    }

    @Test
    void writingAndReadingAgainChangesNothing() throws IOException {
        for (String xml : List.of(ARTIFACT_LEVEL, VERSION_LEVEL)) {
            MavenMetadata m = parse(xml);
            assertEquals(m, MavenMetadata.parse(m.render()));
        }
        String rendered = new String(parse(ARTIFACT_LEVEL).render(), StandardCharsets.UTF_8);
        assertTrue(rendered.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n  <groupId>org.example</groupId>"),
                rendered);
        assertTrue(rendered.contains("    <versions>\n      <version>1.0</version>\n      <version>1.1</version>\n    </versions>"),
                rendered);
        assertTrue(!rendered.contains("unknown"));
    }

    @Test
    void aDeployedVersionIsAddedAndLatestAndReleaseAreRecomputed() throws IOException {
        MavenMetadata m = MavenMetadata.of("org.example", "app", null)
                .withVersion("1.0", "20250101000000")
                .withVersion("2.0-SNAPSHOT", "20250102000000")
                .withVersion("1.0.1", "20250103000000")
                .withVersion("1.0", "20250104000000");
        assertEquals(List.of("1.0", "1.0.1", "2.0-SNAPSHOT"), m.versioning().versions());
        assertEquals("2.0-SNAPSHOT", m.versioning().latest());
        assertEquals("1.0.1", m.versioning().release(), "release is the greatest, not the last deployed");
        assertEquals("20250104000000", m.versioning().lastUpdated());
        assertEquals(m, MavenMetadata.parse(m.render()));
    }

    @Test
    void snapshotBuildsKeepTheNewestFileOfEachKind() throws IOException {
        MavenMetadata m = parse(VERSION_LEVEL)
                .withSnapshotFile(new Snapshot("20250103.090000", 3),
                        new SnapshotVersion(null, "pom", "2.0-20250103.090000-3", "20250103090000"), "20250103090001")
                .withSnapshotFile(new Snapshot("20250103.090000", 3),
                        new SnapshotVersion(null, "jar", "2.0-20250103.090000-3", "20250103090000"), "20250103090002")
                // an older build arriving late changes nothing
                .withSnapshotFile(new Snapshot("20250101.000000", 1),
                        new SnapshotVersion(null, "jar", "2.0-20250101.000000-1", "20250101000000"), "20250103090003");
        assertEquals(new Snapshot("20250103.090000", 3), m.versioning().snapshot());
        assertEquals(List.of("2.0-20250103.090000-3", "2.0-20250101.000000-1", "2.0-20250103.090000-3"),
                m.versioning().snapshotVersions().stream().map(SnapshotVersion::value).toList());
        assertEquals("20250103090003", m.versioning().lastUpdated());
    }

    @Test
    void groupMembersAreMergedTheEarlierWinningConflicts() throws IOException {
        MavenMetadata hosted = MavenMetadata.of("org.example", "app", null).withVersion("1.2", "20250105000000")
                .withVersion("1.3-SNAPSHOT", "20250105000000");
        MavenMetadata proxied = parse(ARTIFACT_LEVEL);
        MavenMetadata merged = MavenMetadata.merge(List.of(hosted, proxied));
        assertEquals(List.of("1.0", "1.1", "1.2", "1.3-SNAPSHOT"), merged.versioning().versions());
        assertEquals("1.3-SNAPSHOT", merged.versioning().latest());
        assertEquals("1.2", merged.versioning().release());
        assertEquals("20250105000000", merged.versioning().lastUpdated());

        MavenMetadata hostedSnapshot = MavenMetadata.of("org.example", "app", "2.0-SNAPSHOT").withSnapshotFile(
                new Snapshot("20250109.000000", 1), new SnapshotVersion(null, "jar", "2.0-20250109.000000-1", "20250109000000"),
                "20250109000000");
        MavenMetadata mergedSnapshot = MavenMetadata.merge(List.of(hostedSnapshot, parse(VERSION_LEVEL)));
        assertEquals(new Snapshot("20250109.000000", 1), mergedSnapshot.versioning().snapshot(), "the hosted build wins");
        assertEquals(List.of("2.0-20250109.000000-1", "2.0-20250101.000000-1"),
                mergedSnapshot.versioning().snapshotVersions().stream().map(SnapshotVersion::value).toList());
    }

    @Test
    void pluginPrefixesAreMergedByPrefix() throws IOException {
        MavenMetadata group = parse("""
                <metadata><plugins>
                  <plugin><name>Old</name><prefix>demo</prefix><artifactId>demo-maven-plugin</artifactId></plugin>
                  <plugin><name>Other</name><prefix>other</prefix><artifactId>other-maven-plugin</artifactId></plugin>
                </plugins></metadata>""");
        MavenMetadata updated = group.withPlugins(List.of(new Plugin("New", "demo", "demo-maven-plugin")));
        assertEquals(List.of("New", "Other"), updated.plugins().stream().map(Plugin::name).toList());
        assertEquals(updated, MavenMetadata.parse(updated.render()));
        assertNull(updated.groupId());
    }

    @Test
    void aGroupsPluginDocumentsAreMergedIntoTheUnionOfTheirPluginsTheEarlierMemberWinningAPrefix() throws IOException {
        MavenMetadata hosted = parse("""
                <metadata><plugins>
                  <plugin><name>Ours</name><prefix>greet</prefix><artifactId>greet-maven-plugin</artifactId></plugin>
                </plugins></metadata>""");
        MavenMetadata proxied = parse("""
                <metadata><plugins>
                  <plugin><name>Theirs</name><prefix>greet</prefix><artifactId>their-greet-maven-plugin</artifactId></plugin>
                  <plugin><name>Other</name><prefix>other</prefix><artifactId>other-maven-plugin</artifactId></plugin>
                </plugins></metadata>""");
        MavenMetadata merged = MavenMetadata.merge(List.of(hosted, proxied));
        assertEquals(List.of(new Plugin("Ours", "greet", "greet-maven-plugin"),
                new Plugin("Other", "other", "other-maven-plugin")), merged.plugins());
        assertNull(merged.groupId());
        assertTrue(merged.versioning().versions().isEmpty());
        String xml = new String(merged.render(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(xml.contains("<plugins>") && !xml.contains("<versioning>"), xml);
        assertEquals(merged, MavenMetadata.parse(merged.render()));
    }

    @Test
    void whatIsNotMavenMetadataIsRefusedWithAReason() {
        assertTrue(assertThrows(IOException.class, () -> parse("<html><body>hi</body></html>")).getMessage()
                .contains("<metadata>"));
        assertTrue(assertThrows(IOException.class, () -> parse("<metadata><groupId>x</metadata>")).getMessage()
                .contains("well-formed"));
        assertTrue(assertThrows(IOException.class, () -> parse("<!DOCTYPE metadata [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<metadata><groupId>&x;</groupId></metadata>")).getMessage().contains("DTD"));
        assertTrue(assertThrows(IOException.class, () -> parse("<metadata><versioning><snapshot><buildNumber>x"
                + "</buildNumber></snapshot></versioning></metadata>")).getMessage().contains("buildNumber"));
        assertThrows(IOException.class, () -> parse(""));
    }

    @Test
    void textIsEscapedWhenWritten() throws IOException {
        MavenMetadata m = new MavenMetadata("a&b", "<c>", null, null, List.of());
        assertEquals(m, MavenMetadata.parse(m.render()));
    }

    private static MavenMetadata parse(String xml) throws IOException {
        return MavenMetadata.parse(xml.getBytes(StandardCharsets.UTF_8));
    }
}
