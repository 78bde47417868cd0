package org.granary.format.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.granary.core.GranaryException;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpmPathTest {

    static Stream<Arguments> goodPaths() {
        return Stream.of(
                Arguments.of("lodash", new NpmPath.Packument("lodash")),
                Arguments.of("/lodash", new NpmPath.Packument("lodash")),
                Arguments.of("lodash/", new NpmPath.Packument("lodash")),
                Arguments.of("JSONStream", new NpmPath.Packument("JSONStream")),
                Arguments.of("lodash.merge", new NpmPath.Packument("lodash.merge")),
                Arguments.of("@scope%2fname", new NpmPath.Packument("@scope/name")),
                Arguments.of("@scope%2Fname", new NpmPath.Packument("@scope/name")),
                Arguments.of("@scope/name", new NpmPath.Packument("@scope/name")),
                Arguments.of("%40scope%2fname", new NpmPath.Packument("@scope/name")),
                Arguments.of("@types/node", new NpmPath.Packument("@types/node")),
                Arguments.of("lodash/-/lodash-4.17.21.tgz",
                        new NpmPath.Tarball("lodash", "4.17.21", "lodash-4.17.21.tgz")),
                Arguments.of("@s/n/-/n-1.0.0-beta.1.tgz",
                        new NpmPath.Tarball("@s/n", "1.0.0-beta.1", "n-1.0.0-beta.1.tgz")),
                Arguments.of("@s%2fn/-/n-1.0.0.tgz", new NpmPath.Tarball("@s/n", "1.0.0", "n-1.0.0.tgz")),
                Arguments.of("lodash.merge/-/lodash.merge-4.6.2.tgz",
                        new NpmPath.Tarball("lodash.merge", "4.6.2", "lodash.merge-4.6.2.tgz")),
                Arguments.of("semver/-/semver-7.0.0+build.5.tgz",
                        new NpmPath.Tarball("semver", "7.0.0+build.5", "semver-7.0.0+build.5.tgz")),
                Arguments.of("lodash/latest", new NpmPath.VersionDocument("lodash", "latest")),
                Arguments.of("lodash/1.2.3", new NpmPath.VersionDocument("lodash", "1.2.3")),
                Arguments.of("@scope%2fname/next", new NpmPath.VersionDocument("@scope/name", "next")),
                Arguments.of("-/package/@s%2fn/dist-tags", new NpmPath.DistTags("@s/n")),
                Arguments.of("-/package/lodash/dist-tags", new NpmPath.DistTags("lodash")),
                Arguments.of("-/ping", new NpmPath.Ping()),
                Arguments.of("-/package/lodash/dist-tags/beta", new NpmPath.DistTag("lodash", "beta")),
                Arguments.of("-/package/@s%2fn/dist-tags/next", new NpmPath.DistTag("@s/n", "next")),
                Arguments.of("-/package/@s/n/dist-tags/next", new NpmPath.DistTag("@s/n", "next")),
                Arguments.of("-/user/org.couchdb.user:alice", new NpmPath.CouchUser("alice")),
                Arguments.of("-/user/org.couchdb.user:a%40b", new NpmPath.CouchUser("a@b")),
                Arguments.of("-/whoami", new NpmPath.WhoAmI()),
                Arguments.of("-/user/token/gra_abc", new NpmPath.UserToken("gra_abc")),
                Arguments.of("-/v1/login", new NpmPath.WebLogin()),
                Arguments.of("-/npm/v1/tokens", new NpmPath.Tokens()),
                Arguments.of("-/npm/v1/tokens/token/abc123", new NpmPath.Token("abc123")),
                Arguments.of("-/v1/search", new NpmPath.Search()),
                Arguments.of("-/npm/v1/security/advisories/bulk", new NpmPath.Audit(AuditBody.Kind.BULK)),
                Arguments.of("-/npm/v1/security/audits/quick", new NpmPath.Audit(AuditBody.Kind.QUICK)),
                Arguments.of("left-pad/-rev/3-abc", new NpmPath.Revision("left-pad", "3-abc")),
                Arguments.of("@s%2fn/-rev/undefined", new NpmPath.Revision("@s/n", "undefined")),
                Arguments.of("@s/n/-/n-1.0.0.tgz/-rev/2-x", new NpmPath.TarballRevision(
                        new NpmPath.Tarball("@s/n", "1.0.0", "n-1.0.0.tgz"), "2-x")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("goodPaths")
    void parsesWhatNpmClientsAskFor(String path, NpmPath expected) {
        assertEquals(expected, NpmPath.parse(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-/user/org.couchdb.user:", "-/user/alice", "-/npm/v1/tokens/token/", "-/package/x/dist-tags/a/b",
            "-/package/x/other"})
    void writePathsNpmDoesNotUseAreNotFound(String path) {
        assertThrows(NotFoundException.class, () -> NpmPath.parse(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper", "@Scope/name", "x~y", "x(1)", "node_modules", "@s/favicon.ico"})
    void newPackagesFollowNpmsStricterNameRules(String name) {
        assertThrows(InvalidRequestException.class, () -> NpmPath.validNewName(name));
    }

    @Test
    void aTarballKnowsItsPathInTheRepository() {
        NpmPath.Tarball t = (NpmPath.Tarball) NpmPath.parse("@scope%2fname/-/name-1.0.0.tgz");

        assertEquals("@scope/name/-/name-1.0.0.tgz", t.artifactPath());
    }

    @ParameterizedTest(name = "400 for \"{0}\"")
    @ValueSource(strings = {
            "..",
            "%2e%2e",
            "%2E%2E",
            ".",
            ".hidden",
            "_private",
            "@scope/.hidden",
            "@scope/_private",
            "@.scope/name",
            "has space",
            "has%20space",
            "nul%00byte",
            "new%0aline",
            "back\\slash",
            "semi;colon",
            "@scope",
            "@scope/",
            "@/name",
            "lodash/-/other-1.0.0.tgz",
            "lodash/-/lodash-.tgz",
            "lodash/-/lodash-1.0.0.zip",
            "lodash/-/lodash-%2e%2e.tgz",
            "@s/n/-/other-1.0.0.tgz",
            "@s/n/-/s-1.0.0.tgz",
            "lodash/%2e%2e",
            "lodash/..",
            "lodash/-",
            "lodash/has space",
            "lodash%zz",
            "lodash%4",
            "-/package/%2e%2e/dist-tags",
            "-/package/_x/dist-tags",
    })
    void rejectsNamesAndPathsThatBreakNpmRules(String path) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> NpmPath.parse(path));

        assertEquals(400, e.status());
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void controlCharactersDoNotReachTheMessage() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> NpmPath.parse("evil%0aname"));

        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aTarballNameOfAnotherPackageSaysWhatWasExpected() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> NpmPath.parse("lodash/-/other-1.0.0.tgz"));

        assertTrue(e.getMessage().contains("lodash-<version>.tgz"), e.getMessage());
    }

    @ParameterizedTest(name = "404 for \"{0}\"")
    @ValueSource(strings = {"", "/", "-/whatever", "-/v1/search/more", "-/package/lodash", "-/ping/extra",
            "lodash/-/lodash-1.0.0.tgz/extra", "lodash/1.0.0/extra"})
    void pathsNpmDoesNotDefineAreNotFound(String path) {
        GranaryException e = assertThrows(NotFoundException.class, () -> NpmPath.parse(path));

        assertEquals(404, e.status());
    }

    @Test
    void namesUpTo214CharactersAreAccepted() {
        String name = "a".repeat(214);

        assertEquals(new NpmPath.Packument(name), NpmPath.parse(name));
    }

    @Test
    void namesOver214CharactersAreRejected() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> NpmPath.parse("a".repeat(215)));

        assertTrue(e.getMessage().contains("214"), e.getMessage());
    }

    @Test
    void scopedNamesCountTheScopeTowardsTheLimit() {
        String scoped = "@" + "s".repeat(100) + "/" + "n".repeat(113);

        assertEquals(215, scoped.length());
        assertThrows(InvalidRequestException.class, () -> NpmPath.parse(scoped));
    }

    @Test
    void upstreamNamesEncodeTheScopeSlash() {
        assertEquals("@scope%2fname", NpmPath.encodeForUpstream("@scope/name"));
        assertEquals("lodash", NpmPath.encodeForUpstream("lodash"));
    }
}
