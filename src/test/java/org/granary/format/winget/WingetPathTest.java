package org.granary.format.winget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Request paths of a WinGet repository, and where installers live and how their URLs look. */
class WingetPathTest {

    static final String SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("information", new WingetPath.Information()),
                Arguments.of("/manifestSearch/", new WingetPath.Search()),
                Arguments.of("packageManifests/Contoso.Tools", new WingetPath.PackageManifests("Contoso.Tools")),
                Arguments.of("packageManifests/Contoso.%C3%9Cber", new WingetPath.PackageManifests("Contoso.Über")),
                Arguments.of("packageManifests", new WingetPath.PackageManifests(null)),
                Arguments.of("installers/Contoso.Tools/1.2/setup.msi",
                        new WingetPath.InstallerFile("Contoso.Tools", "1.2", null, "setup.msi")),
                Arguments.of("installers/Contoso.Tools/1.2/" + SHA.toUpperCase() + "/setup.msi",
                        new WingetPath.InstallerFile("Contoso.Tools", "1.2", SHA, "setup.msi")),
                Arguments.of("packages", new WingetPath.Packages()),
                Arguments.of("packages/Contoso.Tools", new WingetPath.PackageEntry("Contoso.Tools")),
                Arguments.of("packages/Contoso.Tools/versions", new WingetPath.Versions("Contoso.Tools", null)),
                Arguments.of("packages/Contoso.Tools/versions/1.0-beta", new WingetPath.Versions("Contoso.Tools", "1.0-beta")),
                Arguments.of("packages/Contoso.Tools/versions/1.0/locales/de-DE",
                        new WingetPath.VersionPart("Contoso.Tools", "1.0", WingetPath.Part.LOCALES, "de-DE")),
                Arguments.of("packages/Contoso.Tools/versions/1.0/installers",
                        new WingetPath.VersionPart("Contoso.Tools", "1.0", WingetPath.Part.INSTALLERS, null)),
                Arguments.of("import", new WingetPath.Import()),
                Arguments.of("mirror", new WingetPath.Mirror(WingetPath.MirrorAction.RULES)),
                Arguments.of("mirror/run", new WingetPath.Mirror(WingetPath.MirrorAction.RUN)),
                Arguments.of("mirror/report", new WingetPath.Mirror(WingetPath.MirrorAction.REPORT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void parsesWhatWingetAndThePublishersAskFor(String raw, WingetPath expected) {
        assertEquals(expected, WingetPath.parse(raw));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "packageManifests/Contoso|PackageIdentifier",
            "packageManifests/Contoso..Tools|PackageIdentifier",
            "packageManifests/Con toso.Tools|PackageIdentifier",
            "packages/Contoso.Tools/versions/1:0|PackageVersion",
            "packages/Contoso.Tools/versions/1.0/locales/not a locale|PackageLocale",
            "installers/Contoso.Tools/1.0/..msi|file name",
            "installers/Contoso.Tools/1.0/set%20up.msi|file name"})
    void identifiersTheSchemaForbidsAreTheClientsMistake(String raw, String named) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> WingetPath.parse(raw));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"''", "nothing", "information/more", "installers/Contoso.Tools/1.0/nosha/setup.msi",
            "packages/Contoso.Tools/other", "mirror/later"})
    void pathsARestSourceDoesNotDefineAreNotFound(String raw) {
        assertThrows(NotFoundException.class, () -> WingetPath.parse(raw));
    }

    @Test
    void installerUrlsOfThisOrAnotherGranaryAreRecognisedAsRepositoryFiles() {
        assertEquals(Optional.of("installers/Contoso.Tools/1.0/setup.msi"), InstallerFiles.repositoryPath(
                "http://other.example.test/granary/winget/installers/Contoso.Tools/1.0/setup.msi", "Contoso.Tools", "1.0"));
        assertEquals(Optional.of("installers/Contoso.Tools/1.0/" + SHA + "/setup.msi"), InstallerFiles.repositoryPath(
                "https://repo/granary/w/installers/Contoso.Tools/1.0/" + SHA + "/setup.msi", "Contoso.Tools", "1.0"));
        assertEquals(Optional.empty(), InstallerFiles.repositoryPath(
                "https://repo/granary/w/installers/Contoso.Tools/1.0/setup.msi", "Contoso.Tools", "2.0"), "another version");
        assertEquals(Optional.empty(), InstallerFiles.repositoryPath("https://cdn.example.test/setup.msi", "A.B", "1"));
        assertEquals(Optional.empty(), InstallerFiles.repositoryPath("::not a url", "A.B", "1"));
    }

    @Test
    void fileNamesFromUpstreamUrlsAreMadeSafe() {
        assertEquals("Tools_Setup.msi", InstallerFiles.fileName("https://cdn.example.test/a/Tools%20Setup.msi?x=1"));
        assertEquals("installer", InstallerFiles.fileName("https://cdn.example.test/"));
        assertEquals("msi", InstallerFiles.fileName("https://cdn.example.test/..msi"));
        assertEquals("https://r/x/installers/A.B/1.0/a.msi", InstallerFiles.url("https://r/x/", "installers/A.B/1.0/a.msi"));
    }
}
