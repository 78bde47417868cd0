package org.granary.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Map;

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
        headers.forEach(response::setHeader);
        chain.doFilter(request, new Keeping(response, headers));
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
