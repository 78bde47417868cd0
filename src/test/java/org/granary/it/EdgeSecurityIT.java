package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP edge as an attacker and an operator meet it: forwarded headers believed only from the trusted
 * proxy (the test server trusts 127.0.0.1; a second loopback address, 127.0.0.2, plays an ordinary client),
 * password guessing slowed down, browsers kept from running stored files or posting from other sites, the
 * console's session cookie, and small parsing cases that used to answer 500.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EdgeSecurityIT {

    static final String BASE = GranaryServer.baseUrl();
    static final String ADMIN = authorization("admin", "admin-it-password");
    static final String PASSWORD = "edge-pass-123";
    static final String SANDBOX = "sandbox; default-src 'none'";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return GranaryServer.war();
    }

    // ---------------------------------------------------------------- forwarded headers

    @Test
    void aClientThatIsNotATrustedProxyCannotChooseTheHostOfARedirect() throws Exception {
        String path = "/granary/pypi/simple/Edge_Name/";
        Raw direct = rawGet("127.0.0.2", path, Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example"));
        assertEquals(301, direct.status(), direct.head());
        assertEquals(BASE + "/pypi/simple/edge-name/", direct.header("Location"));
        assertFalse(direct.header("Vary").contains("X-Forwarded-Host"), "nothing varies on headers Granary ignored");

        HttpResponse<String> proxied = send("GET", BASE + "/pypi/simple/Edge_Name/", null, null,
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "pypi.example.test");
        assertEquals(301, proxied.statusCode());
        assertEquals("https://pypi.example.test/granary/pypi/simple/edge-name/",
                proxied.headers().firstValue("Location").orElse(""));
        assertTrue(proxied.headers().allValues("Vary").toString().contains("X-Forwarded-Host"),
                "a cache in front keeps the proxy's hosts apart: " + proxied.headers().allValues("Vary"));
    }

    /**
     * Without {@code GRANARY_BASE_URL} a direct client's {@code Host} header picks the host of the URLs in its own
     * response, and of no one else's: two clients asking for the same packument, cargo config and PyPI redirect
     * with different hosts each get their own, in whatever order they ask (renderings are cached per base URL),
     * and each response says {@code Vary: Host}.
     */
    @Test
    void aDirectClientsHostHeaderShapesOnlyTheUrlsOfItsOwnResponses() throws Exception {
        String pkg = unique("host-pkg");
        byte[] tgz = org.granary.testing.NpmTarball.build(new org.granary.testing.NpmPackageId(pkg, "1.0.0"),
                Map.of(), 100, "").bytes();
        assertEquals(201, send("PUT", BASE + "/npm-hosted/" + pkg, ADMIN, org.granary.testing.NpmTarball.publishDocument(
                pkg, "1.0.0", tgz, org.granary.testing.NpmTarball.integrityOf(tgz))).statusCode());
        int port = URI.create(BASE).getPort();
        String a = "mirror-a.example:" + port;
        String b = "mirror-b.example:" + port;
        String tarballPath = "/granary/npm/" + pkg + "/-/" + pkg + "-1.0.0.tgz";

        for (String[] order : new String[][] {{a, b}, {b, a}}) { // the second round is served from the rendered cache
            for (String host : order) {
                String other = host.equals(a) ? b : a;
                Raw packument = rawGet("127.0.0.2", "/granary/npm/" + pkg, Map.of("Host", host));
                assertEquals(200, packument.status(), packument.head());
                assertTrue(packument.body().contains("\"http://" + host + tarballPath + "\""), packument.body());
                assertFalse(packument.body().contains(other), packument.body());
                assertTrue(varies(packument, "Host"), packument.head());

                Raw abbreviated = rawGet("127.0.0.2", "/granary/npm/" + pkg,
                        Map.of("Host", host, "Accept", "application/vnd.npm.install-v1+json"));
                assertTrue(abbreviated.body().contains("\"http://" + host + tarballPath + "\""), abbreviated.body());
                assertFalse(abbreviated.body().contains(other), abbreviated.body());

                Raw cargo = rawGet("127.0.0.2", "/granary/cargo/config.json", Map.of("Host", host));
                assertEquals(200, cargo.status(), cargo.head());
                assertTrue(cargo.body().contains("http://" + host + "/granary/cargo/"), cargo.body());
                assertTrue(varies(cargo, "Host"), cargo.head());

                Raw redirect = rawGet("127.0.0.2", "/granary/pypi/simple/Host_Name/", Map.of("Host", host));
                assertEquals(301, redirect.status(), redirect.head());
                assertEquals("http://" + host + "/granary/pypi/simple/host-name/", redirect.header("Location"));
                assertTrue(varies(redirect, "Host"), redirect.head());
            }
        }
        HttpResponse<String> own = send("GET", BASE + "/npm/" + pkg, null, null);
        assertTrue(own.body().contains("\"" + BASE + "/npm/" + pkg + "/-/"), own.body());
        assertFalse(own.body().contains("mirror-"), own.body());
    }

    private static boolean varies(Raw r, String header) {
        return java.util.Arrays.stream(r.header("Vary").split(",")).map(String::trim).anyMatch(header::equalsIgnoreCase);
    }

    @Test
    void theAuditLogBelievesXForwardedForOnlyFromTheTrustedProxy() throws Exception {
        String spoofer = unique("spoof");
        rawGet("127.0.0.2", "/granary/api/whoami",
                Map.of("Authorization", authorization(spoofer, "wrong-password"), "X-Forwarded-For", "198.51.100.77"));
        assertEquals(List.of("127.0.0.2"), auditAddresses(spoofer, "login"));

        String proxied = unique("proxied");
        send("GET", BASE + "/api/whoami", authorization(proxied, "wrong-password"), null, "X-Forwarded-For", "198.51.100.78");
        assertEquals(List.of("198.51.100.78 via 127.0.0.1"), auditAddresses(proxied, "login"));
    }

    // ---------------------------------------------------------------- login throttling

    @Test
    void fiveWrongPasswordsMakeTheUserWaitEvenWithTheRightOneThenItWorksAgain() throws Exception {
        String user = createUser("reader");
        String[] from = {"X-Forwarded-For", "198.51.100.10"};
        for (int i = 0; i < 5; i++) {
            assertEquals(401, send("GET", BASE + "/api/whoami", authorization(user, "guess-" + i), null, from).statusCode());
        }
        HttpResponse<String> refused = send("GET", BASE + "/api/whoami", authorization(user, PASSWORD), null, from);
        assertEquals(429, refused.statusCode(), refused.body());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElse("-1"));
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
        assertTrue(json(refused).getString("error").contains("too many failed logins for user '" + user + "'"), refused.body());
        assertTrue(hasAudit(user, "login.backoff"), "the back-off is audited");

        Thread.sleep(retryAfter * 1000 + 200);
        assertEquals(200, send("GET", BASE + "/api/whoami", authorization(user, PASSWORD), null, from).statusCode());
    }

    @Test
    void oneAddressGuessingManyNamesWaitsWhileOtherAddressesDoNot() throws Exception {
        String user = createUser("reader");
        String[] guesser = {"X-Forwarded-For", "203.0.113.50"};
        for (int i = 0; i < 20; i++) {
            assertEquals(401, send("GET", BASE + "/api/whoami", authorization(unique("nobody"), "guess"), null, guesser)
                    .statusCode());
        }
        HttpResponse<String> refused = send("GET", BASE + "/api/whoami", authorization(user, PASSWORD), null, guesser);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertEquals(200, send("GET", BASE + "/api/whoami", authorization(user, PASSWORD), null,
                "X-Forwarded-For", "203.0.113.51").statusCode(), "another address is let in");
    }

    @Test
    void theSignInFormTellsAThrottledAdminHowLongToWait() throws Exception {
        HttpClient browser = browser();
        String user = unique("formguess");
        for (int i = 0; i < 5; i++) {
            signIn(browser, user, "guess", "X-Forwarded-For", "198.51.100.20");
        }
        HttpResponse<String> throttled = signIn(browser, user, "guess", "X-Forwarded-For", "198.51.100.20");
        String location = throttled.headers().firstValue("Location").orElse("");
        assertTrue(location.contains("error=throttled"), location);
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(BASE).resolve(location)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("Too many failed sign-ins"), page.body());
    }

    @Test
    void aPasswordPastedAsABareAuthorizationValueLeavesNoPartOfItInTheAuditLog() throws Exception {
        String pasted = "Hunter2-" + UUID.randomUUID();
        assertEquals(401, send("GET", BASE + "/api/whoami", pasted, null).statusCode());
        JsonArray events = json(send("GET", BASE + "/api/audit?size=200&action=login&outcome=failure", ADMIN, null))
                .getJsonArray("events");
        assertFalse(events.toString().contains(pasted.substring(0, 5)), "no prefix of the secret is logged");
        assertTrue(events.stream().map(JsonValue::asJsonObject)
                .anyMatch(e -> "credentials that are not a Granary token".equals(e.getString("actor", null))));
    }

    // ---------------------------------------------------------------- what browsers may do

    @Test
    void aStoredPomThatLooksLikeAPageIsServedSandboxedAndNotSniffed() throws Exception {
        String artifact = unique("edge");
        String url = BASE + "/maven/org/example/" + artifact + "/1.0/" + artifact + "-1.0.pom";
        String pom = "<project xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:script>alert(document.cookie)</h:script></project>";
        assertEquals(201, send("PUT", url, ADMIN, pom).statusCode());

        HttpResponse<String> served = send("GET", url, null, null);
        assertEquals(200, served.statusCode());
        assertEquals(pom, served.body());
        assertEquals("nosniff", served.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals(SANDBOX, served.headers().firstValue("Content-Security-Policy").orElse(""));

        for (HttpResponse<String> r : List.of(
                send("GET", BASE + "/maven/org/example/" + artifact + "/maven-metadata.xml", null, null),
                send("GET", BASE + "/api/whoami", ADMIN, null),
                send("GET", BASE + "/api/whoami", authorization("nobody-" + artifact, "x"), null),
                send("GET", BASE + "/no-such-repository/x", null, null))) {
            assertEquals(SANDBOX, r.headers().firstValue("Content-Security-Policy").orElse(""),
                    r.uri() + " " + r.statusCode());
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), r.uri().toString());
        }
    }

    @Test
    void theConsoleRunsOnlyItsOwnFilesAndCannotBeFramed() throws Exception {
        HttpResponse<String> login = browser().send(HttpRequest.newBuilder(URI.create(BASE + "/admin/login.xhtml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode());
        String csp = login.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertEquals("same-origin", login.headers().firstValue("Referrer-Policy").orElse(""));
        assertFalse(login.body().contains("<style") || login.body().contains("<script>"), "no inline code: " + login.body());

        String stylesheet = login.body().replaceAll("(?s).*<link[^>]+href=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
        HttpResponse<String> css = send("GET", URI.create(BASE).resolve(stylesheet).toString(), null, null);
        assertEquals(200, css.statusCode(), stylesheet);
        assertTrue(css.body().contains("font-family"), "the console's styles come from a file of their own");
    }

    @Test
    void theSessionCookieIsHttpOnlySameSiteAndSecureWhenTheProxySaysHttps() throws Exception {
        HttpResponse<String> plain = signIn(browser(), "admin", "admin-it-password");
        assertEquals(302, plain.statusCode());
        String cookie = sessionCookie(plain);
        assertTrue(cookie.contains("httponly"), cookie);
        assertTrue(cookie.contains("samesite=lax"), cookie);
        assertFalse(cookie.contains("secure"), "a Secure cookie would never come back over http: " + cookie);
        assertFalse(plain.headers().firstValue("Location").orElse("").contains("jsessionid"), "the session is never in a URL");

        HttpResponse<String> https = signIn(browser(), "admin", "admin-it-password", "X-Forwarded-Proto", "https");
        String secure = sessionCookie(https);
        assertTrue(secure.contains("secure") && secure.contains("httponly") && secure.contains("samesite=lax"), secure);
    }

    @Test
    void theSignInFormRefusesPostsFromOtherSites() throws Exception {
        HttpResponse<String> foreign = signIn(browser(), "admin", "admin-it-password", "Origin", "https://evil.example");
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertTrue(json(foreign).getString("error").contains("cross-site"), foreign.body());
        assertEquals(403, signIn(browser(), "admin", "admin-it-password", "Sec-Fetch-Site", "cross-site").statusCode());
        assertTrue(hasAudit(null, "login"), "the refusal is audited");

        HttpResponse<String> sameOrigin = signIn(browser(), "admin", "admin-it-password",
                "Origin", "http://127.0.0.1:" + URI.create(BASE).getPort(), "Sec-Fetch-Site", "same-origin");
        assertEquals(302, sameOrigin.statusCode());
        assertTrue(sameOrigin.headers().firstValue("Location").orElse("").endsWith("/admin/index.xhtml"));
    }

    @Test
    void signingOutTakesAPostAndEndsTheSession() throws Exception {
        HttpClient browser = browser();
        assertEquals(302, signIn(browser, "admin", "admin-it-password").statusCode());
        String console = BASE + "/admin/index.xhtml";
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("method=\"post\"") && page.body().contains("/admin/logout"), page.body());

        HttpResponse<String> get = browser.send(HttpRequest.newBuilder(URI.create(BASE + "/admin/logout")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
        assertEquals(200, browser.send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "a link or image cannot sign the admin out");

        HttpResponse<String> post = browser.send(HttpRequest.newBuilder(URI.create(BASE + "/admin/logout"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, post.statusCode());
        assertEquals(302, browser.send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "signed out");
    }

    @Test
    void aFormOnAnotherSiteCannotUploadThroughAVisitorsBrowser() throws Exception {
        String boundary = "edge" + UUID.randomUUID();
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n--"
                + boundary + "--\r\n";
        String contentType = "multipart/form-data; boundary=" + boundary;
        HttpResponse<String> anonymous = send("POST", BASE + "/pypi/", null, form, "Content-Type", contentType,
                "Origin", "https://evil.example");
        assertEquals(403, anonymous.statusCode(), anonymous.body());
        assertTrue(json(anonymous).getString("error").contains("cross-site"), anonymous.body());
        HttpResponse<String> withCachedCredentials = send("POST", BASE + "/pypi/", ADMIN, form, "Content-Type", contentType,
                "Origin", "https://evil.example");
        assertEquals(403, withCachedCredentials.statusCode(), "credentials the browser adds by itself do not help");

        HttpResponse<String> twine = send("POST", BASE + "/pypi/", null, form, "Content-Type", contentType);
        assertEquals(401, twine.statusCode(), "a package client (no Origin) is asked to authenticate, as before");
    }

    // ---------------------------------------------------------------- small cases that answered 500

    @Test
    void credentialsCountOnARepositoryWhoseNameStartsWithAdmin() throws Exception {
        String name = unique("administrators");
        assertEquals(201, send("POST", BASE + "/api/repositories", ADMIN, "{\"name\":\"" + name
                + "\",\"format\":\"npm\",\"type\":\"hosted\",\"anonymousRead\":false}").statusCode());
        String url = BASE + "/" + name + "/some-package";
        assertEquals(401, send("GET", url, null, null).statusCode());
        assertEquals(404, send("GET", url, authorization(createUser("reader"), PASSWORD), null).statusCode(),
                "the reader is recognised and reaches the (empty) repository");
    }

    @Test
    void anAbsurdRangeIs416AndAMalformedOneGetsTheWholeFile() throws Exception {
        String artifact = unique("range");
        String url = BASE + "/maven/org/example/" + artifact + "/1.0/" + artifact + "-1.0.jar";
        byte[] jar = new byte[1000];
        for (int i = 0; i < jar.length; i++) {
            jar[i] = (byte) i;
        }
        HttpResponse<String> put = GranaryServer.http().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", ADMIN).PUT(HttpRequest.BodyPublishers.ofByteArray(jar)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());

        HttpResponse<byte[]> absurd = GranaryServer.get(url, "Range", "bytes=99999999999999999999-");
        assertEquals(416, absurd.statusCode());
        assertEquals("bytes */1000", absurd.headers().firstValue("Content-Range").orElse(""));
        HttpResponse<byte[]> reversed = GranaryServer.get(url, "Range", "bytes=500-100");
        assertEquals(200, reversed.statusCode());
        assertEquals(1000, reversed.body().length);
        HttpResponse<byte[]> clamped = GranaryServer.get(url, "Range", "bytes=990-99999999999999999999");
        assertEquals(206, clamped.statusCode());
        assertEquals("bytes 990-999/1000", clamped.headers().firstValue("Content-Range").orElse(""));
    }

    // ---------------------------------------------------------------- helpers

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> signIn(HttpClient browser, String user, String password, String... headers)
            throws Exception {
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + "/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The session cookie as set, lower case. */
    private static String sessionCookie(HttpResponse<?> r) {
        List<String> cookies = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).toList();
        assertFalse(cookies.isEmpty(), "a session cookie is set: " + r.headers().map());
        return cookies.get(cookies.size() - 1).toLowerCase(Locale.ROOT); // the last one set is what the browser keeps
    }

    private static String createUser(String role) throws Exception {
        String user = unique(role);
        HttpResponse<String> r = send("POST", BASE + "/api/users", ADMIN,
                "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"" + role + "\"]}");
        assertEquals(201, r.statusCode(), r.body());
        return user;
    }

    private static boolean hasAudit(String actor, String action) throws Exception {
        return !audit(actor, action).isEmpty();
    }

    private static List<String> auditAddresses(String actor, String action) throws Exception {
        return audit(actor, action).stream().map(e -> e.getString("clientAddress")).toList();
    }

    private static List<JsonObject> audit(String actor, String action) throws Exception {
        String q = BASE + "/api/audit?size=500&action=" + action
                + (actor == null ? "" : "&actor=" + URLEncoder.encode(actor, StandardCharsets.UTF_8));
        return json(send("GET", q, ADMIN, null)).getJsonArray("events").stream().map(JsonValue::asJsonObject)
                .filter(e -> actor != null || e.isNull("actor")).toList();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String authorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request with an optional Authorization value, a text body (JSON unless a Content-Type is given) and headers. */
    private static HttpResponse<String> send(String method, String url, String authorization, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return GranaryServer.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    /** A response to a request sent from another loopback address, which the test server does not trust. */
    record Raw(int status, String head, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private static Raw rawGet(String from, String path, Map<String, String> headers) throws Exception {
        URI base = URI.create(BASE);
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            s.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
            if (!headers.containsKey("Host")) {
                request.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
            }
            request.append("Connection: close\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            OutputStream out = s.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            String text = bytes.toString(StandardCharsets.ISO_8859_1);
            String head = text.substring(0, Math.max(0, text.indexOf("\r\n\r\n")));
            String[] lines = head.split("\r\n");
            Map<String, String> parsed = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    parsed.merge(name, lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
                }
            }
            int end = text.indexOf("\r\n\r\n");
            String body = end < 0 ? "" : new String(bytes.toByteArray(), end + 4, bytes.size() - end - 4, StandardCharsets.UTF_8);
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), head, parsed, body);
        }
    }
}
