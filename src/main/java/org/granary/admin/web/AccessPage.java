package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import org.granary.core.AuditLog;
import org.granary.persistence.ApiToken;
import org.granary.persistence.UserAccount;
import org.granary.security.RepositoryAccess;
import org.granary.security.TokenService;
import org.granary.security.UserService;

/**
 * {@code access.xhtml?user=}: users and their roles, one user's API tokens (create: the token is shown on the
 * answer to that POST only, never again; revoke), and changing one's own password.
 */
@Named
@RequestScoped
public class AccessPage {

    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    RepositoryAccess access;
    @Inject
    AuditLog log;
    @Inject
    ConsoleGuard guard;
    @Inject
    Clock clock;
    @Inject
    jakarta.servlet.http.HttpServletRequest request;

    private final UserForm newUser = new UserForm();
    private final TokenForm newToken = new TokenForm();
    private final PasswordForm password = new PasswordForm();
    private String user;
    private String createdToken;

    /** A user as the table shows them. */
    public record UserRow(String username, String roles, boolean enabled, String email, Instant createdAt) {
    }

    /** A token as the table shows it (never its secret, which is not stored). */
    public record TokenRow(long id, String name, String prefix, boolean readOnly, Instant createdAt, Instant expiresAt,
                           Instant lastUsedAt, Instant revokedAt, String status) {
    }

    public List<UserRow> getUsers() {
        return users.list().stream().map(u -> new UserRow(u.getUsername(), String.join(", ", u.getRoles()), u.isEnabled(),
                u.getEmail(), u.getCreatedAt())).toList();
    }

    /**
     * Whose tokens are shown: {@code ?user=}, else the signed-in admin's own. Read from the request too, since a
     * revoke button is found (apply-request-values) before the view parameter reaches this bean (update-model).
     */
    public String getWhose() {
        String asked = user != null && !user.isBlank() ? user : request.getParameter("user");
        return asked == null || asked.isBlank() ? guard.name() : asked;
    }

    public List<TokenRow> getTokens() {
        Instant now = clock.instant();
        return tokens.list(getWhose()).stream().map(t -> new TokenRow(t.getId(), t.getName(), t.getTokenPrefix() + "…",
                t.isReadOnly(), t.getCreatedAt(), t.getExpiresAt(), t.getLastUsedAt(), t.getRevokedAt(),
                status(t, now))).toList();
    }

    static String status(ApiToken t, Instant now) {
        if (t.getRevokedAt() != null) {
            return "revoked";
        }
        if (t.getExpiresAt() != null && !now.isBefore(t.getExpiresAt())) {
            return "expired";
        }
        return t.getUser().isEnabled() ? "active" : "user disabled";
    }

    public List<String> getUserNames() {
        return users.list().stream().map(UserAccount::getUsername).sorted().toList();
    }

    // ---- actions ---------------------------------------------------------------------------------------------

    public String createUser() {
        if (!guard.admin() || !guard.valid("new-user", newUser.problems(n -> users.find(n).isPresent()))) {
            return null;
        }
        if (!guard.attempt(() -> {
            UserAccount u = users.create(newUser.getUsername(), newUser.getPassword(), new LinkedHashSet<>(newUser.getRoles()),
                    newUser.emailOrNull());
            access.audited("user.create", u.getUsername(), "roles " + u.getRoles() + " (admin console)");
        })) {
            return null;
        }
        ConsoleGuard.done("User " + newUser.getUsername() + " created.");
        return "/access.xhtml?faces-redirect=true";
    }

    /** Creates a token and shows it in this answer only (no redirect: the secret is in no URL, flash or session). */
    public void createToken() {
        Instant now = clock.instant();
        if (!guard.admin() || !guard.valid("new-token", newToken.problems(now))) {
            return;
        }
        guard.attempt(() -> {
            TokenService.Created c = tokens.create(TokenService.Issuer.PASSWORD, newToken.getUser(), newToken.getName(),
                    newToken.isReadOnly(), newToken.expiry(now));
            access.audited("token.create", newToken.getUser() + "/" + c.record().getTokenPrefix(),
                    (c.record().isReadOnly() ? "read-only, " : "") + "created with password (admin console)");
            createdToken = c.token();
            user = newToken.getUser();
        });
    }

    public String revoke(long id) {
        if (!guard.admin()) {
            return null;
        }
        String[] revoked = new String[1];
        if (!guard.attempt(() -> {
            ApiToken t = tokens.revoke(id, guard.name(), true);
            revoked[0] = t.getUser().getUsername() + "/" + t.getTokenPrefix();
            access.audited("token.revoke", revoked[0], "admin console");
        })) {
            return null;
        }
        ConsoleGuard.done("Token " + revoked[0] + "… revoked: it stops working now.");
        return "/access.xhtml?faces-redirect=true&user=" + java.net.URLEncoder.encode(revoked[0].split("/")[0],
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Changes the signed-in admin's own password; that ends their console sessions, so they sign in again. */
    public void changePassword() throws IOException {
        if (!guard.admin() || !guard.valid("password", password.problems())) {
            return;
        }
        String me = guard.name();
        if (users.authenticate(me, password.getCurrent()).isEmpty()) {
            log.record(me, "user.update", me, AuditLog.FAILURE, "wrong current password", guard.caller().address());
            ConsoleGuard.error("password:current", "This is not your current password; the password was not changed.");
            return;
        }
        if (guard.attempt(() -> {
            users.update(me, password.getNext(), null, null, null);
            access.audited("user.update", me, "password (admin console)");
        })) {
            FacesContext context = FacesContext.getCurrentInstance();
            context.getExternalContext().redirect(context.getExternalContext().getRequestContextPath()
                    + "/admin/login.xhtml?changed=true");
        }
    }

    // ---- properties ------------------------------------------------------------------------------------------

    public UserForm getNewUser() {
        return newUser;
    }

    public TokenForm getNewToken() {
        if (newToken.getUser() == null || newToken.getUser().isBlank()) {
            newToken.setUser(getWhose());
        }
        return newToken;
    }

    public PasswordForm getPassword() {
        return password;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getCreatedToken() {
        return createdToken;
    }

    public List<String> getRoleNames() {
        return List.of("admin", "publisher", "reader");
    }
}
