package org.granary.web;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/**
 * The base URL clients reach Granary at, ending in the context path without a slash
 * ({@code https://repo.example.com/granary}): the configured {@code GRANARY_BASE_URL}, else from
 * {@code X-Forwarded-Proto}/{@code X-Forwarded-Host}/{@code X-Forwarded-Port} (or RFC 7239 {@code Forwarded}),
 * else from the request itself. Those headers reach it only from trusted proxies: {@link ForwardedHeaders}
 * removes them from every other request before JAX-RS sees it.
 * <p>
 * Without {@code GRANARY_BASE_URL} a direct client's own {@code Host} header chooses the host in the URLs of its own
 * response (packument tarball URLs, cargo's {@code config.json}, PyPI redirects). It reaches no other client's:
 * renderings are cached per base URL (it is part of their variant in {@link MetadataResponses}), and such responses
 * say {@code Vary: Host} ({@link #varying}) so that a cache in front keeps them apart too.
 */
public final class BaseUrl {

    private BaseUrl() {
    }

    public static String of(GranaryConfig config, UriInfo uri, HttpHeaders headers) {
        return of(config, uri.getBaseUri(), headers::getHeaderString);
    }

    /**
     * The same for callers outside JAX-RS (the admin console's pages): {@code base} is the application's base URI
     * as the request reached it ({@code http://host:port/granary/}), {@code header} reads a request header.
     */
    public static String of(GranaryConfig config, URI base, java.util.function.UnaryOperator<String> header) {
        Optional<String> configured = config.explicit(Setting.BASE_URL);
        if (configured.isPresent()) {
            return stripSlash(configured.get());
        }
        String scheme = base.getScheme();
        String host = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
        String forwarded = header.apply("Forwarded");
        if (forwarded != null) {
            String first = forwarded.split(",")[0];
            for (String part : first.split(";")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2) {
                    String v = kv[1].replace("\"", "").trim();
                    if (kv[0].equalsIgnoreCase("proto") && isScheme(v)) {
                        scheme = v.toLowerCase(Locale.ROOT);
                    } else if (kv[0].equalsIgnoreCase("host") && isHost(v)) {
                        host = v;
                    }
                }
            }
        }
        String proto = first(header.apply("X-Forwarded-Proto"));
        if (proto != null && isScheme(proto)) {
            scheme = proto.toLowerCase(Locale.ROOT);
        }
        String fHost = first(header.apply("X-Forwarded-Host"));
        if (fHost != null && isHost(fHost)) {
            host = fHost;
        }
        String fPort = first(header.apply("X-Forwarded-Port"));
        if (fPort != null && fPort.matches("\\d{1,5}") && !host.matches(".*:\\d+$")) {
            boolean defaultPort = ("https".equals(scheme) && fPort.equals("443")) || ("http".equals(scheme) && fPort.equals("80"));
            host = defaultPort ? host : host + ":" + fPort;
        }
        return scheme + "://" + host + stripSlash(base.getRawPath());
    }

    /**
     * {@code response} with {@code Host} added to its {@code Vary} when its URLs came from the request (no
     * {@code GRANARY_BASE_URL}); for every response that holds a URL from {@link #of}.
     */
    public static Response varying(GranaryConfig config, Response response) {
        if (config.explicit(Setting.BASE_URL).isPresent()) {
            return response;
        }
        String vary = response.getHeaderString("Vary");
        return Response.fromResponse(response).header("Vary", null)
                .header("Vary", vary == null || vary.isBlank() ? "Host" : vary + ", Host").build();
    }

    private static String first(String header) {
        return header == null ? null : header.split(",")[0].trim();
    }

    private static boolean isScheme(String s) {
        return s.equalsIgnoreCase("http") || s.equalsIgnoreCase("https");
    }

    private static boolean isHost(String s) {
        return s.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?") || s.matches("\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
