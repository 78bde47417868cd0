package org.granary.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Map;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/**
 * Headers that keep a browser from running anything Granary serves: every artifact, metadata document, API
 * answer and error is {@code nosniff} and sandboxed with no sources allowed (a stored {@code .html} or
 * {@code .svg} "package" cannot run script in Granary's origin); the admin console's pages may load only
 * their own scripts, styles and images (no inline script), cannot be framed, and send no referrer to other
 * sites. Mapped in web.xml for requests and error pages, and kept when a response is reset.
 */
public class SecurityHeaders extends HttpFilter {

    static final Map<String, String> CONTENT = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "sandbox; default-src 'none'");

    static final Map<String, String> CONSOLE = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                    + "connect-src 'self'; "
                    + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "same-origin");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Map<String, String> headers = forPath(request.getRequestURI().substring(request.getContextPath().length()));
        if (headers == CONSOLE && config != null) { // only the console's pages need the setting: no lookup per hit
            headers = withSignOutTarget(headers, config.explicit(Setting.OIDC_ISSUER));
        }
        headers.forEach(response::setHeader);
        chain.doFilter(request, new Keeping(response, headers));
    }

    @Inject
    GranaryConfig config;

    /**
     * The console's headers with the OpenID Connect provider's origin added to {@code form-action}: the console's
     * sign-out (a form's POST) is redirected to the provider's end-session endpoint, and browsers hold every redirect
     * of a form's submission to that directive.
     */
    static Map<String, String> withSignOutTarget(Map<String, String> headers, java.util.Optional<String> issuer) {
        if (headers != CONSOLE || issuer.isEmpty()) {
            return headers;
        }
        try {
            java.net.URI u = java.net.URI.create(issuer.get());
            if (u.getScheme() == null || u.getHost() == null || !u.getScheme().matches("(?i)https?")) {
                return headers;
            }
            String origin = u.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + u.getHost()
                    + (u.getPort() >= 0 ? ":" + u.getPort() : "");
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put("Content-Security-Policy", headers.get("Content-Security-Policy")
                    .replace("form-action 'self'", "form-action 'self' " + origin));
            return h;
        } catch (IllegalArgumentException unusable) {
            return headers;
        }
    }

    /** The console's headers for {@code /admin} and below, the content headers for everything else. */
    static Map<String, String> forPath(String path) {
        return path.equals("/admin") || path.startsWith("/admin/") ? CONSOLE : CONTENT;
    }

    /** Puts the headers back when the application resets the response (e.g. to send an error instead). */
    static final class Keeping extends HttpServletResponseWrapper {

        private final Map<String, String> headers;

        Keeping(HttpServletResponse response, Map<String, String> headers) {
            super(response);
            this.headers = headers;
        }

        @Override
        public void reset() {
            super.reset();
            headers.forEach(super::setHeader);
        }
    }
}
