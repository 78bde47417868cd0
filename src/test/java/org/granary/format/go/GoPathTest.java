package org.granary.format.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoPathTest {

    private static ModulePath module(String path) {
        return ModulePath.of(path);
    }

    private static ModuleVersion version(String v) {
        return ModuleVersion.of(v);
    }

    static Stream<Arguments> goodPaths() {
        ModulePath lib = module("example.test/lib");
        ModulePath dep = module("example.test/Upper/Dep");
        return Stream.of(
                Arguments.of("example.test/lib/@v/list", new GoPath.VersionList(lib)),
                Arguments.of("/example.test/lib/@v/list", new GoPath.VersionList(lib)),
                Arguments.of("example.test/a..b/@v/list", new GoPath.VersionList(module("example.test/a..b"))),
                Arguments.of("example.test/lib/@latest", new GoPath.Latest(lib)),
                Arguments.of("example.test/lib/@v/v1.1.0.info",
                        new GoPath.VersionFile(lib, version("v1.1.0"), GoPath.Kind.INFO)),
                Arguments.of("example.test/lib/@v/v1.1.0.mod",
                        new GoPath.VersionFile(lib, version("v1.1.0"), GoPath.Kind.MOD)),
                Arguments.of("example.test/lib/@v/v1.1.0.zip",
                        new GoPath.VersionFile(lib, version("v1.1.0"), GoPath.Kind.ZIP)),
                Arguments.of("example.test/!upper/!dep/@v/v0.2.0.zip",
                        new GoPath.VersionFile(dep, version("v0.2.0"), GoPath.Kind.ZIP)),
                Arguments.of("example.test/%21upper/%21dep/@v/list", new GoPath.VersionList(dep)),
                Arguments.of("example.test/lib/@v/v1.0.0-!r!c.1.mod",
                        new GoPath.VersionFile(lib, version("v1.0.0-RC.1"), GoPath.Kind.MOD)),
                Arguments.of("example.test/lib/@v/v0.0.0-20240102030405-abcdef123456.zip",
                        new GoPath.VersionFile(lib, version("v0.0.0-20240102030405-abcdef123456"), GoPath.Kind.ZIP)),
                Arguments.of("example.test/lib/@v/v3.0.0+incompatible.zip",
                        new GoPath.VersionFile(lib, version("v3.0.0+incompatible"), GoPath.Kind.ZIP)),
                Arguments.of("example.test/lib/v2/@v/v2.0.1.mod",
                        new GoPath.VersionFile(module("example.test/lib/v2"), version("v2.0.1"), GoPath.Kind.MOD)),
                Arguments.of("gopkg.in/yaml.v2/@v/v2.4.0.zip",
                        new GoPath.VersionFile(module("gopkg.in/yaml.v2"), version("v2.4.0"), GoPath.Kind.ZIP)),
                Arguments.of("gopkg.in/check.v1/@v/v0.0.0-20161208181325-20d25e280405.mod",
                        new GoPath.VersionFile(module("gopkg.in/check.v1"),
                                version("v0.0.0-20161208181325-20d25e280405"), GoPath.Kind.MOD)),
                Arguments.of("example.test/lib/@v/master.info", new GoPath.Query(lib, version("master"))),
                Arguments.of("example.test/lib/@v/abcdef1.info", new GoPath.Query(lib, version("abcdef1"))),
                Arguments.of("example.test/lib/@v/v1.2.info", new GoPath.Query(lib, version("v1.2"))),
                Arguments.of("example.test/lib/@v/v2.0.0.info", new GoPath.Query(lib, version("v2.0.0"))),
                Arguments.of("example.test/lib/@v/v1.1.0.ziphash", new GoPath.ZipHash(lib, version("v1.1.0"))),
                Arguments.of("sumdb/sum.golang.org/supported", new GoPath.SumDb("sum.golang.org/supported")),
                Arguments.of("sumdb/sum.golang.org/lookup/example.test/lib@v1.0.0",
                        new GoPath.SumDb("sum.golang.org/lookup/example.test/lib@v1.0.0")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("goodPaths")
    void parsesWhatTheGoCommandAsksFor(String path, GoPath expected) {
        assertEquals(expected, GoPath.parse(path));
    }

    @Test
    void upperCaseLettersAreDecodedForValidationAndKeptEncodedForStorage() {
        GoPath.VersionFile zip = (GoPath.VersionFile) GoPath.parse("example.test/%21upper/!dep/@v/v1.0.0-!r!c1.zip");

        assertEquals("example.test/Upper/Dep", zip.module().path());
        assertEquals("v1.0.0-RC1", zip.version().version());
        assertEquals("example.test/!upper/!dep/@v/v1.0.0-!r!c1.zip", zip.path());
        assertEquals("example.test/Upper/Dep@v1.0.0-RC1", zip.display());
    }

    @Test
    void escapingRoundTrips() {
        assertEquals("github.com/!azure/azure-sdk-for-go", ModulePath.escape("github.com/Azure/azure-sdk-for-go"));
        assertEquals("github.com/Azure/azure-sdk-for-go", ModulePath.unescape("github.com/!azure/azure-sdk-for-go"));
        assertEquals(null, ModulePath.unescape("github.com/Azure/x"));
        assertEquals(null, ModulePath.unescape("github.com/!"));
        assertEquals(null, ModulePath.unescape("github.com/!1"));
        assertEquals(null, ModulePath.unescape("github.com/!!a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Example.test/lib/@v/list",           // upper case not encoded
        "example.test/Lib/@v/list",
        "example.test/!/@v/list",             // dangling '!'
        "example.test/!1x/@v/list",
        "nodot/lib/@v/list",                  // first element needs a dot
        "-example.test/lib/@v/list",
        "ex_ample.test/lib/@v/list",          // first element: lower-case letters, digits, '-', '.'
        "example.test/.hidden/@v/list",
        "example.test/lib./@v/list",
        "example.test//lib/@v/list",
        "example.test/lib%20x/@v/list",
        "example.test/l%C3%BCb/@v/list",      // non-ASCII
        "example.test/con/@v/list",           // Windows reserved name
        "example.test/lib~1/@v/list",         // Windows short name
        "example.test/lib/v1/@v/list",        // /v1 suffix is not allowed
        "example.test/lib/v02/@v/list",
        "gopkg.in/yaml/@v/list",              // gopkg.in needs .vN
        "example.test/lib%2f/@v/list",        // encoded slash
        "example.test/lib/@v/v1.0.zip",       // not canonical
        "example.test/lib/@v/1.0.0.mod",
        "example.test/lib/@v/v1.0.0+build.zip",
        "example.test/lib/@v/v01.0.0.mod",
        "example.test/lib/@v/v1.0.0-RC1.zip", // upper case in a version must be encoded
        "example.test/lib/@v/v2.0.0.mod",     // major version does not match the path
        "example.test/lib/v2/@v/v1.0.0.zip",
        "example.test/lib/@v/a/b.info",
        "example.test/lib/@v/..info",
        "example.test/lib/@v/%00.info",
        "example.test/lib/@v/%ZZ.info",
        "example.test/lib/@v/v1.0.0%0a.info",
    })
    void rejectsWhatGoWouldNeverSendWith400(String path) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> GoPath.parse(path));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.test/lib", "example.test/lib/@v/", "example.test/lib/@v/v1.0.0.tar.gz",
        "example.test/lib/@upper", "example.test/lib/@v"})
    void pathsTheProtocolDoesNotDefineAre404(String path) {
        assertThrows(NotFoundException.class, () -> GoPath.parse(path));
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertTrue(assertThrows(InvalidRequestException.class, () -> GoPath.parse("nodot/@v/list"))
                .getMessage().contains("missing dot in first path element"));
        assertTrue(assertThrows(InvalidRequestException.class, () -> GoPath.parse("Example.test/x/@v/list"))
                .getMessage().contains("upper-case letters must be written as '!'"));
        assertTrue(assertThrows(InvalidRequestException.class, () -> GoPath.parse("example.test/x/@v/v2.0.0.zip"))
                .getMessage().contains("should be v0 or v1, not v2"));
    }

    @Test
    void upstreamSegmentsArePercentEncodedWhereNeeded() {
        assertEquals("v1.0.0-!r!c1+incompatible", GoPath.urlSegment("v1.0.0-!r!c1+incompatible"));
        assertEquals("feature%20x%23%25", GoPath.urlSegment("feature x#%"));
    }
}
