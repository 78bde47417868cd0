package org.granary.format.winget;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.granary.format.winget.ManifestImport.Imported;
import org.granary.format.winget.ManifestImport.Rejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestImportTest {

    static final String SHA = "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90";

    static String singleton(String manifestVersion) {
        return """
                # yaml-language-server: $schema=https://aka.ms/winget-manifest.singleton.%1$s.schema.json
                PackageIdentifier: Contoso.Tools
                PackageVersion: 1.10
                PackageLocale: en-US
                Publisher: Contoso Ltd
                PackageName: Contoso Tools
                License: MIT
                ShortDescription: Tools from Contoso
                Moniker: ctools
                Tags: [cli, tools]
                Installers:
                  - Architecture: x64
                    InstallerType: msi
                    InstallerUrl: https://downloads.example.test/contoso-tools-1.10.msi
                    InstallerSha256: %2$s
                    ProductCode: '{11111111-2222-3333-4444-555555555555}'
                    InstallerSuccessCodes: [3010]
                ManifestType: singleton
                ManifestVersion: %1$s
                """.formatted(manifestVersion, SHA);
    }

    static Map<String, byte[]> multiFile(String v) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("Contoso.Editor.yaml", """
                PackageIdentifier: Contoso.Editor
                PackageVersion: 2.0.1
                DefaultLocale: en-US
                ManifestType: version
                ManifestVersion: %s
                """.formatted(v).getBytes(UTF_8));
        files.put("Contoso.Editor.locale.en-US.yaml", """
                PackageIdentifier: Contoso.Editor
                PackageVersion: 2.0.1
                PackageLocale: en-US
                Publisher: Contoso Ltd
                PackageName: Contoso Editor
                License: Proprietary
                ShortDescription: A text editor
                Moniker: cedit
                ManifestType: defaultLocale
                ManifestVersion: %s
                """.formatted(v).getBytes(UTF_8));
        files.put("Contoso.Editor.locale.de-DE.yaml", """
                PackageIdentifier: Contoso.Editor
                PackageVersion: 2.0.1
                PackageLocale: de-DE
                PackageName: Contoso Texteditor
                ShortDescription: Ein Texteditor
                ManifestType: locale
                ManifestVersion: %s
                """.formatted(v).getBytes(UTF_8));
        files.put("Contoso.Editor.installer.yaml", """
                PackageIdentifier: Contoso.Editor
                PackageVersion: 2.0.1
                InstallerType: exe
                Scope: machine
                InstallerSwitches:
                  Silent: /S
                ReleaseDate: 2024-05-31
                Installers:
                  - Architecture: x64
                    InstallerUrl: https://downloads.example.test/editor-x64.exe
                    InstallerSha256: %2$s
                    InstallerSwitches:
                      Log: /log=<LOGPATH>
                    AppsAndFeaturesEntries:
                      - DisplayName: Contoso Editor 2.0 (x64)
                        DisplayVersion: 2.0.1.0
                        UpgradeCode: '{AAAAAAAA-0000-0000-0000-000000000001}'
                  - Architecture: arm64
                    InstallerType: msix
                    InstallerUrl: https://downloads.example.test/editor-arm64.msix
                    InstallerSha256: %2$s
                    PackageFamilyName: Contoso.Editor_8wekyb3d8bbwe
                    Markets:
                      AllowedMarkets: [US, CA]
                ManifestType: installer
                ManifestVersion: %1$s
                """.formatted(v, SHA).getBytes(UTF_8));
        return files;
    }

    @ParameterizedTest(name = "singleton {0}")
    @ValueSource(strings = {"1.0.0", "1.1.0", "1.4.0", "1.6.0", "1.9.0", "1.12.0", "1.28.0"})
    void aSingletonManifestOfEverySchemaVersionImports(String v) {
        Imported imported = assertInstanceOf(Imported.class,
                ManifestImport.files(Map.of("Contoso.Tools.yaml", singleton(v).getBytes(UTF_8))));

        WingetManifest m = imported.manifests().get(0);
        assertEquals("Contoso.Tools", m.packageIdentifier());
        assertEquals("1.10", m.packageVersion(), "a version stays text: 1.10 is not the number 1.1");
        assertEquals(v, m.manifestVersion());
        assertEquals("Contoso Tools", m.defaultLocale().packageName());
        assertEquals("Contoso Ltd", m.defaultLocale().publisher());
        assertEquals("ctools", m.defaultLocale().moniker());
        assertEquals(List.of("cli", "tools"), m.defaultLocale().tags());
        assertEquals("MIT", m.defaultLocale().other().getString("License"));
        Installer i = m.installers().get(0);
        assertEquals(InstallerType.MSI, i.installerType());
        assertEquals(Architecture.X64, i.architecture());
        assertEquals("https://downloads.example.test/contoso-tools-1.10.msi", i.installerUrl());
        assertEquals(SHA, i.installerSha256());
        assertEquals("{11111111-2222-3333-4444-555555555555}", i.productCode());
        assertEquals(3010, i.other().getJsonArray("InstallerSuccessCodes").getInt(0), "an integer field is a number");
    }

    @ParameterizedTest(name = "multi-file {0}")
    @ValueSource(strings = {"1.1.0", "1.5.0", "1.10.0", "1.28.0"})
    void aMultiFileSetBecomesOneManifestWithRootDefaultsOnEveryInstaller(String v) {
        Imported imported = assertInstanceOf(Imported.class, ManifestImport.files(multiFile(v)));

        assertEquals(1, imported.manifests().size());
        WingetManifest m = imported.manifests().get(0);
        assertEquals("Contoso Editor", m.defaultLocale().packageName());
        assertEquals("cedit", m.defaultLocale().moniker());
        assertEquals(1, m.locales().size());
        assertEquals("de-DE", m.locales().get(0).packageLocale());
        assertEquals("Contoso Texteditor", m.locales().get(0).packageName());
        Installer exe = m.installers().get(0);
        Installer msix = m.installers().get(1);
        assertEquals(InstallerType.EXE, exe.installerType(), "the root InstallerType is the default");
        assertEquals(InstallerType.MSIX, msix.installerType(), "an installer's own type wins");
        assertEquals("machine", exe.scope());
        assertEquals("machine", msix.scope());
        assertEquals(LocalDate.of(2024, 5, 31), exe.releaseDate());
        assertEquals("/S", exe.other().getJsonObject("InstallerSwitches").getString("Silent"),
                "switches merge key by key");
        assertEquals("/log=<LOGPATH>", exe.other().getJsonObject("InstallerSwitches").getString("Log"));
        assertEquals("{AAAAAAAA-0000-0000-0000-000000000001}", exe.appsAndFeaturesEntries().get(0).upgradeCode());
        assertEquals("Contoso.Editor_8wekyb3d8bbwe", msix.packageFamilyName());
        assertTrue(msix.availableIn("US"));
        assertTrue(!msix.availableIn("DE"));
        assertTrue(exe.availableIn("DE"));
    }

    @Test
    void aZipOfAWingetPkgsTreeImportsEveryVersionInIt() throws IOException {
        Map<String, byte[]> zip = new LinkedHashMap<>();
        multiFile("1.10.0").forEach((name, bytes) -> zip.put("manifests/c/Contoso/Editor/2.0.1/" + name, bytes));
        zip.put("manifests/c/Contoso/Tools/1.10/Contoso.Tools.yaml", singleton("1.6.0").getBytes(UTF_8));
        zip.put("README.md", "not a manifest".getBytes(UTF_8));

        Imported imported = assertInstanceOf(Imported.class, ManifestImport.zip(zip(zip)));

        assertEquals(List.of("Contoso.Editor 2.0.1", "Contoso.Tools 1.10"), imported.manifests().stream()
                .map(m -> m.packageIdentifier() + " " + m.packageVersion()).sorted().toList());
    }

    @Test
    void aFileInTheWrongFolderOfTheTreeIsReported() throws IOException {
        Map<String, byte[]> zip = Map.of("manifests/c/Contoso/Tool/1.10/Contoso.Tools.yaml",
                singleton("1.6.0").getBytes(UTF_8));

        Rejected rejected = assertInstanceOf(Rejected.class, ManifestImport.zip(zip(zip)));

        assertEquals(List.of("manifests/c/Contoso/Tool/1.10/Contoso.Tools.yaml: is not in the folder its manifest belongs "
                + "in ([manifests/c/Contoso/Tools/1.10])"), problems(rejected));
    }

    @Test
    void everyProblemOfEveryFileIsReportedWithItsFieldPathAndNothingIsImported() {
        Map<String, byte[]> files = multiFile("1.10.0");
        files.put("Contoso.Editor.installer.yaml", """
                PackageIdentifier: Contoso.Editor
                PackageVersion: 2.0.1
                Installers:
                  - Architecture: x65
                    InstallerType: exe
                    InstallerUrl: ftp://downloads.example.test/editor.exe
                    InstallerSha256: not-a-hash
                  - Architecture: x64
                    InstallerUrl: https://downloads.example.test/editor.exe
                    InstallerSha256: %s
                ManifestType: installer
                ManifestVersion: 1.10.0
                """.formatted(SHA).getBytes(UTF_8));
        files.put("Contoso.Editor.locale.en-US.yaml", """
                PackageIdentifier: Contoso.Editor
                PackageVersion: 2.0.1
                PackageLocale: en-US
                PackageName: Contoso Editor
                License: Proprietary
                ShortDescription: A text editor
                Colour: blue
                ManifestType: defaultLocale
                ManifestVersion: 1.10.0
                """.getBytes(UTF_8));
        files.put("Other.yaml", "PackageIdentifier: [unclosed\n".getBytes(UTF_8));

        Rejected rejected = assertInstanceOf(Rejected.class, ManifestImport.files(files));

        List<String> problems = problems(rejected);
        assertHas(problems, "Contoso.Editor.installer.yaml: Installers[0].Architecture: ");
        assertHas(problems, "Contoso.Editor.installer.yaml: Installers[0].InstallerUrl: ");
        assertHas(problems, "Contoso.Editor.installer.yaml: Installers[0].InstallerSha256: ");
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("Contoso.Editor.locale.en-US.yaml")
                && p.contains("Publisher")), "the missing Publisher is named: " + problems);
        assertHas(problems, "Other.yaml: is not valid YAML");
        assertEquals(5, problems.size(), "no follow-up noise about the set: " + problems);
    }

    @Test
    void anInstallerWithoutTypeHereOrAtTheRootIsReported() {
        Map<String, byte[]> files = multiFile("1.10.0");
        files.put("Contoso.Editor.installer.yaml", """
                PackageIdentifier: Contoso.Editor
                PackageVersion: 2.0.1
                Installers:
                  - Architecture: x64
                    InstallerUrl: https://downloads.example.test/editor.exe
                    InstallerSha256: %s
                ManifestType: installer
                ManifestVersion: 1.10.0
                """.formatted(SHA).getBytes(UTF_8));

        Rejected rejected = assertInstanceOf(Rejected.class, ManifestImport.files(files));

        assertEquals(List.of("Contoso.Editor.installer.yaml: Installers[0].InstallerType: is required, on the installer "
                + "or at the manifest's root"), problems(rejected));
    }

    @Test
    void aSetMissingAFileOrWithAMismatchedDefaultLocaleIsReported() {
        Map<String, byte[]> files = multiFile("1.10.0");
        files.remove("Contoso.Editor.installer.yaml");
        files.put("Contoso.Editor.yaml", new String(files.get("Contoso.Editor.yaml"), UTF_8)
                .replace("DefaultLocale: en-US", "DefaultLocale: fr-FR").getBytes(UTF_8));

        List<String> problems = problems(assertInstanceOf(Rejected.class, ManifestImport.files(files)));

        assertTrue(problems.contains("Contoso.Editor.yaml: Contoso.Editor 2.0.1 has no installer manifest"), problems.toString());
        assertTrue(problems.contains("Contoso.Editor.locale.en-US.yaml: PackageLocale: is en-US but the version manifest's "
                + "DefaultLocale is fr-FR"), problems.toString());
    }

    @Test
    void theSpecsFieldLimitsAreProblems() {
        StringBuilder installers = new StringBuilder();
        for (int i = 0; i < 1025; i++) {
            installers.append("  - Architecture: x64\n    InstallerUrl: https://downloads.example.test/i").append(i)
                    .append(".exe\n    InstallerSha256: ").append(SHA).append('\n');
        }
        Map<String, byte[]> files = multiFile("1.28.0");
        files.put("Contoso.Editor.installer.yaml", ("PackageIdentifier: Contoso.Editor\nPackageVersion: 2.0.1\n"
                + "InstallerType: exe\nInstallers:\n" + installers + "ManifestType: installer\nManifestVersion: 1.28.0\n")
                .getBytes(UTF_8));

        assertEquals(List.of("Contoso.Editor.installer.yaml: Installers: has 1025 installers; at most 1024 are allowed"),
                problems(assertInstanceOf(Rejected.class, ManifestImport.files(files))));

        String badId = singleton("1.28.0").replace("PackageIdentifier: Contoso.Tools", "PackageIdentifier: Contoso");
        assertHas(problems(assertInstanceOf(Rejected.class, ManifestImport.files(Map.of("a.yaml", badId.getBytes(UTF_8))))),
                "a.yaml: PackageIdentifier: ");
        String longSegment = singleton("1.28.0").replace("PackageIdentifier: Contoso.Tools",
                "PackageIdentifier: Contoso." + "x".repeat(33));
        assertHas(problems(assertInstanceOf(Rejected.class,
                ManifestImport.files(Map.of("b.yaml", longSegment.getBytes(UTF_8))))), "b.yaml: PackageIdentifier: ");
    }

    @ParameterizedTest(name = "ManifestVersion {0}")
    @ValueSource(strings = {"1.29.0", "2.0.0", "0.1.0", "one"})
    void aManifestVersionWithoutSchemaIsRefused(String v) {
        String yaml = singleton("1.28.0").replace("ManifestVersion: 1.28.0", "ManifestVersion: " + v);

        assertEquals(List.of("c.yaml: ManifestVersion: '" + v + "' is not a supported manifest version (1.0.0 to 1.28.0)"),
                problems(assertInstanceOf(Rejected.class, ManifestImport.files(Map.of("c.yaml", yaml.getBytes(UTF_8))))));
    }

    @Test
    void aManifestVersionBetweenSchemasUsesTheHighestSchemaBelowIt() {
        assertEquals("1.10.0", ManifestSchemas.schemaFor("1.11.0").orElseThrow().toString());
        assertEquals("1.12.0", ManifestSchemas.schemaFor("1.27.3").orElseThrow().toString());
        assertEquals("1.2.0", ManifestSchemas.schemaFor("1.3.0").orElseThrow().toString());
        assertInstanceOf(Imported.class, ManifestImport.files(Map.of("d.yaml", singleton("1.11.0").getBytes(UTF_8))));
    }

    @Test
    void aRestBodyIsValidatedPartByPartAndKeepsItsInstallerKeys() {
        JsonObject body = json("""
                {"PackageIdentifier": "Contoso.Tools", "Versions": [{"PackageVersion": "3.0",
                  "DefaultLocale": {"PackageLocale": "en-US", "Publisher": "Contoso", "PackageName": "Contoso Tools",
                                    "License": "MIT", "ShortDescription": "Tools"},
                  "Installers": [{"InstallerIdentifier": "x64-msi", "Architecture": "x64", "InstallerType": "msi",
                                  "InstallerUrl": "https://downloads.example.test/t.msi", "InstallerSha256": "%s"}]}]}
                """.formatted(SHA));

        WingetManifest m = assertInstanceOf(Imported.class, ManifestImport.rest(body)).manifests().get(0);
        assertEquals("3.0", m.packageVersion());
        assertEquals("x64-msi", m.installers().get(0).installerIdentifier());

        JsonObject bad = json(body.toString().replace("\"Publisher\":\"Contoso\",", "")
                .replace("https://downloads", "downloads"));
        List<String> problems = problems(assertInstanceOf(Rejected.class, ManifestImport.rest(bad)));
        assertHas(problems, "request body: Versions[0].Installers[0].InstallerUrl: ");
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("request body: Versions[0].DefaultLocale.")
                && p.contains("Publisher")), problems.toString());
    }

    @Test
    void theSchemaErrorPathIsWrittenAsAFieldPath() {
        assertEquals("Installers[0].InstallerUrl", ManifestSchemas.path("/Installers/0/InstallerUrl"));
        assertEquals("", ManifestSchemas.path(""));
        assertEquals("a/b.c", ManifestSchemas.path("/a~1b/c"));
    }

    @Test
    void aPlainEmptyValueIsNullAndAQuotedOneIsText() {
        String yaml = singleton("1.28.0").replace("Moniker: ctools", "Moniker:\nAuthor: ''");
        List<ManifestProblem> problems = new java.util.ArrayList<>();
        JsonObject o = ManifestYaml.read("e.yaml", yaml.getBytes(UTF_8), problems).orElseThrow();
        assertTrue(o.isNull("Moniker"));
        assertEquals("", o.getString("Author"));
        WingetManifest m = assertInstanceOf(Imported.class,
                ManifestImport.files(Map.of("e.yaml", singleton("1.28.0").replace("Moniker: ctools", "Moniker:")
                        .getBytes(UTF_8)))).manifests().get(0);
        assertNull(m.defaultLocale().moniker());
    }

    static List<String> problems(Rejected r) {
        return r.problems().stream().map(ManifestProblem::toString).toList();
    }

    static void assertHas(List<String> problems, String prefix) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(prefix)), "expected a problem starting with '" + prefix
                + "' in " + problems);
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static ByteArrayInputStream zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
