package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Users, tokens and access rules as an administrator and a CI system meet them over HTTP: the REST API,
 * token revocation and expiry taking effect at once, anonymous read switched off, the admin form login,
 * and the audit rows each of these leaves.
 */
class SecurityIT extends GranaryIT {

    @Test
    void theBootstrapAdminManagesUsersAndAWrongPasswordIsRefusedAndAudited() throws Exception {
        String user = unique("ci");
        HttpResponse<String> created = send("POST", API + "users", ADMIN,
                "{\"username\":\"" + user + "\",\"password\":\"s3cret-pass\",\"roles\":[\"publisher\"]}");
        assertEquals(201, created.statusCode(), created.body());

        JsonObject me = json(send("GET", API + "whoami", basic(user, "s3cret-pass"), null));
        assertEquals(user, me.getString("username"));
        assertEquals(Json.createArrayBuilder().add("publisher").build(), me.getJsonArray("roles"));

        HttpResponse<String> wrong = send("GET", API + "whoami", basic(user, "not-the-password"), null);
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertTrue(json(wrong).getString("error").contains("invalid"));
        assertTrue(hasAudit(user, "login", "failure"), "a failed login is audited");

        assertEquals(403, send("GET", API + "users", basic(user, "s3cret-pass"), null).statusCode(),
                "a publisher may not list users");
        assertEquals(400, send("POST", API + "users", ADMIN, "{\"username\":\"x y\",\"password\":\"long-enough\"}").statusCode());
        assertEquals(409, send("POST", API + "users", ADMIN,
                "{\"username\":\"" + user + "\",\"password\":\"another-pass\"}").statusCode());
        assertTrue(hasAudit("admin", "user.create", "success"));
    }

    @Test
    void aTokenIsShownOnceWorksAsBearerOrBasicAndStopsWorkingTheMomentItIsRevoked() throws Exception {
        String user = createUser("publisher");
        JsonObject token = json(send("POST", API + "tokens", basic(user, PASSWORD), "{\"name\":\"ci\"}"));
        String secret = token.getString("token");
        assertTrue(secret.startsWith("gra_"));

        assertEquals(200, send("GET", API + "whoami", "Bearer " + secret, null).statusCode());
        assertEquals(200, send("GET", API + "whoami", basic("__token__", secret), null).statusCode());
        assertEquals(200, send("GET", API + "whoami", basic(user, secret), null).statusCode());

        JsonArray listed = Json.createReader(new ByteArrayInputStream(
                send("GET", API + "tokens", "Bearer " + secret, null).body().getBytes())).readArray();
        assertFalse(listed.toString().contains(secret), "a token is never shown again");
        assertEquals(1, listed.size());
        assertFalse(listed.getJsonObject(0).isNull("lastUsedAt"), "the token's last use is recorded");

        assertEquals(204, send("DELETE", API + "tokens/" + token.getInt("id"), basic(user, PASSWORD), null).statusCode());
        assertEquals(401, send("GET", API + "whoami", "Bearer " + secret, null).statusCode(), "revocation is immediate");
        assertTrue(hasAudit(user, "token.revoke", "success"));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String user = createUser("reader");
        String secret = json(send("POST", API + "tokens", basic(user, PASSWORD),
                "{\"name\":\"short\",\"expiresInSeconds\":1}")).getString("token");
        assertEquals(200, send("GET", API + "whoami", "Bearer " + secret, null).statusCode());
        Thread.sleep(1500);
        assertEquals(401, send("GET", API + "whoami", "Bearer " + secret, null).statusCode());
        assertTrue(hasAudit("token " + secret.substring(0, 10) + "…", "login", "failure"));
    }

    @Test
    void aReadOnlyTokenCarriesOnlyTheReaderRole() throws Exception {
        String user = createUser("publisher");
        String secret = json(send("POST", API + "tokens", basic(user, PASSWORD),
                "{\"name\":\"ro\",\"readOnly\":true}")).getString("token");
        JsonObject me = json(send("GET", API + "whoami", "Bearer " + secret, null));
        assertEquals(Json.createArrayBuilder().add("reader").build(), me.getJsonArray("roles"));
    }

    @Test
    void withAnonymousReadOffARepositoryAnswers401UntilTheClientAuthenticates() throws Exception {
        String name = unique("private-npm");
        assertEquals(201, send("POST", API + "repositories", ADMIN, "{\"name\":\"" + name
                + "\",\"format\":\"npm\",\"type\":\"hosted\",\"anonymousRead\":false}").statusCode());
        String url = GranaryServer.repositoryUrl(name) + "some-package";

        HttpResponse<String> anonymous = send("GET", url, null, null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals(404, send("GET", url, basic(createUser("reader"), PASSWORD), null).statusCode(),
                "an authenticated reader gets through to the (empty) repository");
        assertTrue(hasAudit(null, "read", "failure"));

        // npm's login still works there: it is how the client gets the token it then reads with.
        String reader = createUser("reader");
        HttpResponse<String> login = send("PUT", GranaryServer.repositoryUrl(name) + "-/user/org.couchdb.user:" + reader,
                null, "{\"name\":\"" + reader + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(201, login.statusCode(), login.body());
        assertEquals(404, send("GET", url, "Bearer " + json(login).getString("token"), null).statusCode());

        assertEquals(200, send("PUT", API + "repositories/" + name, ADMIN, "{\"anonymousRead\":true}").statusCode());
        awaitStatus(url, 404);
    }

    @Test
    void onlyTheNamedPublishersMayPublishToARepositoryThatNamesThem() throws Exception {
        String alice = createUser("publisher");
        String bob = createUser("publisher");
        String name = unique("team-npm");
        assertEquals(201, send("POST", API + "repositories", ADMIN, "{\"name\":\"" + name
                + "\",\"format\":\"npm\",\"type\":\"hosted\",\"publishers\":[\"" + alice + "\"]}").statusCode());
        String pkg = unique("team-pkg");
        byte[] tarball = org.granary.testing.NpmTarball.build(org.granary.testing.NpmPackageId.parse(pkg + "@1.0.0"),
                java.util.Map.of(), 0, "team").bytes();
        String body = org.granary.testing.NpmTarball.publishDocument(pkg, "1.0.0", tarball, null);

        HttpResponse<String> byBob = send("PUT", GranaryServer.repositoryUrl(name) + pkg, basic(bob, PASSWORD), body);
        assertEquals(403, byBob.statusCode(), byBob.body());
        assertTrue(json(byBob).getString("error").contains(bob));
        assertTrue(hasAudit(bob, "publish", "failure"));

        HttpResponse<String> byAlice = send("PUT", GranaryServer.repositoryUrl(name) + pkg, basic(alice, PASSWORD), body);
        assertTrue(byAlice.statusCode() == 200 || byAlice.statusCode() == 201, byAlice.body());
        assertTrue(hasAudit(alice, "publish", "success"));
    }

    @Test
    void repositoriesAreValidatedWhenCreated() throws Exception {
        assertEquals(400, send("POST", API + "repositories", ADMIN,
                "{\"name\":\"api\",\"format\":\"npm\",\"type\":\"hosted\"}").statusCode(), "reserved name");
        assertEquals(400, send("POST", API + "repositories", ADMIN,
                "{\"name\":\"" + unique("p") + "\",\"format\":\"npm\",\"type\":\"proxy\"}").statusCode(), "proxy without upstream");
        assertEquals(400, send("POST", API + "repositories", ADMIN,
                "{\"name\":\"" + unique("g") + "\",\"format\":\"pypi\",\"type\":\"group\",\"members\":[\"npm-proxy\"]}").statusCode(),
                "a group's members share its format");
        assertEquals(400, send("POST", API + "repositories", ADMIN,
                "{\"name\":\"" + unique("x") + "\",\"format\":\"rubygems\",\"type\":\"hosted\"}").statusCode());
        assertEquals(401, send("GET", API + "repositories", null, null).statusCode());
        JsonArray all = Json.createReader(new ByteArrayInputStream(
                send("GET", API + "repositories", ADMIN, null).body().getBytes())).readArray();
        assertTrue(all.stream().map(v -> v.asJsonObject().getString("name")).anyMatch("npm-hosted"::equals));
    }

    @Test
    void theAdminConsoleUsesAFormLoginKeptInTheSession() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String console = GranaryServer.baseUrl() + "/admin/index.xhtml";
        HttpResponse<String> anonymous = browser.send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("Location").orElse("").endsWith("/admin/login.xhtml"));

        HttpResponse<String> badLogin = browser.send(form("admin", "wrong"), HttpResponse.BodyHandlers.ofString());
        assertTrue(badLogin.headers().firstValue("Location").orElse("").contains("error=true"));
        HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(URI.create(
                badLogin.headers().firstValue("Location").orElseThrow())).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(loginPage.body().contains("Wrong user name or password"));

        HttpResponse<String> login = browser.send(form("admin", ADMIN_PASSWORD), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode());
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("signed-in-user\">admin<"), page.body());
        assertTrue(hasAudit("admin", "login", "success"));
    }

    @Test
    void theAuditLogFiltersAndPages() throws Exception {
        createUser("reader");
        createUser("reader");
        JsonObject page = json(send("GET", API + "audit?action=user.create&size=1&page=0", ADMIN, null));
        assertEquals(1, page.getJsonArray("events").size());
        assertTrue(page.getBoolean("hasMore"));
        JsonObject event = page.getJsonArray("events").getJsonObject(0);
        assertEquals("user.create", event.getString("action"));
        assertEquals("admin", event.getString("actor"));
        assertFalse(event.getString("clientAddress").isBlank());
        assertEquals(400, send("GET", API + "audit?from=yesterday", ADMIN, null).statusCode());
        assertEquals(403, send("GET", API + "audit", basic(createUser("publisher"), PASSWORD), null).statusCode());
    }

    // ---------------------------------------------------------------- helpers

    private static HttpRequest form(String user, String password) {
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(GranaryServer.baseUrl() + "/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void awaitStatus(String url, int status) throws Exception {
        // Repository settings are re-read by every server within a few seconds.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = send("GET", url, null, null).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(250);
        }
        assertEquals(status, last);
    }
}
