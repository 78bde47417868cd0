package org.granary.admin.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.granary.core.GuardPolicy;
import org.granary.core.GuardRule;
import org.granary.format.winget.ManifestImport;
import org.granary.format.winget.WingetManifest;
import org.junit.jupiter.api.Test;

/** The rules of the jobs, guards and upload pages' forms, as the admin meets them next to each field. */
class OperationsFormsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    // ---- jobs ----------------------------------------------------------------------------------------------

    @Test
    void aLockfileGoesIntoAProxyThatReadsItsKindAndIsNeitherEmptyNorHuge() {
        Map<String, Set<String>> kinds = Map.of("npm-proxy", Set.of("package-lock"), "pypi-proxy", Set.of("requirements"));
        PrefetchForm f = new PrefetchForm();
        f.setRepository("npm-proxy");
        f.setKind("package-lock");
        assertEquals(Map.of(), f.problems(kinds, "package-lock.json", 1200));

        assertEquals(Set.of("repository", "kind", "file"), new PrefetchForm().problems(kinds, null, 0).keySet());
        f.setKind("requirements");
        assertEquals("npm-proxy reads package-lock files, not requirements.", f.problems(kinds, "r.txt", 10).get("kind"));
        f.setRepository("npm-hosted");
        assertTrue(f.problems(kinds, "r.txt", 10).get("repository").contains("npm-proxy, pypi-proxy"));
        f.setRepository("pypi-proxy");
        assertEquals("The file r.txt is empty.", f.problems(kinds, "r.txt", 0).get("file"));
        assertTrue(f.problems(kinds, "r.txt", PrefetchForm.MAX_BYTES + 1).get("file").contains("at most 16.0 MiB"));
    }

    @Test
    void aCleanupNeedsARepositoryThatExists() {
        CleanupForm f = new CleanupForm();
        assertTrue(f.isDryRun(), "a dry run unless the admin says otherwise");
        assertEquals("Choose the repository to clean.", f.problems(Set.of("npm")).get("repository"));
        f.setRepository("gone");
        assertTrue(f.problems(Set.of("npm")).get("repository").contains("no repository named gone"));
        f.setRepository("npm");
        assertEquals(Map.of(), f.problems(Set.of("npm")));
    }

    @Test
    void aRunIsCountedInTheWordsOfItsJobAndASchedulesIsSaidAsPeopleSayIt() {
        assertEquals("only when asked", JobsPage.schedule(Duration.ZERO));
        assertEquals("every 1 h", JobsPage.schedule(Duration.ofHours(1)));
        assertEquals("every 6 h", JobsPage.schedule(Duration.ofHours(6)));
    }

    // ---- guards --------------------------------------------------------------------------------------------

    @Test
    void aRuleNeedsAPackageAReasonAndForAnAgeRuleItsAge() {
        GuardRuleForm f = new GuardRuleForm();
        assertEquals(Set.of("pattern", "reason"), f.problems().keySet());
        f.setPattern("@acme/*");
        f.setReason("our own packages");
        assertEquals(Map.of(), f.problems());

        f.setAction("age");
        assertTrue(f.problems().get("age").contains("needs its minimum age"));
        f.setAge("seven days");
        assertEquals(GuardRuleForm.AGE_HINT, f.problems().get("age"));
        f.setAge("7");
        assertEquals(Map.of(), f.problems());
        assertEquals(Duration.ofDays(7), f.spec(NOW).minimumReleaseAge());
        assertEquals(GuardRule.Action.AGE, f.spec(NOW).action());

        f.setAction("block");
        assertTrue(f.problems().get("age").contains("leave this empty"));
        f.setAge("");
        f.setExpiresInDays("0");
        assertTrue(f.problems().get("expiresInDays").contains("from 1 to 36500"));
        f.setExpiresInDays("30");
        assertEquals(NOW.plus(Duration.ofDays(30)), f.spec(NOW).expiresAt());
        f.setAction("permit");
        assertEquals("Choose allow, block or age.", f.problems().get("action"));
    }

    @Test
    void anAgeIsDaysOrAnIsoDurationAndNeverNegative() {
        assertEquals(Duration.ofDays(3), GuardRuleForm.age("3"));
        assertEquals(Duration.ofHours(12), GuardRuleForm.age("pt12h"));
        assertEquals(Duration.ofDays(3), GuardRuleForm.age("P3D"));
        assertNull(GuardRuleForm.age("-PT1H"));
        assertNull(GuardRuleForm.age("3 days"));
        assertNull(GuardRuleForm.age(""));
    }

    @Test
    void thePolicyFormShowsThePolicyAsItIsAndRefusesWhatItCannotSave() {
        GuardPolicyForm f = new GuardPolicyForm();
        f.load(new GuardPolicy(1, "npm", Duration.ofDays(3), GuardPolicy.MissingReleaseTime.DENY, false, null, List.of()));
        assertEquals("3", f.getMinimumReleaseAge());
        assertEquals("deny", f.getMissingReleaseTime());
        assertEquals(Map.of(), f.problems());
        assertEquals(Duration.ofDays(3), f.change(NOW).minimumReleaseAge());

        f.setMinimumReleaseAge("");
        assertEquals(Duration.ZERO, f.change(NOW).minimumReleaseAge(), "empty is no cooldown");
        f.setMinimumReleaseAge("soon");
        f.setMissingReleaseTime("maybe");
        f.setBreakGlassHours("4");
        assertEquals(Set.of("minimumReleaseAge", "missingReleaseTime", "breakGlassHours"), f.problems().keySet());
        assertTrue(f.problems().get("breakGlassHours").contains("Tick break-glass"));
        f.setMinimumReleaseAge("0");
        f.setMissingReleaseTime("allow");
        f.setBreakGlass(true);
        assertEquals(Map.of(), f.problems());
        assertEquals(NOW.plus(Duration.ofHours(4)), f.change(NOW).breakGlassUntil().orElseThrow());
    }

    // ---- upload --------------------------------------------------------------------------------------------

    @Test
    void aWingetUploadNeedsAWritableRepositoryAManifestAndAnInstallerWithAUsableName() {
        WingetUploadForm f = new WingetUploadForm();
        assertEquals(Set.of("repository", "manifests"), f.problems(Set.of("winget-hosted"), 0, null, 0).keySet());
        f.setRepository("winget-proxy");
        assertTrue(f.problems(Set.of("winget-hosted"), 1, null, 0).get("repository").contains("takes no WinGet publishes"));
        f.setRepository("winget-hosted");
        assertEquals(Map.of(), f.problems(Set.of("winget-hosted"), 1, "setup.msi", 100));
        assertEquals("The file setup.msi is empty.", f.problems(Set.of("winget-hosted"), 1, "setup.msi", 0).get("installer"));
        assertTrue(f.problems(Set.of("winget-hosted"), 1, "my setup.msi", 10).get("installer").startsWith("Rename"));
    }

    @Test
    void anUploadedInstallerMustBeTheOneTheManifestNamesWithItsSha256() {
        String repo = "http://granary.test/granary/winget-hosted/";
        List<WingetManifest> named = manifest("https://elsewhere.test/granary/winget/installers/Contoso.Tools/1.2.0/setup.msi");
        assertEquals(Map.of(), WingetUploadForm.linkProblems(named, "setup.msi", SHA, repo));
        assertEquals(Map.of(), WingetUploadForm.linkProblems(named, "setup.msi", SHA.toUpperCase(), repo));
        assertTrue(WingetUploadForm.linkProblems(named, "setup.msi", SHA.replace('a', 'b'), repo).get("installer")
                .contains("its SHA-256 is " + SHA.replace('a', 'b').toUpperCase()));
        assertEquals("No installer of Contoso.Tools 1.2.0 names the uploaded file: set its InstallerUrl to "
                        + repo + "installers/Contoso.Tools/1.2.0/other.msi.",
                WingetUploadForm.linkProblems(named, "other.msi", SHA, repo).get("manifests"));
        assertTrue(WingetUploadForm.linkProblems(manifest("https://downloads.example.test/setup.msi"), "setup.msi", SHA, repo)
                .containsKey("manifests"), "a URL elsewhere does not name the uploaded file");
    }

    @Test
    void aPackageFileMatchesItsRepositorysFormat() {
        Map<String, String> formats = Map.of("npm-hosted", "npm", "pypi-hosted", "pypi", "maven-hosted", "maven",
                "cargo-hosted", "cargo");
        PackageUploadForm f = new PackageUploadForm();
        assertEquals(Set.of("repository", "file"), f.problems(formats, null, 0, 0).keySet());
        f.setRepository("npm-hosted");
        assertEquals(Map.of(), f.problems(formats, "left-pad-1.0.0.tgz", 100, 1000));
        assertTrue(f.problems(formats, "left-pad.zip", 100, 1000).get("file").contains(".tgz"));
        assertTrue(f.problems(formats, "left-pad-1.0.0.tgz", 2000, 1000).get("file").contains("at most 1000 B"));
        f.setRepository("pypi-hosted");
        assertEquals(Map.of(), f.problems(formats, "demo_pkg-1.0-py3-none-any.whl", 100, 1000));
        assertTrue(f.problems(formats, "demo.whl", 100, 1000).containsKey("file"));
        f.setRepository("maven-hosted");
        assertTrue(f.problems(formats, "lib-1.0.jar", 100, 1000).get("path").contains("org/example"));
        f.setPath("/org/example/lib/1.0/lib-1.0.pom");
        assertTrue(f.problems(formats, "lib-1.0.jar", 100, 1000).get("path").contains("lib-1.0.jar"));
        f.setPath("org/example/lib/1.0/lib-1.0.jar");
        assertEquals(Map.of(), f.problems(formats, "lib-1.0.jar", 100, 1000));
        f.setRepository("cargo-hosted");
        assertEquals(Map.of(), f.problems(formats, "demo-1.0.0.crate", 100, 1000));
        assertTrue(f.problems(formats, "demo-1.0.0.tar.gz", 100, 1000).get("file").contains("cargo package"));
    }

    @Test
    void aWheelOrSdistNameGivesItsProjectAndVersion() {
        assertArrayEquals(new String[] {"demo_pkg", "1.0"}, PackageUploadForm.pypiNameAndVersion("demo_pkg-1.0-py3-none-any.whl"));
        assertArrayEquals(new String[] {"demo-pkg", "2.1.0"}, PackageUploadForm.pypiNameAndVersion("demo-pkg-2.1.0.tar.gz"));
        assertArrayEquals(new String[] {"demo", "0.1"}, PackageUploadForm.pypiNameAndVersion("demo-0.1.zip"));
        assertNull(PackageUploadForm.pypiNameAndVersion("demo.tar.gz"));
        assertNull(PackageUploadForm.pypiNameAndVersion("demo-1.0.exe"));
    }

    static List<WingetManifest> manifest(String installerUrl) {
        String yaml = """
                PackageIdentifier: Contoso.Tools
                PackageVersion: 1.2.0
                PackageLocale: en-US
                Publisher: Contoso Ltd
                PackageName: Contoso Tools
                License: MIT
                ShortDescription: Tools from Contoso
                Installers:
                  - Architecture: x64
                    InstallerType: msi
                    InstallerUrl: %s
                    InstallerSha256: %s
                ManifestType: singleton
                ManifestVersion: 1.6.0
                """.formatted(installerUrl, SHA.toUpperCase());
        ManifestImport.Result r = ManifestImport.files(Map.of("Contoso.Tools.yaml", yaml.getBytes(UTF_8)));
        assertTrue(r instanceof ManifestImport.Imported, r.toString());
        return ((ManifestImport.Imported) r).manifests();
    }
}
