package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import org.granary.testing.TestJwt;
import org.junit.jupiter.api.Test;

/**
 * The ID token checks of the console's OpenID Connect sign-in: a token signed by the provider's key (RS256 or ES256)
 * for this client, issuer and nonce passes; a changed claim, another key, an unsigned token, a token for another
 * client, from another issuer, expired, or with another nonce is refused with a reason.
 */
class IdTokenVerifierTest {

    private static final String ISSUER = "https://login.example.com/realms/corp";
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final IdTokenVerifier.Expected EXPECTED = new IdTokenVerifier.Expected(ISSUER, "granary", "n-123");

    private final TestJwt rsa = TestJwt.rs256("rsa-1");
    private final TestJwt ec = TestJwt.es256("ec-1");
    private final JsonObject jwks = TestJwt.jwks(rsa, ec);

    private static JsonObjectBuilder claims() {
        return Json.createObjectBuilder().add("iss", ISSUER).add("sub", "u-1").add("aud", "granary")
                .add("iat", NOW.getEpochSecond() - 10).add("exp", NOW.getEpochSecond() + 300).add("nonce", "n-123")
                .add("preferred_username", "olivia").add("groups", Json.createArrayBuilder().add("granary-admins"));
    }

    private static String refusal(String token, JsonObject keys) {
        return assertThrows(IdTokenVerifier.InvalidTokenException.class,
                () -> IdTokenVerifier.verify(token, keys, EXPECTED, NOW)).getMessage();
    }

    @Test
    void aTokenSignedWithRs256OrEs256ForThisClientPasses() throws Exception {
        assertEquals("olivia", IdTokenVerifier.verify(rsa.sign(claims().build()), jwks, EXPECTED, NOW)
                .getString("preferred_username"));
        assertEquals("u-1", IdTokenVerifier.verify(ec.sign(claims().build()), jwks, EXPECTED, NOW).getString("sub"));
        JsonObject twoAudiences = claims().add("aud", Json.createArrayBuilder().add("other").add("granary"))
                .add("azp", "granary").build();
        assertEquals("u-1", IdTokenVerifier.verify(rsa.sign(twoAudiences), jwks, EXPECTED, NOW).getString("sub"));
    }

    @Test
    void aTamperedTokenAnotherKeyAndAnUnsignedTokenAreRefused() {
        String signed = rsa.sign(claims().build());
        String tampered = TestJwt.tampered(signed, claims().add("groups", Json.createArrayBuilder().add("x")).build());
        assertTrue(refusal(tampered, jwks).contains("signature"));
        TestJwt stranger = TestJwt.rs256("rsa-1");
        assertTrue(refusal(stranger.sign(claims().build()), jwks).contains("signature"), "same kid, another key");
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + signed.split("\\.")[1] + ".";
        assertTrue(refusal(none, jwks).contains("only RS256 and ES256"));
        assertTrue(refusal("not-a-jwt", jwks).contains("three parts"));
        assertTrue(refusal(TestJwt.rs256("rsa-9").sign(claims().build()), jwks).contains("no key"));
    }

    @Test
    void theIssuerAudienceExpiryAndNonceMustBeThisSignInsOwn() {
        assertTrue(refusal(rsa.sign(claims().add("iss", "https://evil.example.com").build()), jwks).contains("issued by"));
        assertTrue(refusal(rsa.sign(claims().add("aud", "another-app").build()), jwks).contains("not this client"));
        assertTrue(refusal(rsa.sign(claims().add("aud", Json.createArrayBuilder().add("granary").add("other"))
                .add("azp", "other").build()), jwks).contains("authorized party"));
        assertTrue(refusal(rsa.sign(claims().add("exp", NOW.getEpochSecond() - 120).build()), jwks).contains("expired"));
        assertTrue(refusal(rsa.sign(claims().add("nonce", "replayed").build()), jwks).contains("nonce"));
        assertTrue(refusal(rsa.sign(claims().remove("nonce").build()), jwks).contains("nonce"));
    }

    @Test
    void rolesComeFromAClaimThatIsAStringAnArrayOrADottedPath() {
        JsonObject c = Json.createObjectBuilder().add("groups", "one")
                .add("realm_access", Json.createObjectBuilder().add("roles", Json.createArrayBuilder().add("granary-admin").add("x")))
                .build();
        assertEquals(List.of("one"), IdTokenVerifier.strings(IdTokenVerifier.claim(c, "groups")));
        assertEquals(List.of("granary-admin", "x"), IdTokenVerifier.strings(IdTokenVerifier.claim(c, "realm_access.roles")));
        assertEquals(List.of(), IdTokenVerifier.strings(IdTokenVerifier.claim(c, "missing")));
        RoleMapping keycloak = RoleMapping.of("granary-admin", null, null);
        assertEquals(java.util.Set.of("admin", "publisher", "reader"),
                keycloak.roles(IdTokenVerifier.strings(IdTokenVerifier.claim(c, "realm_access.roles"))));
    }
}
