package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.granary.testing.FakeNpmRegistry;
import org.granary.testing.FakeUpstream;
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
    @Test
    void aReadOnlyTokenMayListTokensButManagesNoTokensAndNoUsers() throws Exception {
        String user = createUser("publisher");
        String password = basic(user, "s3cret-pass");
        JsonObject other = json(send("POST", API + "tokens", password, "{\"name\":\"other\"}"));
        String readOnly = "Bearer " + json(send("POST", API + "tokens", password,
                "{\"name\":\"ro\",\"readOnly\":true}")).getString("token");

        assertEquals(200, send("GET", API + "tokens", readOnly, null).statusCode(), "reading is what it is for");
        HttpResponse<String> mint = send("POST", API + "tokens", readOnly, "{\"name\":\"escalated\"}");
        assertEquals(403, mint.statusCode(), mint.body());
        assertTrue(json(mint).getString("error").contains("read-only"), mint.body());
        assertEquals(403, send("DELETE", API + "tokens/" + other.getInt("id"), readOnly, null).statusCode());
        assertEquals(403, send("PUT", API + "users/" + user, readOnly,
                "{\"password\":\"taken-over-1\",\"currentPassword\":\"s3cret-pass\"}").statusCode());

        assertEquals(200, send("GET", API + "whoami", "Bearer " + other.getString("token"), null).statusCode(),
                "the other token was not revoked");
        assertEquals(200, send("GET", API + "whoami", password, null).statusCode(), "the password was not changed");
    }

    @Test
    void aTokenCreatesOnlyTokensThatExpireNoLaterThanItselfAndTheAuditNamesTheCreatingCredential() throws Exception {
        String user = createUser("publisher");
        JsonObject parent = json(send("POST", API + "tokens", basic(user, "s3cret-pass"),
                "{\"name\":\"parent\",\"expiresInDays\":2}"));
        String bearer = "Bearer " + parent.getString("token");

        HttpResponse<String> longer = send("POST", API + "tokens", bearer, "{\"name\":\"longer\",\"expiresInDays\":30}");
        assertEquals(403, longer.statusCode(), longer.body());
        assertTrue(json(longer).getString("error").contains("outlives"), longer.body());

        HttpResponse<String> unbounded = send("POST", API + "tokens", bearer, "{\"name\":\"child\"}");
        assertEquals(201, unbounded.statusCode(), unbounded.body());
        java.time.Instant parentExpiry = java.time.Instant.parse(parent.getString("expiresAt"));
        java.time.Instant childExpiry = java.time.Instant.parse(json(unbounded).getString("expiresAt"));
        assertFalse(childExpiry.isAfter(parentExpiry), "the child expires no later than its parent");
        assertTrue(Duration.between(childExpiry, parentExpiry).toSeconds() < 1, "it inherits the parent's expiry");

        java.util.List<String> details = auditDetails(user, "token.create");
        assertTrue(details.stream().anyMatch(d -> d.endsWith("created with password")), details.toString());
        assertTrue(details.stream().anyMatch(d -> d.endsWith("created with token " + parent.getString("prefix") + "…")),
                details.toString());
    }

    @Test
    void changingYourOwnPasswordNeedsTheCurrentOneAndSignsYouOutOfTheConsole() throws Exception {
        String user = createUser("admin");
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String console = GranaryServer.baseUrl() + "/admin/index.xhtml";
        assertEquals(302, browser.send(form(user, "s3cret-pass"), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, browser.send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "signed in to the console");

        HttpResponse<String> withoutCurrent = send("PUT", API + "users/" + user, basic(user, "s3cret-pass"),
                "{\"password\":\"second-pass-1\"}");
        assertEquals(400, withoutCurrent.statusCode(), withoutCurrent.body());
        assertTrue(json(withoutCurrent).getString("error").contains("currentPassword"), withoutCurrent.body());
        HttpResponse<String> wrongCurrent = send("PUT", API + "users/" + user, basic(user, "s3cret-pass"),
                "{\"password\":\"second-pass-1\",\"currentPassword\":\"not-my-password\"}");
        assertEquals(403, wrongCurrent.statusCode(), wrongCurrent.body());
        assertTrue(hasAudit(user, "user.update", "failure"));
        assertEquals(200, browser.send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "refused changes leave the session alone");

        HttpResponse<String> changed = send("PUT", API + "users/" + user, basic(user, "s3cret-pass"),
                "{\"password\":\"second-pass-1\",\"currentPassword\":\"s3cret-pass\"}");
        assertEquals(200, changed.statusCode(), changed.body());

        HttpResponse<String> afterChange = browser.send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, afterChange.statusCode(), "the console session ended with the password change");
        assertTrue(afterChange.headers().firstValue("Location").orElse("").endsWith("/admin/login.xhtml"));
        assertEquals(401, send("GET", API + "whoami", basic(user, "s3cret-pass"), null).statusCode());
        assertEquals(200, send("GET", API + "whoami", basic(user, "second-pass-1"), null).statusCode());

        assertEquals(200, send("PUT", API + "users/" + user, ADMIN, "{\"password\":\"reset-by-admin\"}").statusCode(),
                "an admin resets another user's password without knowing it");
        assertEquals(200, send("GET", API + "whoami", basic(user, "reset-by-admin"), null).statusCode());
    }

    @Test
    void apiBodiesAreReadOnlyAfterTheCallerIsAuthenticatedAndAllowedAndAtMost64KiB() throws Exception {
        HttpResponse<String> anonymous = send("POST", API + "tokens", null, "{not json");
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(json(anonymous).getString("error").contains("authentication"), anonymous.body());
        assertEquals(401, send("POST", API + "users", null, "{not json").statusCode());
        assertEquals(401, send("PUT", API + "users/admin", null, "{not json").statusCode());

        String reader = basic(createUser("reader"), "s3cret-pass");
        assertEquals(403, send("POST", API + "repositories", reader, "{not json").statusCode());
        assertEquals(403, send("POST", API + "users", reader, "{not json").statusCode());
        assertEquals(403, send("PUT", API + "users/admin", reader, "{not json").statusCode());

        HttpResponse<String> big = send("POST", API + "repositories", ADMIN,
                "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}");
        assertEquals(413, big.statusCode(), big.body());
        assertTrue(json(big).getString("error").contains("64 KiB"), big.body());
    }

    @Test
    void malformedOrMistypedApiBodiesAre400sThatSayWhatIsWrong() throws Exception {
        String publisher = basic(createUser("publisher"), "s3cret-pass");
        java.util.Map<String, String> tokenBodies = java.util.Map.of(
                "{not json", "not valid JSON",
                "[\"a\",\"b\"]", "JSON object",
                "{\"expiresInSeconds\":1.5}", "whole number",
                "{\"expiresInDays\":9999999999999}", "too large",
                "{\"expiresInDays\":-1}", "positive",
                "{\"name\":\"ci\",\"readonly\":true}", "'readonly'");
        for (var c : tokenBodies.entrySet()) {
            HttpResponse<String> r = send("POST", API + "tokens", publisher, c.getKey());
            assertEquals(400, r.statusCode(), c.getKey() + " -> " + r.body());
            assertTrue(json(r).getString("error").contains(c.getValue()), c.getKey() + " -> " + r.body());
        }
        assertEquals(0, Json.createReader(new ByteArrayInputStream(send("GET", API + "tokens", publisher, null).body()
                .getBytes(StandardCharsets.UTF_8))).readArray().size(), "no token was created by a refused body");

        String user = unique("typo");
        HttpResponse<String> misspeltUser = send("POST", API + "users", ADMIN,
                "{\"username\":\"" + user + "\",\"password\":\"s3cret-pass\",\"role\":[\"admin\"]}");
        assertEquals(400, misspeltUser.statusCode(), misspeltUser.body());
        assertTrue(json(misspeltUser).getString("error").contains("'role'"), misspeltUser.body());

        String repo = unique("typo-npm");
        HttpResponse<String> misspeltRepo = send("POST", API + "repositories", ADMIN, "{\"name\":\"" + repo
                + "\",\"format\":\"npm\",\"type\":\"hosted\",\"anonymousread\":false}");
        assertEquals(400, misspeltRepo.statusCode(), misspeltRepo.body());
        assertTrue(json(misspeltRepo).getString("error").contains("'anonymousread'"), misspeltRepo.body());
        assertEquals(404, send("GET", API + "repositories/" + repo, ADMIN, null).statusCode(), "nothing was created");
        HttpResponse<String> misspeltUpdate = send("PUT", API + "repositories/npm-hosted", ADMIN, "{\"maxUploadByte\":1}");
        assertEquals(400, misspeltUpdate.statusCode(), misspeltUpdate.body());
        assertTrue(json(misspeltUpdate).getString("error").contains("'maxUploadByte'"), misspeltUpdate.body());
    }

    @Test
    void aFailedLoginWithAnOverLongUserNameIsAuditedWithTheNameCutTo64Characters() throws Exception {
        String name = unique("long") + "-" + "y".repeat(200);
        assertEquals(401, send("GET", API + "whoami", basic(name, "whatever-password"), null).statusCode());
        String q = "audit?size=10&action=login&outcome=failure&actor="
                + URLEncoder.encode(name.substring(0, 64), StandardCharsets.UTF_8);
        assertEquals(1, json(send("GET", API + q, ADMIN, null)).getJsonArray("events").size());
    }

    private static java.util.List<String> auditDetails(String actor, String action) throws Exception {
        String q = "audit?size=500&action=" + action + "&actor=" + URLEncoder.encode(actor, StandardCharsets.UTF_8);
        return json(send("GET", API + q, ADMIN, null)).getJsonArray("events").stream().map(JsonValue::asJsonObject)
                .map(e -> e.isNull("detail") ? "" : e.getString("detail")).toList();
    }

    // ------------------------------------------- issue 8 item 2: groups apply each member's read access

    @Test
    void aGroupServesAPrivateMembersPackagesOnlyToCallersThatMemberServesAndMarksThemPrivate() throws Exception {
        String secret = unique("priv");
        String open = unique("pub");
        String group = unique("grp");
        createRepository("{\"name\":\"" + secret + "\",\"format\":\"npm\",\"type\":\"hosted\",\"anonymousRead\":false}");
        createRepository("{\"name\":\"" + open + "\",\"format\":\"npm\",\"type\":\"hosted\"}");
        createRepository("{\"name\":\"" + group + "\",\"format\":\"npm\",\"type\":\"group\",\"members\":[\""
                + secret + "\",\"" + open + "\"]}");
        String reader = basic(createUser("reader"), PASSWORD);
        String token = "Bearer " + createToken(createUser("publisher"), false);
        String hidden = unique("hidden");
        String shared = unique("shared");
        byte[] hiddenTgz = org.granary.testing.NpmTarball.build(new org.granary.testing.NpmPackageId(hidden, "1.0.0"),
                java.util.Map.of(), 100, "private").bytes();
        byte[] sharedTgz = org.granary.testing.NpmTarball.build(new org.granary.testing.NpmPackageId(shared, "1.0.0"),
                java.util.Map.of(), 100, "public").bytes();
        assertEquals(201, put(GranaryServer.repositoryUrl(secret) + hidden, token, org.granary.testing.NpmTarball
                .publishDocument(hidden, "1.0.0", hiddenTgz, org.granary.testing.NpmTarball.integrityOf(hiddenTgz))).statusCode());
        assertEquals(201, put(GranaryServer.repositoryUrl(open) + shared, token, org.granary.testing.NpmTarball
                .publishDocument(shared, "1.0.0", sharedTgz, org.granary.testing.NpmTarball.integrityOf(sharedTgz))).statusCode());
        String groupUrl = GranaryServer.repositoryUrl(group);

        // Anonymous: the private member is not asked at all, through the group or directly
        assertEquals(401, GranaryServer.get(GranaryServer.repositoryUrl(secret) + hidden).statusCode());
        assertEquals(404, GranaryServer.get(groupUrl + hidden).statusCode(), "the packument of a private member");
        assertEquals(404, GranaryServer.get(groupUrl + hidden + "/-/" + hidden + "-1.0.0.tgz").statusCode(),
                "the tarball of a private member");
        HttpResponse<byte[]> publicPackument = GranaryServer.get(groupUrl + shared);
        assertEquals(200, publicPackument.statusCode());
        assertTrue(publicPackument.headers().firstValue("Cache-Control").orElse("").contains("public"));

        // Authenticated: both members, and nothing a shared cache may keep
        HttpResponse<String> privatePackument = send("GET", groupUrl + hidden, reader, null);
        assertEquals(200, privatePackument.statusCode(), privatePackument.body());
        assertTrue(privatePackument.headers().firstValue("Cache-Control").orElse("").contains("private"),
                privatePackument.headers().map().toString());
        HttpResponse<String> privateTarball = send("GET", groupUrl + hidden + "/-/" + hidden + "-1.0.0.tgz", reader, null);
        assertEquals(200, privateTarball.statusCode());
        assertFalse(privateTarball.headers().firstValue("Cache-Control").orElse("").contains("public"),
                privateTarball.headers().map().toString());
    }

    // ------------------------------------------- issue 8 item 11: disk

    @Test
    void healthReportsTheFreeDiskSpaceAndTheReserve() throws Exception {
        HttpResponse<byte[]> health = GranaryServer.get(GranaryServer.baseUrl() + "/health");

        assertEquals(200, health.statusCode(), new String(health.body(), StandardCharsets.UTF_8));
        JsonObject disk = json(health).getJsonObject("checks").getJsonObject("disk");
        assertEquals("UP", disk.getString("status"));
        assertEquals(1L << 30, disk.getJsonNumber("reserveBytes").longValue(), "GRANARY_MIN_FREE_BYTES' default");
        assertTrue(disk.getJsonNumber("freeBytes").longValue() > 1L << 30, disk.toString());
    }

    @Test
    void deletingARepositoryDeletesItsStoredFilesAndTheAuditLogSaysSo() throws Exception {
        try (FakeNpmRegistry upstream = new FakeNpmRegistry()) {
            upstream.start();
            upstream.addPackage("doomed-pkg", "1.0.0");
            String name = unique("npm-doomed");
            createRepository("{\"name\":\"" + name + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                    + upstream.baseUrl() + "/\"}");
            String url = GranaryServer.repositoryUrl(name);
            ok(GranaryServer.get(url + "doomed-pkg"));
            ok(GranaryServer.get(url + "doomed-pkg/-/doomed-pkg-1.0.0.tgz"));
            Path artifacts = GranaryServer.dataDir().resolve("blobs/artifacts").resolve(name);
            Path metadata = GranaryServer.dataDir().resolve("blobs/metadata").resolve(name);
            assertTrue(Files.isDirectory(artifacts) && Files.isDirectory(metadata), "cached under " + artifacts);

            assertEquals(204, send("DELETE", API + "repositories/" + name, ADMIN, null).statusCode());

            assertFalse(Files.exists(artifacts), "no cached tarball stays on disk");
            assertFalse(Files.exists(metadata), "no cached packument stays on disk");
            JsonObject deleted = audit("admin", "repository.delete", "success").stream()
                    .filter(e -> name.equals(e.getString("target", null))).findFirst().orElseThrow();
            assertTrue(deleted.getString("detail").contains("2 stored files"), deleted.toString());

            // The name is free again, and a new repository of that name starts empty.
            createRepository("{\"name\":\"" + name + "\",\"format\":\"npm\",\"type\":\"hosted\"}");
            assertEquals(404, GranaryServer.get(url + "doomed-pkg").statusCode());
        }
    }

    /**
     * The disk below the reserve in the running server: the reserve is raised above the disk's free space while
     * Granary runs (as an operator does with a system property), and an npm publish and a cache miss are refused with
     * 507 naming the free space and the setting, {@code /health} is DOWN, cached tarballs still download, and nothing
     * half-written stays; with the reserve back, both work.
     */
    @Test
    void belowTheDiskReserveAPublishAndACacheMissGet507HealthIsDownAndCachedTarballsStillDownload() throws Exception {
        try (FakeNpmRegistry upstream = new FakeNpmRegistry()) {
            upstream.start();
            upstream.addPackage("kept-pkg", "1.0.0");
            upstream.addPackage("missed-pkg", "1.0.0");
            String proxy = npmProxyOf(upstream, "npm-full");
            String hosted = unique("npm-full-hosted");
            createRepository("{\"name\":\"" + hosted + "\",\"format\":\"npm\",\"type\":\"hosted\"}");
            String kept = GranaryServer.repositoryUrl(proxy) + "kept-pkg/-/kept-pkg-1.0.0.tgz";
            String missed = GranaryServer.repositoryUrl(proxy) + "missed-pkg/-/missed-pkg-1.0.0.tgz";
            byte[] keptBytes = ok(GranaryServer.get(kept)).body();
            String token = "Bearer " + createToken(createUser("publisher"), false);
            String pkg = unique("full-disk-pkg");
            byte[] tgz = org.granary.testing.NpmTarball.build(new org.granary.testing.NpmPackageId(pkg, "1.0.0"),
                    Map.of(), 1_000, "").bytes();
            String publish = org.granary.testing.NpmTarball.publishDocument(pkg, "1.0.0", tgz,
                    org.granary.testing.NpmTarball.integrityOf(tgz));
            long free = json(GranaryServer.get(GranaryServer.baseUrl() + "/health")).getJsonObject("checks")
                    .getJsonObject("disk").getJsonNumber("freeBytes").longValue();
            long reserve = free + (64L << 30); // above the free space, whatever else the machine writes meanwhile

            HttpResponse<String> refusedPublish;
            HttpResponse<String> refusedMiss;
            HttpResponse<byte[]> health;
            HttpResponse<byte[]> cached;
            try {
                ok(fault("PUT", "min-free-bytes", String.valueOf(reserve)));
                refusedPublish = put(GranaryServer.repositoryUrl(hosted) + pkg, token, publish);
                refusedMiss = send("GET", missed, null, null);
                health = GranaryServer.get(GranaryServer.baseUrl() + "/health");
                cached = GranaryServer.get(kept);
            } finally {
                ok(fault("DELETE", "min-free-bytes", null));
            }

            assertEquals(507, refusedPublish.statusCode(), refusedPublish.body());
            assertTrue(error(refusedPublish).contains(" free in the data directory "), refusedPublish.body());
            assertTrue(error(refusedPublish).contains("GRANARY_MIN_FREE_BYTES"), refusedPublish.body());
            assertEquals(507, refusedMiss.statusCode(), refusedMiss.body());
            assertTrue(error(refusedMiss).contains(" free in the data directory "), refusedMiss.body());
            assertTrue(error(refusedMiss).contains("GRANARY_MIN_FREE_BYTES"), refusedMiss.body());
            assertEquals(503, health.statusCode(), text(health));
            JsonObject disk = json(health).getJsonObject("checks").getJsonObject("disk");
            assertEquals("DOWN", json(health).getString("status"), text(health));
            assertEquals("DOWN", disk.getString("status"), disk.toString());
            assertEquals(reserve, disk.getJsonNumber("reserveBytes").longValue(), disk.toString());
            assertTrue(disk.getJsonNumber("freeBytes").longValue() > 0, disk.toString());
            assertEquals(200, cached.statusCode(), "reads go on");
            assertTrue(java.util.Arrays.equals(keptBytes, cached.body()));

            // Nothing half-written: no version row, no blob, no spool file.
            assertEquals(404, GranaryServer.get(GranaryServer.repositoryUrl(hosted) + pkg).statusCode());
            assertFalse(Files.exists(GranaryServer.dataDir().resolve("blobs/artifacts").resolve(hosted)), "no blob");
            assertFalse(Files.exists(GranaryServer.dataDir().resolve("blobs/artifacts").resolve(proxy).resolve("missed-pkg")),
                    "no cached blob of the refused miss");
            try (var spooled = Files.list(GranaryServer.dataDir().resolve("spool"))) {
                assertEquals(List.of(), spooled.toList(), "no spool file left");
            }

            // With the reserve back at its default, both go through.
            assertEquals(200, GranaryServer.get(GranaryServer.baseUrl() + "/health").statusCode());
            HttpResponse<String> published = put(GranaryServer.repositoryUrl(hosted) + pkg, token, publish);
            assertEquals(201, published.statusCode(), published.body());
            assertTrue(java.util.Arrays.equals(upstreamTarball(upstream, "missed-pkg"), ok(GranaryServer.get(missed)).body()));
        }
    }

    // ------------------------------------------- issue 8 item 4: the embedded database recovers without a restart

    /**
     * H2 closing the embedded database inside the running WildFly (what it does after running out of memory or disk):
     * a transaction the close cuts short is not committed, and {@code /health}, cached downloads and writes work
     * again without a restart.
     */
    @Test
    void afterTheEmbeddedDatabaseClosesInsideTheServerHealthAndCachedDownloadsComeBackWithoutARestart() throws Exception {
        try (FakeNpmRegistry upstream = new FakeNpmRegistry()) {
            upstream.start();
            upstream.addPackage("survivor-pkg", "1.0.0");
            String name = npmProxyOf(upstream, "npm-db");
            String tarball = GranaryServer.repositoryUrl(name) + "survivor-pkg/-/survivor-pkg-1.0.0.tgz";
            byte[] cached = ok(GranaryServer.get(tarball)).body();
            String lost = unique("lost");

            HttpResponse<String> cut = ok(fault("POST", "database-closes-during-transaction?user=" + lost, null));

            assertTrue(cut.body().startsWith("not committed"), "the commit after the close: " + cut.body());
            assertDatabaseServes(tarball, cached, upstream);
            assertFalse(send("GET", API + "users", ADMIN, null).body().contains(lost), "the lost insert is not there");

            // Closed again between transactions: what the pool's idle connections meet.
            ok(fault("POST", "database-closes", null));

            assertDatabaseServes(tarball, cached, upstream);
            String reader = createUser("reader");
            assertEquals(200, send("GET", API + "whoami", basic(reader, PASSWORD), null).statusCode(), "writes work too");
        }
    }

    private static void assertDatabaseServes(String tarball, byte[] cached, FakeNpmRegistry upstream) throws Exception {
        HttpResponse<byte[]> health = GranaryServer.get(GranaryServer.baseUrl() + "/health");
        assertEquals(200, health.statusCode(), text(health));
        assertEquals("UP", json(health).getJsonObject("checks").getJsonObject("database").getString("status"));
        int fetched = upstream.tarballRequests("survivor-pkg", "1.0.0");
        assertTrue(java.util.Arrays.equals(cached, ok(GranaryServer.get(tarball)).body()));
        assertEquals(fetched, upstream.tarballRequests("survivor-pkg", "1.0.0"), "served from the cache");
    }

    /** A new npm proxy repository named {@code prefix-<random>} over {@code upstream}; returns its name. */
    private static String npmProxyOf(FakeNpmRegistry upstream, String prefix) throws Exception {
        String name = unique(prefix);
        createRepository("{\"name\":\"" + name + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "/\"}");
        return name;
    }

    /** A fault caused inside the server ({@link ServerFaults}). */
    private static HttpResponse<String> fault(String method, String what, String body) throws Exception {
        return send(method, GranaryServer.baseUrl() + "/it-faults/" + what, null,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] upstreamTarball(FakeNpmRegistry upstream, String name) throws Exception {
        return ok(GranaryServer.get(upstream.tarballUrl(name, "1.0.0"))).body();
    }

    // ------------------------------------------- issue 8 item 10: Content-Length from the stored file

    @Test
    void aStoredArtifactIsServedWithTheLengthOfTheFileOnDiskNotTheLengthRecorded() throws Exception {
        try (FakeNpmRegistry upstream = new FakeNpmRegistry()) {
            upstream.start();
            upstream.addPackage("cut-pkg", "1.0.0", Map.of(), 20_000);
            String name = unique("npm-cut");
            createRepository("{\"name\":\"" + name + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                    + upstream.baseUrl() + "/\"}");
            String tarball = GranaryServer.repositoryUrl(name) + "cut-pkg/-/cut-pkg-1.0.0.tgz";
            byte[] full = ok(GranaryServer.get(tarball)).body();
            java.util.List<Path> stored = GranaryServer.storedBlobs("artifacts/" + name + "/cut-pkg/-/cut-pkg-1.0.0.tgz");
            assertEquals(1, stored.size(), "the fetch's blob (under a key of its own): " + stored);
            Path file = stored.get(0);
            // The disk lost the end of the file (a crash before it was synced, a bad restore).
            Files.write(file, java.util.Arrays.copyOf(full, 1_000));

            HttpResponse<byte[]> served = GranaryServer.get(tarball);

            assertEquals(200, served.statusCode());
            assertEquals("1000", served.headers().firstValue("Content-Length").orElseThrow(),
                    "the length of what is sent, so the client does not wait for bytes that never come");
            assertEquals(1_000, served.body().length);
            assertEquals("1000", GranaryServer.head(tarball).headers().firstValue("Content-Length").orElseThrow());
        }
    }

    // ------------------------------------------- issue 8 item 9: artifacts without a declared hash

    @Test
    void anArtifactWithoutADeclaredHashIsCachedAndAuditedAsUnverifiedOrRefusedWhenTheRepositorySaysSo() throws Exception {
        byte[] tgz = org.granary.testing.NpmTarball.build(new org.granary.testing.NpmPackageId("nohash", "1.0.0"),
                Map.of(), 100, "").bytes();
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.start();
            String packument = "{\"name\":\"nohash\",\"dist-tags\":{\"latest\":\"1.0.0\"},\"versions\":{\"1.0.0\":"
                    + "{\"name\":\"nohash\",\"version\":\"1.0.0\",\"dist\":{\"tarball\":\"" + upstream.baseUrl()
                    + "/nohash/-/nohash-1.0.0.tgz\"}}}}";
            upstream.on("/nohash", ex -> ex.respondJson(200, packument));
            upstream.on("/nohash/-/nohash-1.0.0.tgz", ex -> ex.respond(200, "application/octet-stream", tgz));
            String strict = unique("npm-strict");
            String lenient = unique("npm-lenient");
            createRepository("{\"name\":\"" + strict + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                    + upstream.baseUrl() + "/\",\"requireDeclaredHash\":true}");
            createRepository("{\"name\":\"" + lenient + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                    + upstream.baseUrl() + "/\"}");
            assertFalse(json(send("GET", API + "repositories/" + lenient, ADMIN, null)).getBoolean("requireDeclaredHash"),
                    "off by default");

            HttpResponse<String> refused = send("GET", GranaryServer.repositoryUrl(strict) + "nohash/-/nohash-1.0.0.tgz",
                    null, null);
            assertEquals(502, refused.statusCode(), refused.body());
            assertTrue(error(refused).contains("declares no hash for nohash@1.0.0"), refused.body());
            assertTrue(error(refused).contains("requireDeclaredHash"), refused.body());
            assertEquals(0, upstream.requestCount("/nohash/-/nohash-1.0.0.tgz"), "nothing was fetched");

            HttpResponse<byte[]> served = GranaryServer.get(GranaryServer.repositoryUrl(lenient) + "nohash/-/nohash-1.0.0.tgz");
            assertEquals(200, served.statusCode());
            assertTrue(java.util.Arrays.equals(tgz, served.body()));
            assertTrue(audit(null, "artifact.unverified", "success").stream()
                            .anyMatch(e -> (lenient + "/nohash/-/nohash-1.0.0.tgz").equals(e.getString("target", null))),
                    "the unverified artifact is marked in the audit log");
        }
    }

    @Test
    void requireDeclaredHashIsRefusedForGoWhoseUpstreamsDeclareNoHashes() throws Exception {
        HttpResponse<String> r = post(API + "repositories", ADMIN, "{\"name\":\"" + unique("go-strict")
                + "\",\"format\":\"go\",\"type\":\"proxy\",\"upstreamUrl\":\"http://127.0.0.1:9/\",\"requireDeclaredHash\":true}");

        assertEquals(400, r.statusCode(), r.body());
        assertTrue(error(r).contains("requireDeclaredHash"), r.body());
    }

    // ------------------------------------------- issue 8 item 4: a large packument under load

    /**
     * What took Granary down: a CI farm asking at once for a large packument (here 2,000 versions, over 9 MB), full
     * and abbreviated, with and without gzip. Every one of 50 concurrent requests gets the whole document, in the
     * server's default heap (the build runs the server with {@code -Xmx512m}).
     */
    @Test
    void fiftyConcurrentFullAndAbbreviatedRequestsForALargePackumentAllAnswer200() throws Exception {
        try (FakeNpmRegistry upstream = new FakeNpmRegistry()) {
            upstream.start();
            Map<String, String> dependencies = new java.util.TreeMap<>();
            for (int d = 0; d < 135; d++) {
                dependencies.put("dependency-number-" + d, "^" + d + ".0.0");
            }
            for (int v = 0; v < 2_000; v++) {
                upstream.addPackage("huge-pkg", "1." + v / 100 + "." + v % 100, dependencies);
            }
            int upstreamSize = ok(GranaryServer.get(upstream.baseUrl() + "/huge-pkg")).body().length;
            assertTrue(upstreamSize > 9_000_000, "the packument has " + upstreamSize + " bytes");
            String name = unique("npm-huge");
            createRepository("{\"name\":\"" + name + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                    + upstream.baseUrl() + "/\"}");
            String url = GranaryServer.repositoryUrl(name) + "huge-pkg";
            ok(GranaryServer.get(url)); // cached, as in the report

            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).build();
            java.util.List<java.util.concurrent.CompletableFuture<String>> answers = new java.util.ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                boolean abbreviated = i % 2 == 0;
                boolean gzip = i % 4 < 2;
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                        .header("Accept", abbreviated ? "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8"
                                : "application/json");
                if (gzip) {
                    b.header("Accept-Encoding", "gzip");
                }
                answers.add(client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream())
                        .thenApply(r -> describe(r, abbreviated)));
            }
            java.util.List<String> outcomes = new java.util.ArrayList<>();
            for (var answer : answers) {
                outcomes.add(answer.get(180, java.util.concurrent.TimeUnit.SECONDS));
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

            java.util.Map<String, Long> counted = outcomes.stream()
                    .collect(java.util.stream.Collectors.groupingBy(o -> o, java.util.TreeMap::new,
                            java.util.stream.Collectors.counting()));
            assertEquals(java.util.Map.of("200 abbreviated, 2000 versions", 25L, "200 full, 2000 versions", 25L), counted,
                    "after " + seconds + " s");
            assertEquals(200, GranaryServer.get(GranaryServer.baseUrl() + "/health").statusCode(), "still healthy");
        }
    }

    /** {@code 200 full, 2000 versions}: the status and what the body turned out to be. */
    private static String describe(HttpResponse<java.io.InputStream> r, boolean abbreviated) {
        try (java.io.InputStream raw = r.body()) {
            java.io.InputStream in = "gzip".equals(r.headers().firstValue("Content-Encoding").orElse(""))
                    ? new java.util.zip.GZIPInputStream(raw) : raw;
            if (r.statusCode() != 200) {
                return r.statusCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            JsonObject packument = Json.createReader(in).readObject();
            // the fake's versions have a "main", which the abbreviated form (npm's install-v1) leaves out
            boolean isAbbreviated = !packument.containsKey("time")
                    && !packument.getJsonObject("versions").getJsonObject("1.0.0").containsKey("main");
            return "200 " + (isAbbreviated ? "abbreviated" : "full") + ", "
                    + packument.getJsonObject("versions").size() + " versions"
                    + (isAbbreviated == abbreviated ? "" : " (the wrong variant)");
        } catch (java.io.IOException | RuntimeException e) {
            return r.statusCode() + " unreadable: " + e;
        }
    }
}
