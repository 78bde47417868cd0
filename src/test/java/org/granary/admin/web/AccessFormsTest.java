package org.granary.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of the access page's forms: new users, new tokens, one's own password; and the audit page's filter. */
class AccessFormsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void aNewUserNeedsAValidNameALongEnoughPasswordARoleAndAtMostAPlausibleEmail() {
        UserForm f = new UserForm();
        f.setUsername("ci.bot");
        f.setPassword("long-enough");
        f.setRoles(List.of("publisher"));
        assertEquals(Map.of(), f.problems(n -> false));

        assertTrue(f.problems(n -> n.equals("ci.bot")).get("username").contains("exists already"));
        f.setUsername("-bad");
        f.setPassword("short");
        f.setRoles(List.of());
        f.setEmail("not-an-address");
        assertEquals(List.of("username", "password", "roles", "email"), List.copyOf(f.problems(n -> false).keySet()));
    }

    @Test
    void aTokenNeedsANameAndAnExpiryInWholeDaysOrNone() {
        TokenForm f = new TokenForm();
        f.setName("ci-release");
        f.setUser("admin");
        f.setExpiresInDays("30");
        assertEquals(Map.of(), f.problems(NOW));
        assertEquals(Instant.parse("2026-07-01T12:00:00Z"), f.expiry(NOW));

        f.setExpiresInDays("");
        assertEquals(Map.of(), f.problems(NOW));
        assertNull(f.expiry(NOW), "no expiry");

        for (String bad : List.of("0", "-3", "1.5", "soon", "99999999999")) {
            f.setExpiresInDays(bad);
            assertTrue(f.problems(NOW).containsKey("expiresInDays"), bad);
        }
        f.setName(" ");
        assertTrue(f.problems(NOW).containsKey("name"));
    }

    @Test
    void aNewPasswordIsTypedTwiceDiffersFromTheCurrentAndIsLongEnough() {
        PasswordForm f = new PasswordForm();
        f.setCurrent("old-password");
        f.setNext("new-password");
        f.setRepeat("new-password");
        assertEquals(Map.of(), f.problems());

        f.setRepeat("new-passwrod");
        assertEquals(List.of("repeat"), List.copyOf(f.problems().keySet()));
        f.setNext("old-password");
        f.setRepeat("old-password");
        assertEquals(List.of("next"), List.copyOf(f.problems().keySet()));
        f.setNext("short");
        f.setCurrent("");
        assertEquals(List.of("current", "next"), List.copyOf(f.problems().keySet()));
    }

    @Test
    void theAuditFilterTakesDaysAndAKnownOutcome() {
        assertEquals(Map.of(), AuditPage.problems(null, "", null));
        assertEquals(Map.of(), AuditPage.problems("failure", "2026-01-01", "2026-01-31"));
        assertEquals(List.of("outcome", "from"), List.copyOf(AuditPage.problems("broken", "31/01/2026", null).keySet()));
        assertTrue(AuditPage.problems(null, "2026-02-01", "2026-01-01").get("to").contains("before"));
    }

    @Test
    void theAuditFilterIncludesTheLastDayInUtc() {
        AuditPage page = new AuditPage();
        page.setFrom("2026-01-01");
        page.setTo("2026-01-31");
        page.setTarget(" npm-hosted ");
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), page.filter().from());
        assertEquals(Instant.parse("2026-02-01T00:00:00Z"), page.filter().to());
        assertEquals("npm-hosted", page.filter().target());
    }
}
