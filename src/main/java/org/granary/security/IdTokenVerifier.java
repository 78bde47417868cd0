package org.granary.security;

import org.granary.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks an OpenID Connect ID token (a signed JWT, compact form) as the core specification's section 3.1.3.7 asks:
 * signed with RS256 or ES256 (nothing else, {@code none} least of all) by a key of the provider's JWKS, issued by
 * the configured issuer, for this client ({@code aud}, and {@code azp} when there are several audiences), not
 * expired, and carrying the {@code nonce} this sign-in sent. Pure: the keys and the clock come in.
 */
public final class IdTokenVerifier {

    /** Clock difference tolerated between Granary and the provider. */
    static final Duration SKEW = Duration.ofSeconds(60);

    /** What the token must say. */
    public record Expected(String issuer, String clientId, String nonce) {
    }

    /** A token that does not pass, with what is wrong with it (for the audit log). */
    public static final class InvalidTokenException extends Exception {
        InvalidTokenException(String message) {
            super(message);
        }
    }

    private IdTokenVerifier() {
    }

    /** The {@code kid} of a token's header (null when it names none), to pick the key set to check it against. */
    static String keyId(String token) throws InvalidTokenException {
        return parts(token).header().getString("kid", null);
    }

    /**
     * The token's claims, once it passed every check.
     *
     * @param jwks the provider's key set ({@code {"keys":[…]}})
     */
    public static JsonObject verify(String token, JsonObject jwks, Expected expected, Instant now)
            throws InvalidTokenException {
        Parts p = parts(token);
        String alg = p.header().getString("alg", "");
        String javaAlg = switch (alg) {
            case "RS256" -> "SHA256withRSA";
            case "ES256" -> "SHA256withECDSAinP1363Format";
            default -> throw new InvalidTokenException("the ID token is signed with '" + alg + "'; only RS256 and ES256 are accepted");
        };
        String kid = p.header().getString("kid", null);
        List<PublicKey> candidates = keys(jwks, alg, kid);
        if (candidates.isEmpty()) {
            throw new InvalidTokenException("no key of the provider's JWKS matches the ID token (kid " + kid + ", " + alg + ")");
        }
        boolean valid = false;
        for (PublicKey key : candidates) {
            try {
                Signature s = Signature.getInstance(javaAlg);
                s.initVerify(key);
                s.update(p.signedPart().getBytes(StandardCharsets.US_ASCII));
                if (s.verify(p.signature())) {
                    valid = true;
                    break;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature for this key: try the next, refuse if none fits
            }
        }
        if (!valid) {
            throw new InvalidTokenException("the ID token's signature does not verify against the provider's keys");
        }
        JsonObject c = p.claims();
        if (!expected.issuer().equals(c.getString("iss", null))) {
            throw new InvalidTokenException("the ID token was issued by '" + c.getString("iss", null) + "', not '"
                    + expected.issuer() + "'");
        }
        List<String> audiences = strings(c.get("aud"));
        if (!audiences.contains(expected.clientId())) {
            throw new InvalidTokenException("the ID token is for " + audiences + ", not this client");
        }
        String azp = c.getString("azp", null);
        if ((audiences.size() > 1 || azp != null) && !expected.clientId().equals(azp)) {
            throw new InvalidTokenException("the ID token's authorized party is '" + azp + "', not this client");
        }
        Instant exp = instant(c, "exp");
        if (exp == null || !now.isBefore(exp.plus(SKEW))) {
            throw new InvalidTokenException("the ID token has expired (exp " + exp + ")");
        }
        Instant iat = instant(c, "iat");
        if (iat != null && iat.isAfter(now.plus(SKEW))) {
            throw new InvalidTokenException("the ID token was issued in the future (iat " + iat + ")");
        }
        if (expected.nonce() == null || !expected.nonce().equals(c.getString("nonce", null))) {
            throw new InvalidTokenException("the ID token's nonce is not the one this sign-in sent");
        }
        if (c.getString("sub", "").isEmpty()) {
            throw new InvalidTokenException("the ID token names no subject (sub)");
        }
        return c;
    }

    /** The string values of a claim that is a string or an array of strings (roles, groups, aud). */
    public static List<String> strings(JsonValue v) {
        List<String> out = new ArrayList<>();
        if (v instanceof JsonString s) {
            out.add(s.getString());
        } else if (v instanceof JsonArray a) {
            a.stream().filter(JsonString.class::isInstance).map(x -> ((JsonString) x).getString()).forEach(out::add);
        }
        return out;
    }

    /** A claim by a dotted path ({@code realm_access.roles}, Keycloak's realm roles), or null. */
    public static JsonValue claim(JsonObject claims, String path) {
        JsonValue v = claims;
        for (String part : path.split("\\.")) {
            if (!(v instanceof JsonObject o) || !o.containsKey(part)) {
                return claims.get(path); // a claim whose own name has dots
            }
            v = o.get(part);
        }
        return v;
    }

    private record Parts(JsonObject header, JsonObject claims, String signedPart, byte[] signature) {
    }

    private static Parts parts(String token) throws InvalidTokenException {
        if (token == null) {
            throw new InvalidTokenException("the provider sent no ID token");
        }
        String[] p = token.split("\\.", -1);
        if (p.length != 3) {
            throw new InvalidTokenException("the ID token is not a signed JWT (three parts)");
        }
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            return new Parts(object(d.decode(p[0])), object(d.decode(p[1])), p[0] + "." + p[1], d.decode(p[2]));
        } catch (IllegalArgumentException | JsonException | ClassCastException e) {
            throw new InvalidTokenException("the ID token cannot be read: " + e.getMessage());
        }
    }

    private static JsonObject object(byte[] json) {
        try (var r = Json.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
            return r.readObject();
        }
    }

    private static Instant instant(JsonObject c, String name) {
        return c.get(name) instanceof jakarta.json.JsonNumber n ? Instant.ofEpochSecond(n.longValue()) : null;
    }

    /** The keys of the set that may have signed a token with {@code alg} and {@code kid}. */
    static List<PublicKey> keys(JsonObject jwks, String alg, String kid) {
        List<PublicKey> out = new ArrayList<>();
        JsonArray keys = jwks.get("keys") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
        String kty = alg.startsWith("RS") ? "RSA" : "EC";
        for (JsonValue v : keys) {
            if (!(v instanceof JsonObject k) || !kty.equals(k.getString("kty", null))) {
                continue;
            }
            if (kid != null && !kid.equals(k.getString("kid", null))) {
                continue;
            }
            if ("enc".equals(k.getString("use", "sig")) || (k.containsKey("alg") && !alg.equals(k.getString("alg", "")))) {
                continue;
            }
            try {
                out.add(kty.equals("RSA") ? rsa(k) : ec(k));
            } catch (GeneralSecurityException | RuntimeException unusable) {
                // a key this code cannot use is not a key that signed the token
            }
        }
        return out;
    }

    private static PublicKey rsa(JsonObject k) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(big(k, "n"), big(k, "e")));
    }

    private static PublicKey ec(JsonObject k) throws GeneralSecurityException {
        if (!"P-256".equals(k.getString("crv", null))) {
            throw new GeneralSecurityException("only P-256 keys are used for ES256");
        }
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(big(k, "x"), big(k, "y")), spec));
    }

    private static BigInteger big(JsonObject k, String name) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(k.getString(name)));
    }
}
