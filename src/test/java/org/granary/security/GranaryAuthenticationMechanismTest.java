package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the mechanism reads Authorization headers, names refused credentials, and tells console URLs apart. */
class GranaryAuthenticationMechanismTest {

    static final String TOKEN = "gra_AbCdEf0123456789abcdef0123456789ABCDEFGH";

    @Test
    void basicCarriesAUserNameAndPasswordWhichMayContainColons() {
        Credential c = GranaryAuthenticationMechanism.credential(basic("ci-user:pa:ss")).orElseThrow();
        UsernamePasswordCredential up = assertInstanceOf(UsernamePasswordCredential.class, c);
        assertEquals("ci-user", up.getCaller());
        assertEquals("pa:ss", up.getPasswordAsString());
    }

    @Test
    void bearerAndBareTokensAreTokens() {
        assertEquals(new TokenCredential(TOKEN), GranaryAuthenticationMechanism.credential("Bearer " + TOKEN).orElseThrow());
        assertEquals(new TokenCredential(TOKEN), GranaryAuthenticationMechanism.credential("  " + TOKEN + " ").orElseThrow());
        assertFalse(GranaryAuthenticationMechanism.credential("  ").isPresent(), "no header, no credential");
    }

    @Test
    void basicThatIsNotBase64OrHasNoColonIsAnUnusableCredentialNotAnAnonymousRequest() {
        assertEquals(new TokenCredential(""), GranaryAuthenticationMechanism.credential("Basic %%%").orElseThrow());
        assertEquals(new TokenCredential(""), GranaryAuthenticationMechanism.credential(basic("no-colon")).orElseThrow());
    }

    @ParameterizedTest(name = "\"{0}\" is audited as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            // a Granary token by its public prefix, as token lists show it
            "Bearer " + TOKEN + "                 | token gra_AbCdEf…",
            TOKEN + "                             | token gra_AbCdEf…",
            // a password pasted as a bare header, or someone else's token: no part of it
            "hunter2-my-secret-password           | credentials that are not a Granary token",
            "Bearer npm_0123456789abcdefghijkl    | credentials that are not a Granary token",
            "dXNlcjpwYXNzd29yZA==                 | credentials that are not a Granary token",
            "Basic %%%                            | malformed credentials",
    })
    void refusedCredentialsAreNamedWithoutRevealingSecrets(String header, String actor) {
        Credential c = GranaryAuthenticationMechanism.credential(header).orElseThrow();
        String named = GranaryAuthenticationMechanism.describe(c);
        assertEquals(actor, named);
        String secretPart = header.replaceFirst("^(Bearer|Basic) ", "");
        if (!secretPart.startsWith("gra_")) {
            assertFalse(named.contains(secretPart.substring(0, Math.min(4, secretPart.length()))), named);
        }
    }

    @ParameterizedTest(name = "{0} is the console: {1}")
    @CsvSource(delimiter = '|', value = {
            "/admin                      | true",
            "/admin/                     | true",
            "/admin/login                | true",
            "/admin/index.xhtml          | true",
            "/administrators/some-pkg    | false",
            "/admin-npm/left-pad         | false",
            "/adminstuff/                | false",
            "/npm/admin                  | false",
    })
    void onlyAdminAndBelowIsTheConsoleNotRepositoriesNamedLikeIt(String path, boolean console) {
        assertEquals(console, GranaryAuthenticationMechanism.isAdminPath(path));
    }

    @Test
    void aUserNameIsAuditedAsItself() {
        assertTrue(GranaryAuthenticationMechanism.describe(new UsernamePasswordCredential("alice", "x")).equals("alice"));
    }

    @Test
    void anAdministratorLandsOnTheDashboardAndEveryoneElseWithARoleOnTheirOwnTokens() {
        assertEquals("/admin/index.xhtml", GranaryAuthenticationMechanism.landingPage(true));
        assertEquals("/admin/my-tokens.xhtml", GranaryAuthenticationMechanism.landingPage(false));
        assertEquals(true, GranaryAuthenticationMechanism.hasARole(java.util.Set.of("reader")));
        assertEquals(true, GranaryAuthenticationMechanism.hasARole(java.util.Set.of("group:staff", "publisher")));
        assertEquals(false, GranaryAuthenticationMechanism.hasARole(java.util.Set.of("group:staff")), "a group is no role");
        assertEquals(false, GranaryAuthenticationMechanism.hasARole(java.util.Set.of()));
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }
}
