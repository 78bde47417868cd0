package org.granary.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoragePathTest {

    @ParameterizedTest(name = "accepts \"{0}\"")
    @ValueSource(strings = {
            "a",
            "artifacts/npm-proxy/lodash/-/lodash-4.17.21.tgz",
            "artifacts/npm-proxy/@scope/name/-/name-1.0.0.tgz",
            "metadata/npm/@types/node",
            "a/.hidden/b",
            "a/...",
            "a/..b/c",
            "a/b..",
            "a/%2e%2e%2e",
            "pypi/packages/Django-4.2.tar.gz",
            "go/golang.org/x/text/@v/v0.14.0.zip",
            "maven/org/example/lib/1.0+build.7/lib-1.0+build.7.jar",
            "unicode/ä-名前",
    })
    void acceptsSafeKeysAndRoundTripsThem(String key) {
        StoragePath path = StoragePath.of(key);

        assertEquals(key, path.toString());
        assertEquals(List.of(key.split("/")), path.segments());
        assertEquals(path, StoragePath.of(path.toString()));
    }

    static Stream<Arguments> unsafeKeys() {
        return Stream.of(
                Arguments.of("..", "'.' or '..'"),
                Arguments.of(".", "'.' or '..'"),
                Arguments.of("a/../b", "'.' or '..'"),
                Arguments.of("a/./b", "'.' or '..'"),
                Arguments.of("a/..", "'.' or '..'"),
                Arguments.of("%2e%2e", "'.' or '..'"),
                Arguments.of("%2E%2e", "'.' or '..'"),
                Arguments.of("%2E%2E", "'.' or '..'"),
                Arguments.of(".%2e", "'.' or '..'"),
                Arguments.of("%2e", "'.' or '..'"),
                Arguments.of("a/%2e%2e/b", "'.' or '..'"),
                Arguments.of("a\\b", "backslash"),
                Arguments.of("..\\..\\etc\\passwd", "backslash"),
                Arguments.of("a/b\\", "backslash"),
                Arguments.of("a\u0000b", "control character"),
                Arguments.of("a/b\n", "control character"),
                Arguments.of("a/\rb", "control character"),
                Arguments.of("a\tb", "control character"),
                Arguments.of("a\u007fb", "control character"),
                Arguments.of("/etc/passwd", "relative"),
                Arguments.of("/", "relative"),
                Arguments.of("a//b", "empty segment"),
                Arguments.of("a/b/", "empty segment"),
                Arguments.of("a/", "empty segment"),
                Arguments.of("a/%2f/b", "encoded separator"),
                Arguments.of("..%2f..%2fetc", "encoded separator"),
                Arguments.of("a%2Fb", "encoded separator"),
                Arguments.of("a%5cb", "encoded separator"),
                Arguments.of("a%00b", "encoded separator or NUL"),
                Arguments.of("", "empty"),
                Arguments.of("a/".repeat(512) + "b", "longer than 1024"));
    }

    @ParameterizedTest(name = "rejects \"{0}\" ({1})")
    @MethodSource("unsafeKeys")
    void rejectsUnsafeKeysWithAMessageSayingWhy(String key, String reason) {
        InvalidPathException e = assertThrows(InvalidPathException.class, () -> StoragePath.of(key));

        assertTrue(e.getMessage().contains(reason), () -> "message '" + e.getMessage() + "' should mention " + reason);
    }

    @Test
    void rejectsNull() {
        assertThrows(InvalidPathException.class, () -> StoragePath.of((String) null));
    }

    @Test
    void acceptsAKeyOfExactlyTheMaximumLength() {
        String key = "a".repeat(1024);

        assertEquals(key, StoragePath.of(key).toString());
        assertThrows(InvalidPathException.class, () -> StoragePath.of(key + "a"));
    }

    @Test
    void messagesShowControlCharactersEscapedSoTheyCannotForgeLogLines() {
        InvalidPathException e = assertThrows(InvalidPathException.class, () -> StoragePath.of("a\nINFO forged"));

        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains("a\\x0aINFO forged"), e.getMessage());
    }

    @Test
    void scopedNpmTarballKeyKeepsItsSegments() {
        StoragePath path = StoragePath.of("@scope/name/-/name-1.0.0.tgz");

        assertEquals(List.of("@scope", "name", "-", "name-1.0.0.tgz"), path.segments());
        assertEquals("name-1.0.0.tgz", path.fileName());
    }

    @Test
    void resolveAppendsAValidatedChild() {
        StoragePath base = StoragePath.of("artifacts", "npm-proxy");

        StoragePath resolved = base.resolve("@scope/name/-/name-1.0.0.tgz");

        assertEquals("artifacts/npm-proxy/@scope/name/-/name-1.0.0.tgz", resolved.toString());
        assertEquals(StoragePath.of("artifacts/npm-proxy/@scope/name/-/name-1.0.0.tgz"), resolved);
        assertEquals(resolved, base.resolve(StoragePath.of("@scope/name/-/name-1.0.0.tgz")));
        assertEquals("artifacts/npm-proxy", base.toString(), "resolve must not change the base");
    }

    @ParameterizedTest(name = "resolve rejects \"{0}\"")
    @ValueSource(strings = {"..", "../../etc/passwd", "%2e%2e/x", "/abs", "a//b", "a\\b", "a\u0000"})
    void resolveRejectsUnsafeChildren(String child) {
        StoragePath base = StoragePath.of("metadata/npm");

        assertThrows(InvalidPathException.class, () -> base.resolve(child));
    }

    @ParameterizedTest(name = "segment form rejects \"{0}\"")
    @ValueSource(strings = {"a/b", "..", ".", "", "%2e%2e", "x\\y", "x\ny"})
    void segmentFormRejectsSlashesAndUnsafeSegments(String segment) {
        assertThrows(InvalidPathException.class, () -> StoragePath.of("metadata", segment));
        assertThrows(InvalidPathException.class, () -> StoragePath.of(segment, "x"));
    }

    @Test
    void segmentFormRejectsNullSegments() {
        assertThrows(InvalidPathException.class, () -> StoragePath.of("metadata", (String) null));
    }

    @Test
    void equalityFollowsTheKey() {
        assertEquals(StoragePath.of("a/b/c"), StoragePath.of("a", "b", "c"));
        assertEquals(StoragePath.of("a/b/c").hashCode(), StoragePath.of("a", "b", "c").hashCode());
        assertNotEquals(StoragePath.of("a/b/c"), StoragePath.of("a/b/C"));
        assertNotEquals(StoragePath.of("a/bc"), StoragePath.of("a/b/c"));
    }
}
