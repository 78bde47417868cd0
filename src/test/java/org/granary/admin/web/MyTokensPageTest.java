package org.granary.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.granary.persistence.ApiToken;
import org.granary.persistence.UserAccount;
import org.granary.security.RepositoryAccess;
import org.granary.security.TokenService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The own-tokens page's role rules, in its backing bean: every signed-in role (reader, publisher, admin) lists,
 * creates and revokes tokens of their own name only (the form's user field is ignored; a revoke says "not an admin"
 * even for an admin, so the token service refuses another user's token); a caller without a role, or not signed in,
 * is refused with a message and no service is reached.
 */
class MyTokensPageTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** The token service's calls, as the page makes them. */
    static final class RecordingTokens extends TokenService {
        final List<String> calls = new ArrayList<>();

        @Override
        public List<ApiToken> list(String username) {
            calls.add("list " + username);
            return List.of();
        }

        @Override
        public Created create(Issuer issuer, String username, String name, boolean readOnly, Instant expiresAt) {
            calls.add("create " + username + " " + name + (readOnly ? " read-only" : ""));
            UserAccount owner = new UserAccount(username, "unused", Set.of("reader"), null, NOW);
            return new Created("gra_secret", new ApiToken(owner, name, "hash", "gra_abcd", readOnly, expiresAt, NOW));
        }

        @Override
        public ApiToken revoke(long id, String caller, boolean callerIsAdmin) {
            calls.add("revoke " + id + " by " + caller + (callerIsAdmin ? " as admin" : " as owner"));
            UserAccount owner = new UserAccount(caller, "unused", Set.of("reader"), null, NOW);
            return new ApiToken(owner, "t", "hash", "gra_abcd", false, null, NOW);
        }
    }

    /** A signed-in caller named "someone" with one role (none for ""), and the messages the page would show. */
    static final class Guard extends ConsoleGuard {
        final List<String> messages = new ArrayList<>();

        Guard(String role) {
            caller = new org.granary.security.Caller() {
                @Override
                public java.util.Optional<String> name() {
                    return java.util.Optional.of("someone");
                }

                @Override
                public boolean hasRole(String r) {
                    return r.equals(role);
                }

                @Override
                public boolean isAdmin() {
                    return "admin".equals(role);
                }
            };
        }

        @Override
        void report(String clientId, String message) {
            messages.add(message);
        }

        @Override
        void confirm(String message) {
            messages.add(message);
        }
    }

    static final class NoAudit extends RepositoryAccess {
        final List<String> entries = new ArrayList<>();

        @Override
        public void audited(String action, String target, String detail) {
            entries.add(action + " " + target);
        }
    }

    private static MyTokensPage page(Guard guard, TokenService tokens, RepositoryAccess access) {
        MyTokensPage p = new MyTokensPage();
        p.guard = guard;
        p.tokens = tokens;
        p.access = access;
        p.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return p;
    }

    @ParameterizedTest(name = "a {0} creates a token of their own name, whatever the form says")
    @ValueSource(strings = {"reader", "publisher", "admin"})
    void everyRoleCreatesTheirOwnToken(String role) {
        RecordingTokens tokens = new RecordingTokens();
        NoAudit audit = new NoAudit();
        Guard guard = new Guard(role);
        MyTokensPage page = page(guard, tokens, audit);
        page.getNewToken().setName("laptop");
        page.getNewToken().setUser("admin");
        page.createToken();
        assertEquals(List.of(), guard.messages);
        assertEquals(List.of("create someone laptop"), tokens.calls);
        assertEquals("gra_secret", page.getCreatedToken(), "shown in this answer");
        assertEquals(List.of("token.create someone/gra_abcd"), audit.entries);
        page.getTokens();
        assertEquals("list someone", tokens.calls.get(1), "only their own tokens are listed");
    }

    @ParameterizedTest(name = "a {0} revokes as the owner, never as an admin")
    @ValueSource(strings = {"reader", "publisher", "admin"})
    void aRevokeIsAlwaysAsTheOwner(String role) {
        RecordingTokens tokens = new RecordingTokens();
        Guard guard = new Guard(role);
        MyTokensPage page = page(guard, tokens, new NoAudit());
        assertEquals("/my-tokens.xhtml?faces-redirect=true", page.revoke(7));
        assertEquals(List.of("revoke 7 by someone as owner"), tokens.calls);
        assertEquals(List.of("Token someone/gra_abcd… revoked: it stops working now."), guard.messages);
    }

    @ParameterizedTest(name = "a caller with the role ''{0}'' is refused and reaches no service")
    @ValueSource(strings = {"", "guest"})
    void withoutARoleNothingIsReached(String role) {
        Guard guard = new Guard(role);
        MyTokensPage page = page(guard, null, null); // reaching a service would be a NullPointerException
        page.getNewToken().setName("laptop");
        page.createToken();
        assertNull(page.revoke(7));
        assertEquals(List.of(), page.getTokens());
        assertNull(page.getCreatedToken());
        assertEquals(List.of("Sign in to manage your tokens.", "Sign in to manage your tokens.",
                "Sign in to manage your tokens."), guard.messages);
    }

    @Test
    void aTokenNameIsRequired() {
        RecordingTokens tokens = new RecordingTokens();
        Guard guard = new Guard("reader");
        MyTokensPage page = page(guard, tokens, new NoAudit());
        page.createToken();
        assertEquals(List.of("Name the token after where it is used, e.g. ci-release.", "Please correct the field marked below."),
                guard.messages);
        assertEquals(List.of(), tokens.calls);
    }
}
