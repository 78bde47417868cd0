package org.granary.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A signing key of a test identity provider (RSA for RS256 or P-256 for ES256), its JWK, and compact JWTs signed
 * with it, written here with {@code java.security} the way a provider writes them.
 */
public final class TestJwt {

    private final KeyPair keys;
    private final String alg;
    private final String kid;

    private TestJwt(KeyPair keys, String alg, String kid) {
        this.keys = keys;
        this.alg = alg;
        this.kid = kid;
    }

    public static TestJwt rs256(String kid) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return new TestJwt(g.generateKeyPair(), "RS256", kid);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestJwt es256(String kid) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return new TestJwt(g.generateKeyPair(), "ES256", kid);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String kid() {
        return kid;
    }

    /** The public key as a JWK. */
    public JsonObject jwk() {
        if (keys.getPublic() instanceof RSAPublicKey rsa) {
            return Json.createObjectBuilder().add("kty", "RSA").add("kid", kid).add("use", "sig").add("alg", alg)
                    .add("n", b64(unsigned(rsa.getModulus()))).add("e", b64(unsigned(rsa.getPublicExponent()))).build();
        }
        ECPublicKey ec = (ECPublicKey) keys.getPublic();
        return Json.createObjectBuilder().add("kty", "EC").add("kid", kid).add("use", "sig").add("crv", "P-256")
                .add("x", b64(fixed(ec.getW().getAffineX()))).add("y", b64(fixed(ec.getW().getAffineY()))).build();
    }

    /** {@code {"keys":[jwk…]}}. */
    public static JsonObject jwks(TestJwt... keys) {
        var a = Json.createArrayBuilder();
        for (TestJwt k : keys) {
            a.add(k.jwk());
        }
        return Json.createObjectBuilder().add("keys", a).build();
    }

    /** A compact JWT of {@code claims}, signed. */
    public String sign(JsonObject claims) {
        return sign(Json.createObjectBuilder().add("alg", alg).add("kid", kid).add("typ", "JWT").build(), claims);
    }

    public String sign(JsonObject header, JsonObject claims) {
        String signed = b64(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance(alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
            s.initSign(keys.getPrivate());
            s.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same token with its claims replaced and the old signature kept: what a forger can make. */
    public static String tampered(String jwt, JsonObject claims) {
        String[] p = jwt.split("\\.");
        return p[0] + "." + b64(claims.toString().getBytes(StandardCharsets.UTF_8)) + "." + p[2];
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = unsigned(v);
        byte[] out = new byte[32];
        System.arraycopy(b, 0, out, 32 - b.length, b.length);
        return out;
    }
}
