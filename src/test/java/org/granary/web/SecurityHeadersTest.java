package org.granary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A stored artifact never runs as a page in Granary's origin; the console's pages run only their own files. */
class SecurityHeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"/maven/com/example/evil/1.0/evil-1.0.pom", "/npm/left-pad", "/api/whoami", "/api/error",
            "/administrators/pkg.html"})
    void everyArtifactMetadataAndApiResponseIsSandboxedAndNotSniffed(String path) throws Exception {
        Map<String, List<String>> headers = served(path);
        assertEquals(List.of("nosniff"), headers.get("X-Content-Type-Options"));
        assertEquals(List.of("sandbox; default-src 'none'"), headers.get("Content-Security-Policy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/index.xhtml", "/admin/login.xhtml", "/admin"})
    void theConsoleLoadsOnlyItsOwnFilesCannotBeFramedAndKeepsItsUrlsToItself(String path) throws Exception {
        Map<String, List<String>> headers = served(path);
        String csp = headers.get("Content-Security-Policy").get(0);
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("sandbox"), "the console's own forms must work: " + csp);
        assertEquals(List.of("same-origin"), headers.get("Referrer-Policy"));
        assertEquals(List.of("nosniff"), headers.get("X-Content-Type-Options"));
    }

    @Test
    void theHeadersSurviveTheApplicationResettingTheResponse() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        new SecurityHeaders().doFilter(FakeHttp.request("127.0.0.1", "/npm/x", Map.of()), FakeHttp.response(headers),
                (req, res) -> ((HttpServletResponse) res).reset());
        assertEquals(List.of("nosniff"), headers.get("X-Content-Type-Options"));
        assertEquals(List.of("sandbox; default-src 'none'"), headers.get("Content-Security-Policy"));
    }

    private static Map<String, List<String>> served(String path) throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        new SecurityHeaders().doFilter(FakeHttp.request("127.0.0.1", path, Map.of()), FakeHttp.response(headers),
                (req, res) -> { });
        return headers;
    }

    @Test
    void withSingleSignOnTheConsoleMayAlsoSubmitToTheProvidersOriginForSignOut() {
        String csp = SecurityHeaders.withSignOutTarget(SecurityHeaders.CONSOLE,
                java.util.Optional.of("https://sso.example.com/realms/corp")).get("Content-Security-Policy");
        org.junit.jupiter.api.Assertions.assertTrue(csp.contains("form-action 'self' https://sso.example.com;"), csp);
        org.junit.jupiter.api.Assertions.assertEquals(SecurityHeaders.CONTENT, SecurityHeaders.withSignOutTarget(
                SecurityHeaders.CONTENT, java.util.Optional.of("https://sso.example.com")), "content stays as it is");
    }
}
