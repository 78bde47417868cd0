package org.granary.format.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.granary.testing.GoModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleZipTest {

    private static final String GO_MOD = "module example.test/lib\n\ngo 1.19\n";
    private static final ModulePath LIB = ModulePath.of("example.test/lib");
    private static final ModuleVersion V1 = ModuleVersion.of("v1.0.0");

    @TempDir
    Path dir;

    @Test
    void aWellFormedZipVerifiesAndHashesLikeGoSum() throws IOException {
        Path zip = write(zip(Map.of("example.test/lib@v1.0.0/go.mod", GO_MOD,
                "example.test/lib@v1.0.0/lib.go", "package lib\n")));

        // Expected values computed outside Java: sha256sum of each file, the "%x  %s\n" lines, sha256, base64.
        assertEquals("h1:j1lu23fvUPI6fLk/xVz6oqSEpDhDim5aCwVavU9vvBc=", ModuleZip.verify(zip, LIB, V1, bytes(GO_MOD)));
        assertEquals("h1:j1lu23fvUPI6fLk/xVz6oqSEpDhDim5aCwVavU9vvBc=", ModuleZip.hash(zip));
        assertEquals("h1:MiRiRYD097CMz9//2tFsD52J+EC6VtKdGL+1f7ks9Uc=", ModuleZip.goModHash(bytes(GO_MOD)));
    }

    @Test
    void hashesAgreeWithTheTestFixturesIndependentImplementation() throws IOException {
        GoModule dep = GoModule.of("example.test/Upper/Dep", "v0.2.0", Map.of(),
                Map.of("dep.go", "package dep\n", "sub/ü.go", "package sub\n", "Z.go", "package dep\n"));
        Path zip = write(dep.zip());

        assertEquals(dep.h1(), ModuleZip.verify(zip, ModulePath.of(dep.path()), ModuleVersion.of(dep.version()), dep.mod()));
    }

    @Test
    void aZipWithoutGoModIsAcceptedWhateverTheSynthesisedModFile() throws IOException {
        Path zip = write(zip(Map.of("example.test/lib@v1.0.0/lib.go", "package lib\n")));

        ModuleZip.verify(zip, LIB, V1, bytes("module example.test/lib\n"));
    }

    @Test
    void refusesFilesOutsideModuleAtVersion() throws IOException {
        Path zip = write(zip(Map.of("example.test/lib@v1.0.0/go.mod", GO_MOD, "example.test/lib@v1.0.1/x.go", "x")));

        assertRefused(zip, bytes(GO_MOD), "is not under \"example.test/lib@v1.0.0/\"");
    }

    @Test
    void refusesAGoModThatDiffersFromTheModFile() throws IOException {
        Path zip = write(zip(Map.of("example.test/lib@v1.0.0/go.mod", GO_MOD + "require example.test/evil v1.0.0\n")));

        assertRefused(zip, bytes(GO_MOD), "go.mod in the module zip differs from the .mod file");
    }

    @Test
    void refusesUnsafeOrCollidingNames() throws IOException {
        String p = "example.test/lib@v1.0.0/";
        assertRefused(write(zip(Map.of(p + "../escape.go", "x"))), null, "not clean");
        assertRefused(write(zip(Map.of(p + "a//b.go", "x"))), null, "not clean");
        assertRefused(write(zip(Map.of(p + "a.go", "x", p + "A.go", "y"))), null, "case-insensitive");
        assertRefused(write(zip(Map.of(p + "sub/go.mod", "module x\n"))), null, "outside the module root");
        assertRefused(write(zip(Map.of(p + "GO.MOD", "module x\n"))), null, "go.mod spelled");
        assertRefused(write(zip(Map.of(p + "what?.go", "x"))), null, "invalid char");
        assertRefused(write(zip(Map.of(p + "x", "file", p + "x/y", "child"))), null, "both a file and a directory");
    }

    @Test
    void refusesEveryDamagedByteInTheData() throws IOException {
        byte[] good = GoModule.of("example.test/lib", "v1.0.0", Map.of(),
                Map.of("lib.go", "package lib\n\n// " + "padding ".repeat(200) + "\n")).zip();
        int start = 30 + ((good[26] & 0xff) | (good[27] & 0xff) << 8) + ((good[28] & 0xff) | (good[29] & 0xff) << 8);
        for (int i = start; i < start + 40; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x5a;
            Path zip = write(bad);
            IOException e = assertThrows(IOException.class,
                    () -> ModuleZip.verify(zip, LIB, V1, bytes("module example.test/lib\n\ngo 1.19\n")), "byte " + i);
            assertTrue(e.getMessage().contains("corrupt") || e.getMessage().contains("differs"), e.getMessage());
        }
    }

    @Test
    void refusesWhatIsNotAZipAtAll() throws IOException {
        assertRefused(write("<html>upstream error page</html>".getBytes(StandardCharsets.UTF_8)), null,
                "not a readable zip archive");
    }

    private static void assertRefused(Path zip, byte[] goMod, String expected) {
        IOException e = assertThrows(IOException.class, () -> ModuleZip.verify(zip, LIB, V1,
                goMod == null ? bytes("module x\n") : goMod));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private Path write(byte[] data) throws IOException {
        return Files.write(Files.createTempFile(dir, "m", ".zip"), data);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> f : new LinkedHashMap<>(files).entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(bytes(f.getValue()));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
