package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.granary.persistence.ApiToken;
import org.granary.security.RepositoryAccess;
import org.granary.security.TokenService;

/**
 * {@code my-tokens.xhtml}: the one console page for every signed-in person (local, LDAP or OpenID Connect users, any
 * role), where they list, create (the secret shown in that answer only) and revoke their <em>own</em> API tokens. The
 * page never takes a user name: whose tokens these are is the signed-in caller, and a revoke of another's token is
 * refused by {@link TokenService#revoke} (this page passes "not an admin" even for admins, whose page for others'
 * tokens is {@code access.xhtml}). Each action checks the caller has a role itself, web.xml is not the only guard.
 */
@Named
@RequestScoped
public class MyTokensPage {

    /** What a signed-in caller's token rights are called on this page. */
    static final TokenService.Issuer CONSOLE = new TokenService.Issuer("the console (own tokens page)", false, null);

    @Inject
    TokenService tokens;
    @Inject
    RepositoryAccess access;
    @Inject
    ConsoleGuard guard;
    @Inject
    Clock clock;

    private final TokenForm newToken = new TokenForm();
    private String createdToken;

    public String getMe() {
        return guard.name();
    }

    public List<AccessPage.TokenRow> getTokens() {
        if (!guard.signedInWithARole()) {
            return List.of();
        }
        Instant now = clock.instant();
        return tokens.list(guard.name()).stream().map(t -> new AccessPage.TokenRow(t.getId(), t.getName(),
                t.getTokenPrefix() + "…", t.isReadOnly(), t.getCreatedAt(), t.getExpiresAt(), t.getLastUsedAt(),
                t.getRevokedAt(), AccessPage.status(t, now))).toList();
    }

    /** Creates a token of the caller and shows it in this answer only (no redirect: the secret is in no URL). */
    public void createToken() {
        if (!guard.signedInWithARole()) {
            return;
        }
        Instant now = clock.instant();
        String me = guard.name();
        newToken.setUser(me);
        if (!guard.valid("new-token", newToken.problems(now))) {
            return;
        }
        guard.attempt(() -> {
            TokenService.Created c = tokens.create(CONSOLE, me, newToken.getName(), newToken.isReadOnly(), newToken.expiry(now));
            access.audited("token.create", me + "/" + c.record().getTokenPrefix(),
                    (c.record().isReadOnly() ? "read-only, " : "") + "own token (console)");
            createdToken = c.token();
        });
    }

    /** Revokes one of the caller's own tokens; another user's is refused with a message. */
    public String revoke(long id) {
        if (!guard.signedInWithARole()) {
            return null;
        }
        String[] revoked = new String[1];
        if (!guard.attempt(() -> {
            ApiToken t = tokens.revoke(id, guard.name(), false);
            revoked[0] = t.getUser().getUsername() + "/" + t.getTokenPrefix();
            access.audited("token.revoke", revoked[0], "own token (console)");
        })) {
            return null;
        }
        guard.confirm("Token " + revoked[0] + "… revoked: it stops working now.");
        return "/my-tokens.xhtml?faces-redirect=true";
    }

    public TokenForm getNewToken() {
        return newToken;
    }

    public String getCreatedToken() {
        return createdToken;
    }
}
