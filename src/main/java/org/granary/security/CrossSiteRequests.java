package org.granary.security;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises state-changing requests that a browser sends on behalf of another site (a form on some other
 * page posting to Granary, with whatever cookies or cached Basic credentials the browser holds). The
 * browser says so in {@code Sec-Fetch-Site}; browsers too old for that send {@code Origin}, compared with
 * the hosts Granary is reached at. Package clients send neither, so they are never refused.
 */
final class CrossSiteRequests {

    private CrossSiteRequests() {
    }

    /**
     * Why the request comes from another site, or empty when it does not (or not from a browser).
     *
     * @param secFetchSite the {@code Sec-Fetch-Site} header, or null
     * @param origin       the {@code Origin} header, or null
     * @param ownHosts     {@code host[:port]} values Granary is reached at (request {@code Host}, a trusted
     *                     proxy's {@code X-Forwarded-Host}, the configured base URL's)
     */
    static Optional<String> foreign(String secFetchSite, String origin, Collection<String> ownHosts) {
        if (secFetchSite != null && !secFetchSite.isBlank()) {
            String site = secFetchSite.trim().toLowerCase(Locale.ROOT);
            return site.equals("same-origin") || site.equals("none") ? Optional.empty()
                    : Optional.of("the browser sent it from another site (Sec-Fetch-Site: " + site + ")");
        }
        if (origin == null || origin.isBlank()) {
            return Optional.empty();
        }
        String host = originHost(origin.trim());
        if (host != null && ownHosts.stream().filter(h -> h != null && !h.isBlank())
                .map(CrossSiteRequests::normalise).anyMatch(host::equals)) {
            return Optional.empty();
        }
        return Optional.of("it comes from another site (Origin: " + abbreviate(origin.trim()) + ")");
    }

    /** {@code host[:port]} of an Origin value, lower case, without the default ports; null for "null" or junk. */
    private static String originHost(String origin) {
        try {
            URI u = URI.create(origin);
            if (u.getHost() == null || u.getScheme() == null) {
                return null;
            }
            return normalise(u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String normalise(String hostAndPort) {
        String h = hostAndPort.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(":80")) {
            return h.substring(0, h.length() - 3);
        }
        return h.endsWith(":443") ? h.substring(0, h.length() - 4) : h;
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 100 ? printable : printable.substring(0, 100) + "…";
    }
}
