package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.granary.core.ExpectedDigest.Algorithm;
import org.granary.storage.Digests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectedDigestTest {

    private static final byte[] TARBALL = "pretend this is a tarball".getBytes(StandardCharsets.UTF_8);
    private static final Digests ACTUAL = digests(TARBALL);
    private static final String SHA1_SRI = "sha1-" + b64("SHA-1", TARBALL);
    private static final String SHA256_SRI = "sha256-" + b64("SHA-256", TARBALL);
    private static final String SHA512_SRI = "sha512-" + b64("SHA-512", TARBALL);

    @Test
    void readsASingleSha512() {
        ExpectedDigest d = ExpectedDigest.fromSri(SHA512_SRI).orElseThrow();

        assertEquals(Algorithm.SHA512, d.algorithm());
        assertEquals(ACTUAL.sha512(), d.hex());
        assertTrue(d.matches(ACTUAL));
    }

    @Test
    void prefersSha512OverWeakerHashesWhateverTheOrder() {
        assertEquals(Algorithm.SHA512, ExpectedDigest.fromSri(SHA1_SRI + " " + SHA512_SRI).orElseThrow().algorithm());
        assertEquals(Algorithm.SHA512, ExpectedDigest.fromSri(SHA512_SRI + " " + SHA1_SRI).orElseThrow().algorithm());
        assertEquals(Algorithm.SHA512,
                ExpectedDigest.fromSri(SHA256_SRI + "\t" + SHA512_SRI + "  " + SHA1_SRI).orElseThrow().algorithm());
        assertEquals(Algorithm.SHA256, ExpectedDigest.fromSri(SHA1_SRI + " " + SHA256_SRI).orElseThrow().algorithm());
    }

    @Test
    void unknownAlgorithmsAreSkipped() {
        String sha384 = "sha384-" + b64("SHA-384", TARBALL);
        String md5 = "md5-" + b64("MD5", TARBALL);

        assertEquals(Optional.of(new ExpectedDigest(Algorithm.SHA1, ACTUAL.sha1())),
                ExpectedDigest.fromSri(sha384 + " " + md5 + " " + SHA1_SRI));
        assertEquals(Optional.empty(), ExpectedDigest.fromSri(sha384));
    }

    @Test
    void unreadableBase64IsSkipped() {
        assertEquals(Optional.of(new ExpectedDigest(Algorithm.SHA1, ACTUAL.sha1())),
                ExpectedDigest.fromSri("sha512-not*base64! " + SHA1_SRI));
        assertEquals(Optional.empty(), ExpectedDigest.fromSri("sha512-%%%"));
    }

    @Test
    void sriOptionsAfterAQuestionMarkAreIgnored() {
        assertTrue(ExpectedDigest.fromSri(SHA512_SRI + "?foo").orElseThrow().matches(ACTUAL));
    }

    @ParameterizedTest(name = "nothing usable in \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "sha512", "garbage", "-abc"})
    void emptyWhenNothingIsUsable(String integrity) {
        assertEquals(Optional.empty(), ExpectedDigest.fromSri(integrity));
    }

    @Test
    void doesNotMatchOtherContent() {
        Digests other = digests("a different tarball".getBytes(StandardCharsets.UTF_8));

        ExpectedDigest d = ExpectedDigest.fromSri(SHA512_SRI).orElseThrow();

        assertFalse(d.matches(other));
        assertEquals("sha512:" + other.sha512(), d.describe(other));
        assertEquals("sha512:" + ACTUAL.sha512(), d.toString());
    }

    @Test
    void eachAlgorithmComparesItsOwnDigest() {
        assertTrue(new ExpectedDigest(Algorithm.SHA1, ACTUAL.sha1()).matches(ACTUAL));
        assertTrue(new ExpectedDigest(Algorithm.SHA256, ACTUAL.sha256()).matches(ACTUAL));
        assertFalse(new ExpectedDigest(Algorithm.SHA256, ACTUAL.sha1()).matches(ACTUAL));
        assertEquals("sha1:" + ACTUAL.sha1(), new ExpectedDigest(Algorithm.SHA1, ACTUAL.sha1()).describe(ACTUAL));
    }

    @Test
    void upperCaseHexIsNormalised() {
        ExpectedDigest d = new ExpectedDigest(Algorithm.SHA1, ACTUAL.sha1().toUpperCase());

        assertTrue(d.matches(ACTUAL));
        assertEquals("sha1:" + ACTUAL.sha1(), d.toString());
    }

    private static String b64(String algorithm, byte[] content) {
        return Base64.getEncoder().encodeToString(md(algorithm).digest(content));
    }

    private static Digests digests(byte[] content) {
        HexFormat hex = HexFormat.of();
        return new Digests(content.length, hex.formatHex(md("SHA-1").digest(content)),
                hex.formatHex(md("SHA-256").digest(content)), hex.formatHex(md("SHA-512").digest(content)));
    }

    private static MessageDigest md(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
