package org.granary.format.winget;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A winget-pkgs manifest tree as the mirror reads it: which version folders an allow-list picks, from a directory and
 * from a zip archive of the same tree, and which folders the walk never enters.
 */
class ManifestTreeTest {

    @TempDir
    Path dir;

    static final String SHA = WingetFixtures.SHA;

    static String singleton(String id, String version) {
        return """
                PackageIdentifier: %1$s
                PackageVersion: %2$s
                PackageLocale: en-US
                Publisher: Contoso Ltd
                PackageName: %1$s
                License: MIT
                ShortDescription: A package of the tree
                Installers:
                  - Architecture: x64
                    InstallerType: msi
                    InstallerUrl: https://downloads.example.test/%1$s-%2$s.msi
                    InstallerSha256: %3$s
                ManifestType: singleton
                ManifestVersion: 1.10.0
                """.formatted(id, version, SHA);
    }

    /** The files of a small tree, by path from the tree's root. */
    static Map<String, String> treeFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String[] p : new String[][] {{"Contoso.Tools", "1.0"}, {"Contoso.Tools", "2.0"},
                {"Contoso.Tools.Beta", "0.9"}, {"Contoso.Editor", "5.1"}, {"Fabrikam.Zip", "10.0"},
                {"Microsoft.VisualStudio.2022.Community", "17.9.1"}, {"Northwind.Db", "1.0"}}) {
            String id = p[0];
            files.put("manifests/" + Character.toLowerCase(id.charAt(0)) + "/" + id.replace('.', '/') + "/" + p[1] + "/"
                    + id + ".yaml", singleton(id, p[1]));
        }
        files.put("manifests/c/Contoso/Tools/2.0/notes.txt", "not a manifest");
        files.put("README.md", "the repository's readme");
        return files;
    }

    Path writeTree(Path root, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return root;
    }

    Path writeZip(Path zip, String top, Map<String, String> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(top + f.getKey()));
                z.write(f.getValue().getBytes(UTF_8));
                z.closeEntry();
            }
        }
        return zip;
    }

    static MirrorRules rules(String packages) {
        return MirrorRules.parse(WingetFixtures.body("{\"source\":{\"tree\":\"/srv/winget-pkgs\"},\"packages\":"
                + packages + "}"));
    }

    static final String ALLOW = "[{\"id\":\"Contoso.Tools\"},{\"id\":\"Fabrikam.*\"},{\"id\":\"microsoft.visualstudio.*\"}]";

    static void assertPicked(Map<String, List<ManifestTree.VersionFolder>> picked) {
        assertEquals(List.of("Contoso.Tools", "Fabrikam.Zip", "Microsoft.VisualStudio.2022.Community"),
                List.copyOf(picked.keySet()), "the allowed packages; not Contoso.Tools.Beta nor Contoso.Editor");
        assertEquals(List.of(new ManifestTree.VersionFolder("1.0", List.of("manifests/c/Contoso/Tools/1.0/Contoso.Tools.yaml")),
                        new ManifestTree.VersionFolder("2.0", List.of("manifests/c/Contoso/Tools/2.0/Contoso.Tools.yaml"))),
                picked.get("Contoso.Tools"), "each version folder with its manifests (no other files)");
        assertEquals("17.9.1", picked.get("Microsoft.VisualStudio.2022.Community").get(0).version());
    }

    @Test
    void aDirectoryGivesTheVersionFoldersOfTheAllowedPackagesOnly() throws Exception {
        Path root = writeTree(dir.resolve("winget-pkgs"), treeFiles());

        try (ManifestTree tree = ManifestTree.directory(root)) { // a checkout: its manifests/ is the tree
            Map<String, List<ManifestTree.VersionFolder>> picked = tree.allowed(rules(ALLOW));

            assertPicked(picked);
            assertEquals(singleton("Fabrikam.Zip", "10.0"), new String(tree.read(
                    "manifests/f/Fabrikam/Zip/10.0/Fabrikam.Zip.yaml"), UTF_8));
        }
    }

    @Test
    void aZipOfTheTreeAsGithubArchivesItGivesTheSameAndIsReleasedWhenClosed() throws Exception {
        Path zip = writeZip(dir.resolve("winget-pkgs.zip"), "winget-pkgs-master/", treeFiles());
        AtomicBoolean released = new AtomicBoolean();

        try (ManifestTree tree = ManifestTree.zip(zip, () -> released.set(true))) {
            Map<String, List<ManifestTree.VersionFolder>> picked = tree.allowed(rules(ALLOW));

            assertPicked(picked);
            assertArrayEquals(singleton("Contoso.Tools", "2.0").getBytes(UTF_8),
                    tree.read("manifests/c/Contoso/Tools/2.0/Contoso.Tools.yaml"));
            assertThrows(IOException.class, () -> tree.read("manifests/c/Contoso/Editor/5.1/Contoso.Editor.yaml"),
                    "a file the allow-list did not pick is not read");
        }
        assertTrue(released.get());
    }

    @Test
    void aFileThatIsNotAZipIsRefusedAndReleased() throws Exception {
        Path notZip = Files.writeString(dir.resolve("page.html"), "<html>not found</html>");
        AtomicBoolean released = new AtomicBoolean();

        IOException e = assertThrows(IOException.class, () -> ManifestTree.zip(notZip, () -> released.set(true)));

        assertTrue(e.getMessage().contains("not a readable zip archive"), e.getMessage());
        assertTrue(released.get());
    }

    @Test
    void theWalkEntersOnlyTheFoldersAnAllowedIdentifierCanBeInAndFollowsNoLinks() throws Exception {
        Path root = writeTree(dir, treeFiles()).resolve("manifests");
        Path outside = Files.writeString(dir.resolve("outside.yaml"), singleton("Contoso.Linked", "1.0"));
        Files.createDirectories(root.resolve("c/Contoso/Linked/1.0"));
        Files.createSymbolicLink(root.resolve("c/Contoso/Linked/1.0/Contoso.Linked.yaml"), outside);

        try (ManifestTree tree = ManifestTree.directory(root)) {
            Map<String, List<ManifestTree.VersionFolder>> picked = tree.allowed(rules("[{\"id\":\"Contoso.Tools\"},"
                    + "{\"id\":\"Contoso.Linked\"}]"));

            assertEquals(List.of("Contoso.Tools"), List.copyOf(picked.keySet()), "a linked file is not a file of the tree");
            assertEquals(List.of("c", "c/Contoso", "c/Contoso/Linked", "c/Contoso/Linked/1.0", "c/Contoso/Tools",
                            "c/Contoso/Tools/1.0", "c/Contoso/Tools/2.0", "c/Contoso/Tools/Beta"),
                    tree.entered().stream().sorted().toList(),
                    "not f/, m/, n/ nor c/Contoso/Editor (Beta might be a version folder of Contoso.Tools)");
        }
    }

    @Test
    void aDirectoryThatIsNotOneIsRefused() {
        IOException e = assertThrows(IOException.class, () -> ManifestTree.directory(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("is not a directory on the server"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "manifests/c/Contoso/Tools/1.2.0/Contoso.Tools.installer.yaml|Contoso.Tools 1.2.0",
            "manifests/m/Microsoft/VisualStudio/2022/Community/17.9.1/x.yaml|Microsoft.VisualStudio.2022.Community 17.9.1",
            "manifests/c/Contoso/1.0/Contoso.yaml|none: one segment is not an identifier",
            "manifests/f/Contoso/Tools/1.0/Contoso.Tools.yaml|none: the letter is another",
            "manifests/c/Contoso/../Tools/1.0/x.yaml|none: no dot folders",
            "manifests/c/Contoso/Tools/1.0/readme.txt|none: not YAML",
            "other/c/Contoso/Tools/1.0/x.yaml|none: not under manifests/"})
    void aFilesPathSpellsItsPackageAndVersion(String path, String expected) {
        assertEquals(expected, ManifestTree.placed(path).map(p -> p.packageIdentifier() + " " + p.version())
                .orElse(expected.startsWith("none") ? expected : "none"));
    }

    @ParameterizedTest(name = "{0} under {1}/{2}")
    @CsvSource(delimiter = '|', value = {
            "Contoso.Tools|c||true",
            "Contoso.Tools|f||false",
            "Contoso.Tools|c|Contoso|true",
            "Contoso.Tools|c|Contoso/Tools|true",
            "Contoso.Tools|c|Contoso/Editor|false",
            "Contoso.Tools|c|Contosoft|false",
            "Contoso.*|c|Contoso/Anything/Deeper|true",
            "Contoso.To*|c|Contoso/Editor|false",
            "Contoso.To*|c|Contoso/Toys|true",
            "*.Zip|q|Quux/Anything|true"})
    void theWalkEntersOnlyFoldersThatCanLeadToAnAllowedIdentifier(String pattern, String letter, String folders,
                                                                  boolean entered) {
        MirrorRules r = rules("[{\"id\":\"" + pattern + "\"}]");
        List<String> segments = folders == null ? List.of() : List.of(folders.split("/"));

        assertEquals(entered, ManifestTree.mayLeadTo(r, letter, segments));
    }

    @Test
    void theTreesManifestsAreImportedOnlyFromTheFolderTheyBelongIn() {
        Map<String, byte[]> misplaced = Map.of("manifests/c/Contoso/Tools/1.0/Contoso.Tools.yaml",
                singleton("Contoso.Tools", "2.0").getBytes(UTF_8));

        ManifestImport.Rejected r = assertInstanceOf(ManifestImport.Rejected.class, ManifestImport.tree(misplaced));

        assertTrue(r.problems().get(0).toString().contains("is not in the folder its manifest belongs in "
                + "([manifests/c/Contoso/Tools/2.0])"), r.problems().toString());
    }
}
