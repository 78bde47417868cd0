package org.granary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.security.TrustedProxies;
import org.junit.jupiter.api.Test;

/**
 * The base URL written into tarball URLs, cargo's config.json and PyPI redirects follows X-Forwarded-* and
 * Forwarded only when a trusted proxy sent them; GRANARY_BASE_URL wins over both.
 */
class ForwardedHeadersTest {

    static final String SERVER = "http://granary.internal:8080/granary/";
    static final Map<String, String> CLAIMS = Map.of(
            "X-Forwarded-Proto", "https",
            "X-Forwarded-Host", "repo.example.com",
            "X-Forwarded-For", "198.51.100.4");

    @Test
    void aClientThatIsNotATrustedProxyCannotChooseTheHostInGranarysUrls() throws Exception {
        Seen seen = through(Map.of(), "10.0.0.0/8", "203.0.113.9", CLAIMS);
        assertEquals("http://granary.internal:8080/granary", seen.baseUrl());
        assertNull(seen.request().getHeader("X-Forwarded-For"));
        assertFalse(Collections.list(seen.request().getHeaderNames()).contains("X-Forwarded-Host"));
        assertEquals(List.of(), seen.headers().getOrDefault("Vary", List.of()), "nothing varies on headers not used");
    }

    @Test
    void aTrustedProxyNamesThePublicHostAndTheResponseVariesOnIt() throws Exception {
        Seen seen = through(Map.of(), "10.0.0.0/8", "10.1.1.1", CLAIMS);
        assertEquals("https://repo.example.com/granary", seen.baseUrl());
        assertEquals(List.of(ForwardedHeaders.VARY), seen.headers().get("Vary"));
    }

    @Test
    void rfc7239ForwardedCountsFromATrustedProxyToo() throws Exception {
        Map<String, String> forwarded = Map.of("Forwarded", "for=198.51.100.4;proto=https;host=repo.example.com");
        assertEquals("https://repo.example.com/granary", through(Map.of(), "10.0.0.0/8", "10.1.1.1", forwarded).baseUrl());
        assertEquals(SERVER.substring(0, SERVER.length() - 1),
                through(Map.of(), "10.0.0.0/8", "192.0.2.1", forwarded).baseUrl());
    }

    @Test
    void byDefaultNoPeerIsTrusted() throws Exception {
        assertEquals("http://granary.internal:8080/granary", through(Map.of(), "", "127.0.0.1", CLAIMS).baseUrl());
    }

    @Test
    void theConfiguredBaseUrlWinsAndThenNothingVaries() throws Exception {
        Seen seen = through(Map.of(Setting.BASE_URL, "https://packages.example.org/granary/"), "10.0.0.0/8", "10.1.1.1", CLAIMS);
        assertEquals("https://packages.example.org/granary", seen.baseUrl());
        assertEquals(List.of(), seen.headers().getOrDefault("Vary", List.of()));
    }

    @Test
    void theApplicationsOwnVaryIsKeptNextToTheForwardedHeaders() throws Exception {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        filter(Map.of(), "10.0.0.0/8").doFilter(FakeHttp.request("10.1.1.1", "/npm/left-pad", CLAIMS),
                FakeHttp.response(headers), (req, res) -> {
                    ((HttpServletResponse) res).setHeader("Vary", "Accept, Accept-Encoding");
                    ((HttpServletResponse) res).addHeader("vary", "Origin");
                });
        assertEquals(List.of("Accept, Accept-Encoding, " + ForwardedHeaders.VARY + ", Origin"), headers.get("Vary"));
    }

    // ---------------------------------------------------------------- helpers

    record Seen(HttpServletRequest request, String baseUrl, Map<String, List<String>> headers) {
    }

    private static Seen through(Map<Setting, String> settings, String trusted, String peer, Map<String, String> headers)
            throws Exception {
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
        filter(settings, trusted).doFilter(FakeHttp.request(peer, "/npm/left-pad", headers), FakeHttp.response(responseHeaders),
                (req, res) -> seen.set((HttpServletRequest) req));
        String base = BaseUrl.of(GranaryConfig.of(settings), FakeHttp.uriInfo(SERVER), FakeHttp.headersOf(seen.get()));
        return new Seen(seen.get(), base, responseHeaders);
    }

    private static ForwardedHeaders filter(Map<Setting, String> settings, String trusted) {
        ForwardedHeaders f = new ForwardedHeaders();
        f.proxies = TrustedProxies.of(trusted);
        f.config = GranaryConfig.of(settings);
        return f;
    }
}
