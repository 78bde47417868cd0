package org.granary.format.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CargoPathTest {

    static Stream<Arguments> goodPaths() {
        return Stream.of(
                Arguments.of("config.json", new CargoPath.Config()),
                Arguments.of("/config.json", new CargoPath.Config()),
                Arguments.of("1/a", new CargoPath.IndexFile("a")),
                Arguments.of("2/cc", new CargoPath.IndexFile("cc")),
                Arguments.of("3/s/syn", new CargoPath.IndexFile("syn")),
                Arguments.of("se/rd/serde", new CargoPath.IndexFile("serde")),
                Arguments.of("se/rd/serde_json", new CargoPath.IndexFile("serde_json")),
                Arguments.of("pr/oc/proc-macro2", new CargoPath.IndexFile("proc-macro2")),
                Arguments.of("SE/RD/Serde", new CargoPath.IndexFile("serde")),
                Arguments.of("3/S/Syn", new CargoPath.IndexFile("syn")),
                Arguments.of("se/rd/ser%64e", new CargoPath.IndexFile("serde")),
                Arguments.of("api/v1/crates/serde/1.0.197/download", new CargoPath.Download("serde", "1.0.197")),
                Arguments.of("api/v1/crates/Inflector/0.11.4/download", new CargoPath.Download("Inflector", "0.11.4")),
                Arguments.of("api/v1/crates/x/1.0.0-rc.1+build.5/download", new CargoPath.Download("x", "1.0.0-rc.1+build.5")),
                Arguments.of("api/v1/crates/x/1.0.0%2Bbuild/download", new CargoPath.Download("x", "1.0.0+build")),
                Arguments.of("api/v1/crates/new", new CargoPath.Publish()),
                Arguments.of("api/v1/crates/serde/1.0.0/yank", new CargoPath.Yank("serde", "1.0.0", true)),
                Arguments.of("api/v1/crates/serde/1.0.0/unyank", new CargoPath.Yank("serde", "1.0.0", false)),
                Arguments.of("api/v1/crates/serde/owners", new CargoPath.Owners("serde")),
                Arguments.of("api/v1/crates", new CargoPath.Search()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("goodPaths")
    void parsesWhatCargoAsksFor(String path, CargoPath expected) {
        assertEquals(expected, CargoPath.parse(path));
    }

    @Test
    void indexPathsFollowTheSparseLayoutInLowerCase() {
        assertEquals("1/a", CargoPath.indexPath("A"));
        assertEquals("2/ab", CargoPath.indexPath("ab"));
        assertEquals("3/a/abc", CargoPath.indexPath("Abc"));
        assertEquals("ab/cd/abcd", CargoPath.indexPath("abcd"));
        assertEquals("in/fl/inflector", CargoPath.indexPath("Inflector"));
        assertEquals("se/rd/serde", ((CargoPath.IndexFile) CargoPath.parse("Se/Rd/SERDE")).path());
    }

    @Test
    void prefixKeepsTheNamesCaseForTheDownloadMarker() {
        assertEquals("1", CargoPath.prefix("A"));
        assertEquals("2", CargoPath.prefix("Ab"));
        assertEquals("3/A", CargoPath.prefix("Abc"));
        assertEquals("In/fl", CargoPath.prefix("Inflector"));
    }

    @Test
    void aDownloadIsStoredUnderItsLowerCaseName() {
        assertEquals("crates/inflector/inflector-0.11.4.crate",
                new CargoPath.Download("Inflector", "0.11.4").artifactPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "index.html", "se/rd", "se/rd/serde/extra", "1/ab", "2/abc", "3/x/abc",
            "sx/rd/serde", "se/rd/xserde", "ab/cd/abc", "api/v1/crates/serde/1.0.0", "api/v1/crates/serde/1.0.0/readme",
            "api/v1/crates/", "api/v2/crates/serde/1.0.0/download", "me"})
    void pathsASparseRegistryDoesNotDefineAre404(String path) {
        assertThrows(NotFoundException.class, () -> CargoPath.parse(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"se/rd/ser%20de", "ab/cd/abc.d", "-a/bc/-abcd", "se/rd/s%zzerde", "se/rd/s%00erde",
            "api/v1/crates/ser%2fde/1.0.0/download", "api/v1/crates/serde/1.0/download",
            "api/v1/crates/serde/1.0.0%2f..%2f../download", "api/v1/crates/serde/01.0.0/download",
            "ab/cd/abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmn"})
    void badNamesAndVersionsAre400(String path) {
        assertThrows(InvalidRequestException.class, () -> CargoPath.parse(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hosted-lib", "a", "Serde_json2", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void newNamesStartWithALetter(String name) {
        assertEquals(name, CargoPath.validNewName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "_abc", "-abc", "ab c", "ab.c", "caf\u00e9", "nul", "COM1",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm"})
    void newNamesBreakingTheRegistryRulesAreRefused(String name) {
        assertThrows(InvalidRequestException.class, () -> CargoPath.validNewName(name));
    }
}
