package org.granary.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The value of an upstream URL setting, in the one form Granary stores and joins paths to: http or https,
 * a host, no query or fragment, no credentials, and a path ending in exactly one {@code /}. Pure.
 * <p>
 * Forms people copy from their clients' configuration are accepted: cargo's {@code sparse+https://…} (the
 * prefix is dropped) and a missing or doubled trailing slash. Anything else that would only fail later, on
 * every request, is refused here with a message naming the setting.
 */
public final class UpstreamUrl {

    private static final String SPARSE = "sparse+";

    private UpstreamUrl() {
    }

    /**
     * @throws IllegalStateException naming {@code setting} and saying what is wrong with {@code value}
     */
    public static URI normalise(Setting setting, String value) {
        String v = value.trim();
        if (v.regionMatches(true, 0, SPARSE, 0, SPARSE.length())) {
            v = v.substring(SPARSE.length());
        }
        if (v.regionMatches(true, 0, "registry+", 0, "registry+".length())) {
            throw refused(setting, value, "git registry indexes are not proxied; use the sparse index URL");
        }
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw refused(setting, value, "it is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || u.isOpaque()) {
            throw refused(setting, value, "it is not an absolute URL");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(setting, value, "only http and https upstreams are supported, not " + scheme);
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw refused(setting, value, u.getRawAuthority() == null ? "it has no host"
                    : "'" + u.getRawAuthority() + "' is not a valid host[:port]");
        }
        if (u.getRawUserInfo() != null) {
            throw refused(setting, value, "credentials in the URL are not supported");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw refused(setting, value, "an upstream URL takes no query (?…) or fragment (#…)");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        path = path.substring(0, end) + "/";
        String port = u.getPort() < 0 ? "" : ":" + u.getPort();
        return URI.create(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + port + path);
    }

    private static IllegalStateException refused(Setting setting, String value, String why) {
        return new IllegalStateException(setting.environmentVariable() + " (" + setting.property()
                + ") must be an http or https URL such as https://registry.example.com/path/, not '" + value
                + "': " + why);
    }
}
