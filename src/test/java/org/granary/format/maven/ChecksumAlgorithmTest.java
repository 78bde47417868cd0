package org.granary.format.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.granary.core.ExpectedDigest;
import org.junit.jupiter.api.Test;

class ChecksumAlgorithmTest {

    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);
    private static final String HELLO_SHA1 = "f572d396fae9206628714fb2ce00f72e94f2258f";
    private static final String HELLO_MD5 = "b1946ac92492d2347c6235b4d2611184";

    @Test
    void readsTheFormsFoundInRealRepositories() {
        assertEquals(Optional.of(HELLO_SHA1), ChecksumAlgorithm.SHA1.parse(HELLO_SHA1));
        assertEquals(Optional.of(HELLO_SHA1), ChecksumAlgorithm.SHA1.parse(HELLO_SHA1.toUpperCase() + "\n"));
        assertEquals(Optional.of(HELLO_SHA1), ChecksumAlgorithm.SHA1.parse(HELLO_SHA1 + "  lib-a-1.0.jar\n"));
        assertEquals(Optional.of(HELLO_SHA1), ChecksumAlgorithm.SHA1.parse("SHA1 (lib-a-1.0.jar) = " + HELLO_SHA1));
        assertEquals(Optional.of(HELLO_MD5), ChecksumAlgorithm.MD5.parse("MD5 (x.jar) = " + HELLO_MD5));
        String grouped = HELLO_SHA1.replaceAll("(.{4})", "$1 ").trim();
        assertEquals(Optional.of(HELLO_SHA1), ChecksumAlgorithm.SHA1.parse(grouped));
    }

    @Test
    void contentWithoutAValueOfTheRightLengthIsUnreadable() {
        assertTrue(ChecksumAlgorithm.SHA1.parse("<html>not found</html>").isEmpty());
        assertTrue(ChecksumAlgorithm.SHA256.parse(HELLO_SHA1).isEmpty());
        assertTrue(ChecksumAlgorithm.SHA1.parse(HELLO_SHA1 + "ab").isEmpty());
        assertTrue(ChecksumAlgorithm.SHA1.parse("").isEmpty());
        assertTrue(ChecksumAlgorithm.SHA1.parse((String) null).isEmpty());
    }

    @Test
    void computesEveryAlgorithmAndMapsToTheVerifiedOnes() throws Exception {
        assertEquals(HELLO_SHA1, ChecksumAlgorithm.SHA1.compute(HELLO));
        assertEquals(HELLO_MD5, ChecksumAlgorithm.MD5.compute(new ByteArrayInputStream(HELLO)));
        assertEquals(64, ChecksumAlgorithm.SHA256.compute(HELLO).length());
        assertEquals(128, ChecksumAlgorithm.SHA512.compute(HELLO).length());
        assertEquals(ExpectedDigest.Algorithm.SHA1, ChecksumAlgorithm.SHA1.expected(HELLO_SHA1).orElseThrow().algorithm());
        assertTrue(ChecksumAlgorithm.MD5.expected(HELLO_MD5).isEmpty());
    }

    @Test
    void recognisesChecksumFileNames() {
        assertEquals(ChecksumAlgorithm.SHA512, ChecksumAlgorithm.ofFileName("a-1.jar.sha512"));
        assertEquals(ChecksumAlgorithm.MD5, ChecksumAlgorithm.ofFileName("maven-metadata.xml.md5"));
        assertNull(ChecksumAlgorithm.ofFileName("a-1.jar"));
        assertNull(ChecksumAlgorithm.ofFileName("a-1.sha1x"));
    }
}
