package org.granary.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.granary.core.AuditLog;
import org.granary.persistence.UserAccount;

/**
 * The application's one authentication mechanism (Jakarta Security allows one), choosing by request:
 * <ul>
 * <li>{@code Authorization: Bearer <token>} or a raw {@code gra_…} token (cargo sends tokens bare);</li>
 * <li>{@code Authorization: Basic} with a user's password, or with a token as the password;</li>
 * <li>for the admin pages ({@code /admin/…}): a form login kept in the HTTP session.</li>
 * </ul>
 * Wrong credentials are refused with 401 and a JSON message (and an audit row); no credentials leave the
 * caller anonymous, and what anonymous callers may do is decided per repository.
 */
@ApplicationScoped
public class GranaryAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String SESSION_USER = "granary.user";
    static final String LOGIN_PAGE = "/admin/login.xhtml";
    static final String LOGIN_ACTION = "/admin/login";
    static final String LOGOUT_ACTION = "/admin/logout";
    static final String HOME_PAGE = "/admin/index.xhtml";

    @Inject
    IdentityStoreHandler identityStores;
    @Inject
    UserService users;
    @Inject
    AuditLog audit;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/admin")) {
            return admin(path, request, response, context);
        }
        Optional<Credential> credential = credential(request.getHeader("Authorization"));
        if (credential.isPresent()) {
            CredentialValidationResult result = identityStores.validate(credential.get());
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                request.setAttribute(DatabaseIdentityStore.CREDENTIAL_ATTRIBUTE, result.getCallerUniqueId());
                return context.notifyContainerAboutLogin(result);
            }
            audit.record(describe(credential.get()), "login", path, AuditLog.FAILURE,
                    "invalid, expired or revoked credentials", address(request));
            return refuse(request, response, context, "the credentials sent are invalid, expired or revoked");
        }
        if (context.isProtected()) {
            return refuse(request, response, context, "authentication required");
        }
        return context.doNothing();
    }

    /** Parses Bearer, Basic and bare-token Authorization headers. */
    static Optional<Credential> credential(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.trim();
        int space = h.indexOf(' ');
        String scheme = space < 0 ? "" : h.substring(0, space);
        String value = space < 0 ? h : h.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("token")) {
            return Optional.of(new TokenCredential(value));
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return Optional.of(new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
                }
            } catch (IllegalArgumentException badBase64) {
                // refused below as an unusable credential
            }
            return Optional.of(new TokenCredential(""));
        }
        return Optional.of(new TokenCredential(h));
    }

    private AuthenticationStatus admin(String path, HttpServletRequest request, HttpServletResponse response,
                                       HttpMessageContext context) {
        try {
            if (path.equals(LOGOUT_ACTION)) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.sendRedirect(request.getContextPath() + LOGIN_PAGE);
                return AuthenticationStatus.SEND_CONTINUE;
            }
            if (path.equals(LOGIN_ACTION) && "POST".equals(request.getMethod())) {
                String username = request.getParameter("username");
                String password = request.getParameter("password");
                CredentialValidationResult result = username == null || password == null
                        ? CredentialValidationResult.INVALID_RESULT
                        : identityStores.validate(new UsernamePasswordCredential(username, password));
                if (result.getStatus() != CredentialValidationResult.Status.VALID
                        || !result.getCallerGroups().contains(Roles.ADMIN)) {
                    audit.record(username, "login", "admin console", AuditLog.FAILURE,
                            result.getStatus() == CredentialValidationResult.Status.VALID ? "not an admin" : "wrong user name or password",
                            address(request));
                    response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?error=true");
                    return AuthenticationStatus.SEND_CONTINUE;
                }
                HttpSession old = request.getSession(false);
                if (old != null) {
                    old.invalidate(); // a fresh session id at login (no session fixation)
                }
                request.getSession(true).setAttribute(SESSION_USER, result.getCallerPrincipal().getName());
                audit.record(result.getCallerPrincipal().getName(), "login", "admin console", AuditLog.SUCCESS, null,
                        address(request));
                response.sendRedirect(request.getContextPath() + HOME_PAGE);
                return AuthenticationStatus.SEND_CONTINUE;
            }
            HttpSession session = request.getSession(false);
            String name = session == null ? null : (String) session.getAttribute(SESSION_USER);
            if (name != null) {
                Optional<UserAccount> user = users.find(name).filter(UserAccount::isEnabled);
                if (user.isPresent()) {
                    return context.notifyContainerAboutLogin(name, user.get().getRoles());
                }
                session.invalidate();
            }
            if (context.isProtected()) {
                response.sendRedirect(request.getContextPath() + LOGIN_PAGE);
                return AuthenticationStatus.SEND_CONTINUE;
            }
            return context.doNothing();
        } catch (IOException e) {
            return AuthenticationStatus.SEND_FAILURE;
        }
    }

    /** Request attribute carrying the refusal message to the 401 error page ({@code web.AuthErrorResource}). */
    public static final String REFUSAL_MESSAGE = "granary.auth.refusal";

    private static AuthenticationStatus refuse(HttpServletRequest request, HttpServletResponse response,
                                               HttpMessageContext context, String message) {
        request.setAttribute(REFUSAL_MESSAGE, message);
        response.setHeader("WWW-Authenticate", "Basic realm=\"granary\"");
        // The container sends the 401 through the error page mapped in web.xml, which renders the JSON body.
        return context.responseUnauthorized();
    }

    private static String describe(Credential c) {
        if (c instanceof UsernamePasswordCredential up) {
            return up.getCaller();
        }
        if (c instanceof TokenCredential t && t.token().length() >= 10) {
            return "token " + t.token().substring(0, 10) + "…";
        }
        return "token";
    }

    private static String address(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        return forwarded == null ? request.getRemoteAddr() : forwarded.split(",")[0].trim() + " via " + request.getRemoteAddr();
    }
}
