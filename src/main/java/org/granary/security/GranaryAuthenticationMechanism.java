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
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.AuditLog;
import org.granary.persistence.UserAccount;

/**
 * The application's one authentication mechanism (Jakarta Security allows one), choosing by request:
 * <ul>
 * <li>{@code Authorization: Bearer <token>} or a raw {@code gra_…} token (cargo sends tokens bare);</li>
 * <li>{@code Authorization: Basic} with a user's password, or with a token as the password;</li>
 * <li>without {@code Authorization}, a token in winget's {@code Windows-Package-Manager} header;</li>
 * <li>for the admin pages ({@code /admin/…}): a form login kept in the HTTP session, or the OpenID Connect sign-in
 * ({@code /admin/oidc/login} and {@code /admin/oidc/callback}, see {@link OidcSignIn}).</li>
 * </ul>
 * Passwords are checked by the identity stores in turn (the database's, then the LDAP directory's); when the directory
 * must be asked and no server answers, the caller gets 503 with a message, not 401.
 * Wrong credentials are refused with 401 and a JSON message (and an audit row); no credentials leave the
 * caller anonymous, and what anonymous callers may do is decided per repository. Password checks go
 * through the {@link LoginThrottle} (429 with {@code Retry-After} while backing off). State-changing
 * requests that a browser sends from another site are refused with 403 before any credential is looked at.
 */
@ApplicationScoped
public class GranaryAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String SESSION_USER = "granary.user";
    static final String ADMIN = "/admin";
    static final String LOGIN_PAGE = "/admin/login.xhtml";
    static final String LOGIN_ACTION = "/admin/login";
    static final String LOGOUT_ACTION = "/admin/logout";
    static final String HOME_PAGE = "/admin/index.xhtml";
    /** Where a signed-in person who is not an administrator lands: their own API tokens, the one page they reach. */
    static final String OWN_TOKENS_PAGE = "/admin/my-tokens.xhtml";
    static final String OIDC_LOGIN = "/admin/oidc/login";
    static final String OIDC_CALLBACK = "/admin/oidc/callback";

    /** Request attribute carrying the refusal message to the error page ({@code web.AuthErrorResource}). */
    public static final String REFUSAL_MESSAGE = "granary.auth.refusal";
    /**
     * The header {@code winget source add --header <value>} makes winget send on every request to a REST source: a
     * token there ({@code gra_…} or {@code Bearer gra_…}) counts as the {@code Authorization} header would.
     */
    static final String WINGET_HEADER = "Windows-Package-Manager";

    /** Request attribute carrying headers (a {@code Map<String, String>}) the error page adds to the refusal. */
    public static final String REFUSAL_HEADERS = "granary.auth.refusal.headers";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Pattern FORWARDED_HTTPS = Pattern.compile("(?i)(^|[;,\\s])proto=\"?https\"?");

    @Inject
    IdentityStoreHandler identityStores;
    @Inject
    UserService users;
    @Inject
    AuditLog audit;
    @Inject
    LoginThrottle throttle;
    @Inject
    TrustedProxies proxies;
    @Inject
    GranaryConfig config;
    @Inject
    ExternalUsers external;
    @Inject
    OidcSignIn oidc;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        try {
            if (isAdminPath(path)) {
                return admin(path, request, response, context);
            }
            if (!SAFE_METHODS.contains(request.getMethod())) {
                Optional<String> foreign = crossSite(request);
                if (foreign.isPresent()) {
                    audit.record(null, "request", request.getMethod() + " " + abbreviate(path), AuditLog.FAILURE,
                            "cross-site request refused: " + foreign.get(), proxies.auditAddress(request));
                    return refuse(request, response, 403, "cross-site request refused: " + foreign.get(), Map.of());
                }
            }
            Optional<Credential> credential = credential(request.getHeader("Authorization"))
                    .or(() -> credential(request.getHeader(WINGET_HEADER)));
            if (credential.isPresent()) {
                CredentialValidationResult result = validate(credential.get(), request);
                if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                    request.setAttribute(DatabaseIdentityStore.CREDENTIAL_ATTRIBUTE, result.getCallerUniqueId());
                    request.setAttribute(Caller.GROUPS_ATTRIBUTE, ExternalUsers.groupNames(result.getCallerGroups()));
                    return context.notifyContainerAboutLogin(result);
                }
                audit.record(describe(credential.get()), "login", abbreviate(path), AuditLog.FAILURE,
                        "invalid, expired or revoked credentials", proxies.auditAddress(request));
                return unauthorized(request, response, context, "the credentials sent are invalid, expired or revoked");
            }
            if (context.isProtected()) {
                return unauthorized(request, response, context, "authentication required");
            }
            return context.doNothing();
        } catch (LoginThrottledException e) {
            return refuse(request, response, e.status(), e.getMessage(),
                    Map.of("Retry-After", String.valueOf(e.retryAfterSeconds())));
        } catch (IOException e) {
            return AuthenticationStatus.SEND_FAILURE;
        } catch (RuntimeException e) {
            Optional<DirectoryUnavailableException> down = DirectoryUnavailableException.in(e);
            if (down.isEmpty()) {
                throw e;
            }
            return refuse(request, response, 503, down.get().getMessage(), Map.of("Retry-After", "30"));
        }
    }

    /** The admin console's URLs: {@code /admin} and below, not a repository whose name merely starts with "admin". */
    static boolean isAdminPath(String path) {
        return path.equals(ADMIN) || path.startsWith(ADMIN + "/");
    }

    /** Passwords go through the throttle; tokens (unguessable, checked by hash) are checked directly. */
    private CredentialValidationResult validate(Credential credential, HttpServletRequest request) {
        if (credential instanceof UsernamePasswordCredential up && !TokenCredential.looksLikeToken(up.getPasswordAsString())) {
            return throttle.check(up.getCaller(), proxies.clientAddress(request), () -> identityStores.validate(up),
                    r -> r.getStatus() == CredentialValidationResult.Status.VALID);
        }
        return identityStores.validate(credential);
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

    /**
     * Who the audit log names for refused credentials: the user name, or for a Granary token its public
     * prefix ({@code gra_} and 6 characters, as token lists show it); anything else (a password pasted as a
     * bare header, a foreign token) only by a fixed label, so no part of a secret reaches the log.
     */
    static String describe(Credential c) {
        if (c instanceof UsernamePasswordCredential up) {
            return up.getCaller();
        }
        if (c instanceof TokenCredential t && TokenCredential.looksLikeToken(t.token())) {
            return "token " + t.token().substring(0, 10) + "…";
        }
        if (c instanceof TokenCredential t && t.token().isEmpty()) {
            return "malformed credentials";
        }
        return "credentials that are not a Granary token";
    }

    private AuthenticationStatus admin(String path, HttpServletRequest request, HttpServletResponse response,
                                       HttpMessageContext context) throws IOException {
        if (path.equals(LOGOUT_ACTION)) {
            if (!"POST".equals(request.getMethod())) {
                return refuse(request, response, 405, "sign out with a POST (the button on the console's pages)",
                        Map.of("Allow", "POST"));
            }
            Optional<String> foreign = crossSite(request);
            if (foreign.isPresent()) {
                return refuse(request, response, 403, "cross-site sign-out refused: " + foreign.get(), Map.of());
            }
            HttpSession session = request.getSession(false);
            String idToken = null;
            if (session != null) {
                idToken = (String) session.getAttribute(OidcSignIn.ID_TOKEN);
                session.invalidate();
            }
            Optional<URI> providerLogout = idToken == null ? Optional.empty()
                    : oidc.logout(idToken, baseUrl(request) + LOGIN_PAGE);
            if (providerLogout.isPresent()) {
                response.sendRedirect(providerLogout.get().toString());
            } else {
                redirect(request, response, LOGIN_PAGE);
            }
            return AuthenticationStatus.SEND_CONTINUE;
        }
        if (path.equals(OIDC_LOGIN) || path.equals(OIDC_CALLBACK)) {
            return singleSignOn(path, request, response);
        }
        if (path.equals(LOGIN_ACTION) && "POST".equals(request.getMethod())) {
            return formLogin(request, response);
        }
        HttpSession session = request.getSession(false);
        String name = session == null ? null : (String) session.getAttribute(SESSION_USER);
        if (name != null) {
            Optional<Set<String>> groups = users.find(name).filter(UserAccount::isEnabled).flatMap(external::currentGroups);
            if (groups.isPresent()) {
                request.setAttribute(Caller.GROUPS_ATTRIBUTE, ExternalUsers.groupNames(groups.get()));
                return context.notifyContainerAboutLogin(name, groups.get());
            }
            session.invalidate();
        }
        if (context.isProtected()) {
            redirect(request, response, LOGIN_PAGE);
            return AuthenticationStatus.SEND_CONTINUE;
        }
        return context.doNothing();
    }

    private AuthenticationStatus formLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String address = proxies.auditAddress(request);
        Optional<String> foreign = crossSite(request);
        if (foreign.isPresent()) {
            audit.record(null, "login", "admin console", AuditLog.FAILURE, "cross-site sign-in refused: " + foreign.get(),
                    address);
            return refuse(request, response, 403, "cross-site sign-in refused: " + foreign.get(), Map.of());
        }
        String username = request.getParameter("username");
        String password = request.getParameter("password");
        CredentialValidationResult result;
        try {
            result = username == null || password == null
                    ? CredentialValidationResult.INVALID_RESULT
                    : throttle.check(username, proxies.clientAddress(request),
                            () -> identityStores.validate(new UsernamePasswordCredential(username, password)),
                            r -> r.getStatus() == CredentialValidationResult.Status.VALID);
        } catch (LoginThrottledException e) {
            redirect(request, response, LOGIN_PAGE + "?error=throttled&retry=" + e.retryAfterSeconds());
            return AuthenticationStatus.SEND_CONTINUE;
        } catch (RuntimeException e) {
            Optional<DirectoryUnavailableException> down = DirectoryUnavailableException.in(e);
            if (down.isEmpty()) {
                throw e;
            }
            audit.record(username, "login", "admin console", AuditLog.FAILURE, down.get().getMessage(), address);
            redirect(request, response, LOGIN_PAGE + "?error=directory");
            return AuthenticationStatus.SEND_CONTINUE;
        }
        if (result.getStatus() != CredentialValidationResult.Status.VALID || !hasARole(result.getCallerGroups())) {
            audit.record(username, "login", "admin console", AuditLog.FAILURE,
                    result.getStatus() == CredentialValidationResult.Status.VALID ? "no role in Granary" : "wrong user name or password",
                    address);
            redirect(request, response, LOGIN_PAGE + "?error=true");
            return AuthenticationStatus.SEND_CONTINUE;
        }
        String signedIn = result.getCallerPrincipal().getName();
        signedIn(request, response, signedIn, users.find(signedIn).map(UserAccount::getIdentitySource).orElse(UserAccount.LOCAL),
                result.getCallerGroups().contains(Roles.ADMIN), Map.of());
        return AuthenticationStatus.SEND_CONTINUE;
    }

    /**
     * The console's OpenID Connect sign-in: {@code GET /admin/oidc/login} sends the browser to the provider, and the
     * provider sends it back to {@code GET /admin/oidc/callback}, where {@link OidcSignIn} checks what came back.
     * Refusals land on the sign-in page and in the audit log with their reason.
     */
    private AuthenticationStatus singleSignOn(String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String address = proxies.auditAddress(request);
        if (oidc.settings().isEmpty()) {
            return refuse(request, response, 404, "single sign-on (OpenID Connect) is not configured", Map.of());
        }
        if (!"GET".equals(request.getMethod())) {
            return refuse(request, response, 405, "single sign-on pages are reached with GET", Map.of("Allow", "GET"));
        }
        try {
            if (path.equals(OIDC_LOGIN)) {
                response.sendRedirect(oidc.start(request.getSession(true), redirectUri(request)).toString());
                return AuthenticationStatus.SEND_CONTINUE;
            }
            OidcSignIn.SignedIn who = oidc.finish(request.getSession(false), OidcSignIn.firstValues(request.getParameterMap()));
            Optional<UserAccount> user = users.signedInExternally(who.username(), ExternalUsers.OIDC, who.roles());
            if (user.isEmpty()) {
                throw new OidcSignIn.RefusedException("'" + who.username() + "' is a local user's name or is disabled in "
                        + "Granary (local users sign in with their password)");
            }
            if (!hasARole(who.roles())) {
                audit.record(who.username(), "login", "admin console", AuditLog.FAILURE,
                        "no role in Granary (identity source: oidc, roles " + who.roles() + ")", address);
                redirect(request, response, LOGIN_PAGE + "?error=sso-admin");
                return AuthenticationStatus.SEND_CONTINUE;
            }
            signedIn(request, response, who.username(), ExternalUsers.OIDC, who.roles().contains(Roles.ADMIN),
                    Map.of(OidcSignIn.ID_TOKEN, who.idToken()));
        } catch (OidcSignIn.RefusedException e) {
            audit.record(null, "login", "admin console", AuditLog.FAILURE,
                    "single sign-on refused (identity source: oidc): " + abbreviate(e.getMessage()), address);
            redirect(request, response, LOGIN_PAGE + "?error=sso");
        }
        return AuthenticationStatus.SEND_CONTINUE;
    }

    /** The callback URL the provider sends the browser back to (as registered there). */
    private String redirectUri(HttpServletRequest request) {
        return oidc.settings().flatMap(s -> Optional.ofNullable(s.redirectUri())).map(URI::toString)
                .orElseGet(() -> baseUrl(request) + OIDC_CALLBACK);
    }

    /** The public base URL: {@code GRANARY_BASE_URL}, or this request's scheme, host and context path. */
    private String baseUrl(HttpServletRequest request) {
        return config.explicit(Setting.BASE_URL).map(b -> b.replaceAll("/+$", "")).orElseGet(() -> {
            String host = request.getHeader("Host");
            return request.getScheme() + "://" + (host != null ? host : request.getServerName() + ":" + request.getServerPort())
                    + request.getContextPath();
        });
    }

    /**
     * Starts the console session of {@code name} (a fresh session id: no session fixation), audits the sign-in with
     * its identity source ({@code local}, {@code ldap}, {@code oidc}) and sends the browser to the dashboard, or
     * a person who is not an administrator to their own API tokens (the one console page they may open).
     */
    void signedIn(HttpServletRequest request, HttpServletResponse response, String name, String source, boolean admin,
                  Map<String, Object> attributes) throws IOException {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        attributes.forEach(session::setAttribute);
        session.setAttribute(SESSION_USER, name);
        if (reachedOverHttps(request)) {
            response.addCookie(secureSessionCookie(request, session));
        }
        audit.record(name, "login", "admin console", AuditLog.SUCCESS, "identity source: " + source,
                proxies.auditAddress(request));
        redirect(request, response, landingPage(admin));
    }

    /** Where a sign-in lands: the dashboard for an administrator, their own tokens for everyone else. */
    static String landingPage(boolean admin) {
        return admin ? HOME_PAGE : OWN_TOKENS_PAGE;
    }

    /** Whether a signed-in caller has any of Granary's roles (without one, the console has nothing for them). */
    static boolean hasARole(Set<String> roles) {
        return roles.stream().anyMatch(Roles.ALL::contains);
    }


    /**
     * The session cookie again, marked {@code Secure}: web.xml makes it HttpOnly and SameSite=Lax for every
     * request, but only the request can tell whether the client came over https (directly, through a
     * trusted proxy, or by the configured base URL).
     */
    private static Cookie secureSessionCookie(HttpServletRequest request, HttpSession session) {
        SessionCookieConfig cfg = request.getServletContext().getSessionCookieConfig();
        Cookie c = new Cookie(cfg.getName() != null ? cfg.getName() : "JSESSIONID", session.getId());
        String contextPath = request.getContextPath();
        c.setPath(cfg.getPath() != null ? cfg.getPath() : contextPath.isEmpty() ? "/" : contextPath);
        c.setHttpOnly(true);
        c.setSecure(true);
        c.setAttribute("SameSite", "Lax");
        return c;
    }

    private boolean reachedOverHttps(HttpServletRequest request) {
        if (request.isSecure() || config.explicit(Setting.BASE_URL).map(u -> u.regionMatches(true, 0, "https:", 0, 6)).orElse(false)) {
            return true;
        }
        if (!proxies.trustsPeerOf(request)) {
            return false;
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        String forwarded = request.getHeader("Forwarded");
        return (proto != null && proto.split(",")[0].trim().equalsIgnoreCase("https"))
                || (forwarded != null && FORWARDED_HTTPS.matcher(forwarded.split(",")[0]).find());
    }

    private Optional<String> crossSite(HttpServletRequest request) {
        List<String> hosts = new ArrayList<>();
        hosts.add(request.getHeader("Host"));
        if (proxies.trustsPeerOf(request) && request.getHeader("X-Forwarded-Host") != null) {
            hosts.add(request.getHeader("X-Forwarded-Host").split(",")[0].trim());
        }
        config.explicit(Setting.BASE_URL).ifPresent(base -> {
            try {
                URI u = URI.create(base);
                hosts.add(u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : ""));
            } catch (IllegalArgumentException ignored) {
                // an unusable base URL names no host
            }
        });
        return CrossSiteRequests.foreign(request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"), hosts);
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, String page) throws IOException {
        response.sendRedirect(request.getContextPath() + page);
    }

    private static AuthenticationStatus unauthorized(HttpServletRequest request, HttpServletResponse response,
                                                     HttpMessageContext context, String message) {
        request.setAttribute(REFUSAL_MESSAGE, message);
        response.setHeader("WWW-Authenticate", "Basic realm=\"granary\"");
        // The container sends the 401 through the error page mapped in web.xml, which renders the JSON body.
        return context.responseUnauthorized();
    }

    /** Any other refusal (403, 405, 429, 503), rendered as JSON by the error page mapped in web.xml. */
    private static AuthenticationStatus refuse(HttpServletRequest request, HttpServletResponse response, int status,
                                               String message, Map<String, String> headers) {
        request.setAttribute(REFUSAL_MESSAGE, message);
        request.setAttribute(REFUSAL_HEADERS, new LinkedHashMap<>(headers));
        headers.forEach(response::setHeader);
        try {
            response.sendError(status);
        } catch (IOException e) {
            // the client is gone; nothing more to send
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
