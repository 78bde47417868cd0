package org.granary.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.security.TrustedProxies;

/**
 * Lets only trusted reverse proxies ({@code GRANARY_TRUSTED_PROXIES}) say where a request came from: from
 * any other peer the {@code Forwarded} and {@code X-Forwarded-*} headers are removed before the request
 * reaches Granary, so {@link BaseUrl} and everything after it never sees them. Through a trusted proxy,
 * without a configured {@code GRANARY_BASE_URL}, URLs in responses depend on those headers, so responses
 * name them in {@code Vary}.
 */
public class ForwardedHeaders extends HttpFilter {

    /** The headers a proxy uses to describe the original request (lower case). */
    static final Set<String> NAMES = Set.of("forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
            "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-server", "x-real-ip");
    /** What {@link BaseUrl} reads, hence what the response varies on. */
    static final String VARY = "Forwarded, X-Forwarded-Proto, X-Forwarded-Host, X-Forwarded-Port";

    @Inject
    TrustedProxies proxies;
    @Inject
    GranaryConfig config;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!proxies.trustsPeerOf(request)) {
            chain.doFilter(new Untrusted(request), response);
        } else if (config.explicit(Setting.BASE_URL).isEmpty()) {
            chain.doFilter(request, new Varying(response, VARY));
        } else {
            chain.doFilter(request, response);
        }
    }

    static boolean isForwardedHeader(String name) {
        return name != null && NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** A request whose forwarded headers are gone. */
    static final class Untrusted extends HttpServletRequestWrapper {

        Untrusted(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return isForwardedHeader(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isForwardedHeader(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(ForwardedHeaders::isForwardedHeader);
            return Collections.enumeration(names);
        }

        @Override
        public long getDateHeader(String name) {
            return isForwardedHeader(name) ? -1 : super.getDateHeader(name);
        }

        @Override
        public int getIntHeader(String name) {
            return isForwardedHeader(name) ? -1 : super.getIntHeader(name);
        }
    }

    /** A response whose {@code Vary} always names {@code extra} too, whatever the application sets. */
    static final class Varying extends HttpServletResponseWrapper {

        private final String extra;

        Varying(HttpServletResponse response, String extra) {
            super(response);
            this.extra = extra;
            super.setHeader("Vary", extra);
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, "Vary".equalsIgnoreCase(name) ? merge(value, extra) : value);
        }

        @Override
        public void addHeader(String name, String value) {
            if ("Vary".equalsIgnoreCase(name)) {
                super.setHeader(name, merge(String.join(", ", getHeaders("Vary")), value));
            } else {
                super.addHeader(name, value);
            }
        }

        @Override
        public void reset() {
            super.reset();
            super.setHeader("Vary", extra);
        }

        static String merge(String a, String b) {
            Set<String> seen = new LinkedHashSet<>();
            Set<String> lower = new LinkedHashSet<>();
            for (String part : (a == null ? "" : a).concat(",").concat(b == null ? "" : b).split(",")) {
                String p = part.trim();
                if (!p.isEmpty() && lower.add(p.toLowerCase(Locale.ROOT))) {
                    seen.add(p);
                }
            }
            return String.join(", ", seen);
        }
    }
}
