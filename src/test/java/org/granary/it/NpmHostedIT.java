package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.testing.FakeNpmRegistry;
import org.granary.testing.NpmClient;
import org.granary.testing.NpmPackageId;
import org.granary.testing.NpmResult;
import org.granary.testing.NpmSession;
import org.granary.testing.NpmTarball;
import org.junit.jupiter.api.Test;

/**
 * Publishing to Granary's hosted npm repository as a user does it: the real npm logging in, publishing,
 * tagging, deprecating and managing tokens against the group {@code npm} (writes go to {@code npm-hosted}),
 * and installing hosted and proxied packages side by side from the group.
 */
class NpmHostedIT extends GranaryIT {

    private static final String NPM = GranaryServer.repositoryUrl("npm");
    private static final String HOSTED = GranaryServer.repositoryUrl("npm-hosted");

    private final FakeNpmRegistry upstream = fake(new FakeNpmRegistry(GranaryServer.upstreamPort("npm")));

    @org.jboss.arquillian.test.api.ArquillianResource
    org.jboss.as.arquillian.container.ManagementClient management;

    @Test
    void aPublisherLogsInPublishesTagsDeprecatesAndInstallsHostedAndProxiedPackagesFromTheGroup() throws Exception {
        String user = createUser("publisher");
        String pkg = unique("hosted-pkg");
        upstream.addPackage("proxied-dep-" + pkg, "1.0.0");

        try (NpmSession npm = NpmSession.against(NPM)) {
            NpmResult login = npm.interact(work, List.of(new NpmSession.Answer("Username:", user),
                    new NpmSession.Answer("Password:", PASSWORD)), "login");
            assertTrue(login.succeeded(), login.describe());
            assertTrue(login.output().contains("Logged in on " + NPM), login.describe());
            assertTrue(npm.token().orElse("").startsWith("gra_"), "npm login stored a Granary token");
            assertTrue(hasAudit(user, "login", "success"));

            NpmResult whoami = npm.run(work, "whoami");
            assertTrue(whoami.succeeded(), whoami.describe());
            assertEquals(user, whoami.stdout().trim());

            Path v1 = packageDir(pkg, "1.0.0");
            NpmResult published = npm.run(v1, "publish");
            assertTrue(published.succeeded(), published.describe());
            assertTrue(published.stdout().contains("+ " + pkg + "@1.0.0"), published.describe());
            NpmResult v2 = npm.run(packageDir(pkg, "2.0.0"), "publish");
            assertTrue(v2.succeeded(), v2.describe());
            NpmResult scoped = npm.run(packageDir("@hosted/widget", "1.0.0"), "publish");
            assertTrue(scoped.succeeded(), scoped.describe());
            assertTrue(hasAudit(user, "publish", "success"));

            NpmResult tag = npm.run(work, "dist-tag", "add", pkg + "@1.0.0", "beta");
            assertTrue(tag.succeeded(), tag.describe());
            NpmResult tags = npm.run(work, "dist-tag", "ls", pkg);
            assertTrue(tags.succeeded(), tags.describe());
            assertEquals(List.of("beta: 1.0.0", "latest: 2.0.0"), tags.stdout().trim().lines().toList());
            NpmResult untag = npm.run(work, "dist-tag", "rm", pkg, "beta");
            assertTrue(untag.succeeded(), untag.describe());
            assertEquals(List.of("latest: 2.0.0"), npm.run(work, "dist-tag", "ls", pkg).stdout().trim().lines().toList());

            NpmResult deprecate = npm.run(work, "deprecate", pkg + "@1.0.0", "use 2");
            assertTrue(deprecate.succeeded(), deprecate.describe());
            NpmResult view = npm.run(work, "view", pkg + "@1.0.0", "deprecated");
            assertTrue(view.succeeded(), view.describe());
            assertEquals("use 2", view.stdout().trim());
            assertEquals("", npm.run(work, "view", pkg + "@2.0.0", "deprecated").stdout().trim());
            assertTrue(hasAudit(user, "deprecate", "success"));

            NpmResult again = npm.run(v1, "publish", "--tag", "again");
            assertFalse(again.succeeded(), again.describe());
            assertTrue(again.output().contains("You cannot publish over the previously published versions: 1.0.0."),
                    again.describe());
            NpmResult forced = npm.run(v1, "publish", "--tag", "again", "--force");
            assertFalse(forced.succeeded(), forced.describe());
            assertTrue(forced.output().contains("403"), forced.describe());
            assertTrue(forced.output().contains("You cannot publish over the previously published versions: 1.0.0."),
                    forced.describe());

            String loggedIn = npm.token().orElseThrow();
            NpmResult logout = npm.run(work, "logout");
            assertTrue(logout.succeeded(), logout.describe());
            assertTrue(npm.token().isEmpty(), "npm logout removed the token from the user's configuration");
            assertEquals(401, GranaryServer.get(NPM + "-/whoami", "Authorization", "Bearer " + loggedIn).statusCode(),
                    "npm logout revoked the token on the server");
            assertTrue(hasAudit(user, "logout", "success"));
        }

        Path project = Files.createDirectories(work.resolve("consumer"));
        NpmResult install = NpmClient.locate().install(project, NPM, Map.of(pkg, "^2.0.0", "@hosted/widget", "1.0.0",
                "proxied-dep-" + pkg, "1.0.0"));
        assertTrue(install.succeeded(), install.describe());
        assertEquals(Set.of(new NpmPackageId(pkg, "2.0.0"), new NpmPackageId("@hosted/widget", "1.0.0"),
                new NpmPackageId("proxied-dep-" + pkg, "1.0.0")), NpmClient.installedPackages(project));
        assertTrue(Files.readString(project.resolve("node_modules/@hosted/widget/index.js")).contains("@hosted/widget@1.0.0"));
    }

    @Test
    void npmListsCreatesAndRevokesTokensAndARevokedTokenIsRefusedAtOnce() throws Exception {
        String user = createUser("publisher");

        HttpResponse<String> wrong = put(NPM + "-/user/org.couchdb.user:" + user, null,
                "{\"name\":\"" + user + "\",\"password\":\"not-the-password\"}");
        assertEquals(401, wrong.statusCode());
        assertTrue(json(wrong).getString("error").contains("wrong user name or password"));
        assertTrue(hasAudit(user, "login", "failure"));
        HttpResponse<String> right = put(NPM + "-/user/org.couchdb.user:" + user, null,
                "{\"name\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(201, right.statusCode());
        assertEquals("org.couchdb.user:" + user, json(right).getString("id"));
        String loginToken = json(right).getString("token");

        try (NpmSession npm = NpmSession.against(NPM); NpmSession other = NpmSession.against(NPM)) {
            npm.setToken(loginToken);
            NpmResult list = npm.run(work, "token", "list");
            assertTrue(list.succeeded(), list.describe());
            assertTrue(list.stdout().contains(loginToken.substring(0, 10)), list.describe());
            assertTrue(list.stdout().contains("npm login"), list.describe());

            NpmResult refused = npm.run(work, "token", "create", "--password", "not-the-password");
            assertFalse(refused.succeeded(), refused.describe());
            assertTrue(refused.output().contains("401"), refused.describe());

            NpmResult created = npm.run(work, "token", "create", "--password", PASSWORD);
            assertTrue(created.succeeded(), created.describe());
            Matcher m = Pattern.compile("Created token (gra_\\w+)").matcher(created.stdout());
            assertTrue(m.find(), created.describe());
            String token = m.group(1);

            other.setToken(token);
            assertEquals(user, other.run(work, "whoami").stdout().trim());

            try (NpmSession legacy = NpmSession.against(NPM)) {
                NpmResult login = legacy.interact(work, List.of(new NpmSession.Answer("Username:", user),
                        new NpmSession.Answer("Password:", PASSWORD)), "login", "--auth-type=legacy");
                assertTrue(login.succeeded(), login.describe());
                assertEquals(user, legacy.run(work, "whoami").stdout().trim());
            }

            NpmResult json = npm.run(work, "token", "list", "--json");
            assertTrue(json.succeeded(), json.describe());
            JsonArray tokens = Json.createReader(new java.io.StringReader(json.stdout())).readArray();
            String id = tokens.stream().map(JsonValue::asJsonObject)
                    .filter(t -> t.getString("token").equals(token.substring(0, 10)))
                    .map(t -> t.getString("id")).findFirst().orElseThrow(() -> new AssertionError(json.describe()));

            NpmResult revoked = npm.run(work, "token", "revoke", id);
            assertTrue(revoked.succeeded(), revoked.describe());
            assertTrue(revoked.stdout().contains("Removed 1 token"), revoked.describe());
            assertTrue(hasAudit(user, "token.revoke", "success"));

            NpmResult whoami = other.run(work, "whoami");
            assertFalse(whoami.succeeded(), whoami.describe());
            assertTrue(whoami.output().contains("401"), whoami.describe());
            assertEquals(401, GranaryServer.get(NPM + "-/whoami", "Authorization", "Bearer " + token).statusCode());
            assertFalse(npm.run(work, "token", "list").stdout().contains(token.substring(0, 10)));
            assertEquals(user, npm.run(work, "whoami").stdout().trim(), "the other token still works");
        }
        assertEquals(401, GranaryServer.get(NPM + "-/whoami").statusCode());
        assertEquals(404, post(NPM + "-/v1/login", null, "{}").statusCode(), "web login falls back to couch login");
    }

    @Test
    void publishingNeedsAPublisherAndAWritableToken() throws Exception {
        String pkg = unique("guarded");
        Path dir = packageDir(pkg, "1.0.0");

        try (NpmSession npm = NpmSession.against(NPM)) {
            NpmResult anonymous = npm.run(dir, "publish");
            assertFalse(anonymous.succeeded(), anonymous.describe());
            assertTrue(anonymous.output().contains("ENEEDAUTH"), anonymous.describe());
        }
        HttpResponse<String> direct = put(NPM + pkg, null, publishBody(pkg, "1.0.0",
                NpmTarball.build(new NpmPackageId(pkg, "1.0.0"), Map.of(), 0, "x").bytes(), null));
        assertEquals(401, direct.statusCode());
        assertTrue(direct.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertFalse(json(direct).getString("error").isBlank());

        String publisher = createUser("publisher");
        HttpResponse<String> toProxy = put(GranaryServer.repositoryUrl("npm-proxy") + pkg,
                "Bearer " + createToken(publisher, false), "{}");
        assertEquals(400, toProxy.statusCode());
        assertTrue(json(toProxy).getString("error").contains("is a proxy"), json(toProxy).toString());

        String readOnly = createToken(publisher, true);
        try (NpmSession npm = NpmSession.against(NPM)) {
            npm.setToken(readOnly);
            NpmResult refused = npm.run(dir, "publish");
            assertFalse(refused.succeeded(), refused.describe());
            assertTrue(refused.output().contains("403"), refused.describe());
            assertTrue(refused.output().contains("read-only"), refused.describe());
        }
        String reader = createUser("reader");
        try (NpmSession npm = NpmSession.against(NPM)) {
            npm.setToken(createToken(reader, false));
            NpmResult refused = npm.run(dir, "publish");
            assertFalse(refused.succeeded(), refused.describe());
            assertTrue(refused.output().contains("403"), refused.describe());
            assertEquals(403, put(NPM + "-/package/" + pkg + "/dist-tags/beta", "Bearer " + createToken(reader, false),
                    "\"1.0.0\"").statusCode());
        }
        assertEquals(404, GranaryServer.get(HOSTED + pkg).statusCode(), "nothing was published");
        assertTrue(hasAudit(reader, "publish", "failure"));
    }

    @Test
    void aTarballThatDoesNotMatchItsDeclaredIntegrityIsRefusedAndNothingIsStored() throws Exception {
        String pkg = unique("mismatch");
        String token = "Bearer " + createToken(createUser("publisher"), false);
        byte[] tarball = NpmTarball.build(new NpmPackageId(pkg, "1.0.0"), Map.of(), 10_000, "real").bytes();
        byte[] other = NpmTarball.build(new NpmPackageId(pkg, "1.0.0"), Map.of(), 10_000, "other").bytes();

        HttpResponse<String> r = put(NPM + pkg, token, publishBody(pkg, "1.0.0", tarball, NpmTarball.integrityOf(other)));

        assertEquals(400, r.statusCode());
        assertTrue(json(r).getString("error").contains("checksum mismatch"), json(r).toString());
        assertEquals(404, GranaryServer.get(HOSTED + pkg).statusCode());
        assertEquals(404, GranaryServer.get(HOSTED + pkg + "/-/" + pkg + "-1.0.0.tgz").statusCode());
        assertFalse(Files.exists(GranaryServer.dataDir().resolve("blobs/artifacts/npm-hosted/" + pkg)));

        HttpResponse<String> ok = put(NPM + pkg, token, publishBody(pkg, "1.0.0", tarball, NpmTarball.integrityOf(tarball)));
        assertEquals(201, ok.statusCode(), ok.body());
        HttpResponse<byte[]> served = GranaryServer.get(NPM + pkg + "/-/" + pkg + "-1.0.0.tgz");
        assertArrayEquals(tarball, served.body());

        updateRepository("npm-hosted", "{\"maxUploadBytes\": 5000}");
        try {
            HttpResponse<String> tooBig = put(NPM + pkg, token, publishBody(pkg, "2.0.0",
                    NpmTarball.build(new NpmPackageId(pkg, "2.0.0"), Map.of(), 10_000, "big").bytes(), null));
            assertEquals(413, tooBig.statusCode());
            assertFalse(json(GranaryServer.get(HOSTED + pkg)).getJsonObject("versions").containsKey("2.0.0"));
        } finally {
            put(API + "repositories/npm-hosted", ADMIN, "{\"maxUploadBytes\": 1073741824}");
        }
    }

    @Test
    void theGroupMergesAPackageFoundInBothHostedAndProxyWithHostedFirstAndWinning() throws Exception {
        String pkg = unique("dual");
        upstream.addPackage(pkg, "1.0.0");
        upstream.addPackage(pkg, "2.0.0");
        upstream.addPackage(pkg, "3.0.0");
        String user = createUser("publisher");

        try (NpmSession npm = NpmSession.against(HOSTED)) {
            npm.setToken(createToken(user, false));
            for (String version : List.of("1.0.0", "1.5.0")) {
                NpmResult published = npm.run(packageDir(pkg, version), "publish");
                assertTrue(published.succeeded(), published.describe());
            }
        }

        JsonObject group = json(GranaryServer.get(NPM + pkg));
        assertEquals(List.of("1.0.0", "1.5.0", "2.0.0", "3.0.0"), List.copyOf(group.getJsonObject("versions").keySet()));
        assertEquals("1.5.0", group.getJsonObject("dist-tags").getString("latest"));
        String hostedIntegrity = group.getJsonObject("versions").getJsonObject("1.0.0").getJsonObject("dist").getString("integrity");
        assertNotEquals(upstream.integrity(pkg, "1.0.0"), hostedIntegrity, "1.0.0 is the hosted one");
        assertEquals(NPM + pkg + "/-/" + pkg + "-1.0.0.tgz",
                group.getJsonObject("versions").getJsonObject("1.0.0").getJsonObject("dist").getString("tarball"));
        assertTrue(group.getJsonObject("time").containsKey("1.5.0"));
        assertTrue(group.getJsonObject("time").containsKey("2.0.0"));

        assertEquals(hostedIntegrity, NpmTarball.integrityOf(GranaryServer.get(NPM + pkg + "/-/" + pkg + "-1.0.0.tgz").body()));
        assertEquals(upstream.integrity(pkg, "2.0.0"),
                NpmTarball.integrityOf(GranaryServer.get(NPM + pkg + "/-/" + pkg + "-2.0.0.tgz").body()));

        HttpResponse<byte[]> abbreviated = GranaryServer.get(NPM + pkg, "Accept", "application/vnd.npm.install-v1+json");
        assertEquals(200, abbreviated.statusCode());
        JsonObject corgi = json(abbreviated);
        assertEquals(group.getJsonObject("versions").keySet(), corgi.getJsonObject("versions").keySet());
        assertEquals("1.5.0", corgi.getJsonObject("dist-tags").getString("latest"));
        assertEquals(Set.of("1.0.0", "1.5.0"),
                json(GranaryServer.get(NPM + pkg + "?write=true")).getJsonObject("versions").keySet(),
                "a document read for writing is the hosted one");

        Path project = Files.createDirectories(work.resolve("dual-consumer"));
        NpmResult install = NpmClient.locate().install(project, NPM, Map.of(pkg, "1.0.0"));
        assertTrue(install.succeeded(), install.describe());
        assertTrue(Files.readString(project.resolve("node_modules/" + pkg + "/index.js")).contains("hosted " + pkg + "@1.0.0"),
                "the hosted 1.0.0 was installed");
        Path latest = Files.createDirectories(work.resolve("dual-latest"));
        NpmResult proxied = NpmClient.locate().install(latest, NPM, Map.of(pkg, "^2.0.0"));
        assertTrue(proxied.succeeded(), proxied.describe());
        assertEquals(Set.of(new NpmPackageId(pkg, "2.0.0")), NpmClient.installedPackages(latest));
        assertFalse(Files.readString(latest.resolve("node_modules/" + pkg + "/index.js")).contains("hosted"),
                "2.0.0 came from the proxy");
    }

    @Test
    void npmSearchFindsHostedAndCachedPackagesByNameKeywordAndDescriptionAtAVersionTheGuardsLetThrough() throws Exception {
        String word = unique("srch");
        String widget = word + "-widget";
        String proxied = word + "-proxied";
        upstream.addPackageReleasedAt(proxied, "1.0.0", java.time.Instant.now().minus(java.time.Duration.ofDays(30)));
        upstream.addPackageReleasedAt(proxied, "1.1.0", java.time.Instant.now().minus(java.time.Duration.ofHours(1)));
        upstream.addPackage(word + "-never-fetched", "1.0.0");
        String user = createUser("publisher");
        try (NpmSession npm = NpmSession.against(HOSTED)) {
            npm.setToken(createToken(user, false));
            Path dir = packageDir(widget, "1.0.0");
            Files.writeString(dir.resolve("package.json"), Json.createObjectBuilder().add("name", widget)
                    .add("version", "1.0.0").add("description", "Turns " + word + " into gadgets")
                    .add("keywords", Json.createArrayBuilder().add("gadget-" + word)).add("license", "MIT").build().toString());
            NpmResult published = npm.run(dir, "publish");
            assertTrue(published.succeeded(), published.describe());
        }
        ok(GranaryServer.get(NPM + proxied)); // the proxy caches what a client asked for, and only that

        try (NpmSession npm = NpmSession.against(NPM)) {
            NpmResult json = npm.run(work, "search", "--json", word);
            assertTrue(json.succeeded(), json.describe());
            JsonArray found = Json.createReader(new java.io.StringReader(json.stdout())).readArray();
            assertEquals(Set.of(widget, proxied), found.stream().map(v -> v.asJsonObject().getString("name"))
                    .collect(java.util.stream.Collectors.toSet()), json.stdout());
            JsonObject hosted = found.stream().map(JsonValue::asJsonObject).filter(o -> o.getString("name").equals(widget))
                    .findFirst().orElseThrow();
            assertEquals("1.0.0", hosted.getString("version"));
            assertEquals("Turns " + word + " into gadgets", hosted.getString("description"));
            assertEquals(List.of("gadget-" + word), hosted.getJsonArray("keywords").getValuesAs(JsonString::getString));

            NpmResult text = npm.run(work, "search", "gadgets", word);
            assertTrue(text.succeeded(), text.describe());
            assertTrue(text.stdout().contains(widget), text.describe());
            assertTrue(text.stdout().contains("by " + user), "the publisher is shown: " + text.describe());
            assertFalse(text.stdout().contains(proxied), "both words must match: " + text.describe());

            NpmResult keyword = npm.run(work, "search", "--json", "keywords:gadget-" + word);
            assertTrue(keyword.succeeded(), keyword.describe());
            assertTrue(keyword.stdout().contains(widget) && !keyword.stdout().contains(proxied), keyword.describe());
        }

        JsonObject page = json(ok(GranaryServer.get(NPM + "-/v1/search?text=" + word + "&size=1")));
        assertEquals(2, page.getInt("total"));
        assertEquals(1, page.getJsonArray("objects").size());
        JsonObject first = page.getJsonArray("objects").getJsonObject(0);
        assertTrue(first.getJsonObject("score").containsKey("final") && first.containsKey("searchScore"), first.toString());
        assertEquals("1.1.0", version(GranaryServer.get(NPM + "-/v1/search?text=" + proxied), proxied));

        String cool = unique("npm-cool");
        createRepository("{\"name\":\"" + cool + "\",\"format\":\"npm\",\"type\":\"group\",\"members\":[\"npm-proxy\"],"
                + "\"minimumReleaseAge\":\"P3D\"}");
        assertEquals("1.0.0", version(GranaryServer.get(GranaryServer.repositoryUrl(cool) + "-/v1/search?text=" + proxied),
                proxied), "a version younger than the group's cooldown is not the version shown");

        HttpResponse<byte[]> noText = GranaryServer.get(NPM + "-/v1/search?text=");
        assertEquals(400, noText.statusCode());
        assertEquals("a search needs text: /-/v1/search?text=<words>", error(noText));
        HttpResponse<byte[]> badSize = GranaryServer.get(NPM + "-/v1/search?text=x&size=lots");
        assertEquals(400, badSize.statusCode());
        assertTrue(error(badSize).contains("'size' must be a whole number from 1 to 250"), text(badSize));
    }

    @Test
    void npmAuditAsksTheProxysUpstreamWithoutHostedNamesOrCredentialsAndFailsLoudlyWhenItCannotAnswer() throws Exception {
        String internal = unique("internal-audited");
        String vulnerable = unique("vuln");
        String safe = unique("safe");
        upstream.addPackage(vulnerable, "1.0.0");
        upstream.addPackage(safe, "1.0.0");
        String advisory = Json.createObjectBuilder().add(vulnerable, Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("id", 1099999).add("url", "https://advisories.example.invalid/GHSA-test-0001")
                .add("title", "Prototype pollution in " + vulnerable).add("severity", "high")
                .add("vulnerable_versions", "<2.0.0").add("cwe", Json.createArrayBuilder().add("CWE-1321"))
                .add("cvss", Json.createObjectBuilder().add("score", 7.5).add("vectorString", JsonValue.NULL)))).build().toString();
        java.util.concurrent.atomic.AtomicReference<String> received = new java.util.concurrent.atomic.AtomicReference<>();
        upstream.on("/-/npm/v1/security/advisories/bulk", ex -> {
            received.set(new String(ex.http().getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.respondJson(200, advisory);
        });
        String user = createUser("publisher");
        String token = createToken(user, false);
        try (NpmSession npm = NpmSession.against(HOSTED)) {
            npm.setToken(token);
            NpmResult published = npm.run(packageDir(internal, "1.0.0"), "publish");
            assertTrue(published.succeeded(), published.describe());
        }
        Path project = Files.createDirectories(work.resolve("audited"));
        NpmResult install = NpmClient.locate().install(project, NPM, Map.of(internal, "1.0.0", vulnerable, "1.0.0",
                safe, "1.0.0"));
        assertTrue(install.succeeded(), install.describe());

        try (NpmSession npm = NpmSession.against(NPM)) {
            npm.setToken(token);
            NpmResult audit = npm.run(project, "audit", "--json");
            assertTrue(audit.stdout().contains("Prototype pollution in " + vulnerable), audit.describe());
            JsonObject report = Json.createReader(new java.io.StringReader(audit.stdout())).readObject();
            assertEquals(1, report.getJsonObject("metadata").getJsonObject("vulnerabilities").getInt("high"), audit.stdout());
            assertTrue(report.getJsonObject("vulnerabilities").containsKey(vulnerable), audit.stdout());

            JsonObject asked = Json.createReader(new java.io.StringReader(received.get())).readObject();
            assertEquals(Set.of(vulnerable, safe), asked.keySet(), "the hosted package's name never left: " + received.get());
            Map<String, List<String>> headers = upstream.lastRequestHeaders("/-/npm/v1/security/advisories/bulk");
            assertFalse(headers.containsKey("Authorization"), "no credentials went upstream: " + headers);
            assertFalse(headers.containsKey("Cookie"), headers.toString());
            assertFalse(received.get().contains(user), received.get());

            upstream.failWith("/-/npm/v1/security/advisories/bulk", 503);
            NpmResult failing = npm.run(project, "audit");
            assertFalse(failing.succeeded(), failing.describe());
            assertTrue(failing.output().contains("audit endpoint returned an error"), failing.describe());
            assertFalse(failing.output().contains("found 0 vulnerabilities"), failing.describe());
        }
        HttpResponse<String> direct = send("POST", NPM + "-/npm/v1/security/advisories/bulk", null,
                "{\"" + safe + "\":[\"1.0.0\"]}");
        assertEquals(502, direct.statusCode(), direct.body());
        assertTrue(error(direct).contains("answered HTTP 503"), direct.body());
        HttpResponse<String> onlyHosted = send("POST", HOSTED + "-/npm/v1/security/advisories/bulk", null,
                "{\"" + internal + "\":[\"1.0.0\"]}");
        assertEquals(404, onlyHosted.statusCode(), onlyHosted.body());
        assertTrue(error(onlyHosted).contains("has no proxy repository"), onlyHosted.body());
        HttpResponse<String> garbage = send("POST", NPM + "-/npm/v1/security/advisories/bulk", null, "[1,2]");
        assertEquals(400, garbage.statusCode(), garbage.body());
        assertEquals("the audit request must be a JSON object", error(garbage));
    }

    @Test
    void aPublisherUnpublishesAVersionWithinTheWindowAndAnAdministratorAWholePackage() throws Exception {
        String pkg = unique("unpub");
        String user = createUser("publisher");
        String other = createUser("publisher");
        try (NpmSession npm = NpmSession.against(NPM)) {
            npm.setToken(createToken(user, false));
            for (String version : List.of("1.0.0", "1.1.0", "2.0.0")) {
                NpmResult published = npm.run(packageDir(pkg, version), "publish");
                assertTrue(published.succeeded(), published.describe());
            }
            assertEquals(200, GranaryServer.get(NPM + pkg + "/-/" + pkg + "-1.1.0.tgz").statusCode());

            NpmResult unpublished = npm.run(work, "unpublish", pkg + "@1.1.0");
            assertTrue(unpublished.succeeded(), unpublished.describe());
            assertTrue(unpublished.stdout().contains("- " + pkg + "@1.1.0"), unpublished.describe());
            NpmResult versions = npm.run(work, "view", pkg, "versions", "--json");
            assertEquals(List.of("1.0.0", "2.0.0"), Json.createReader(new java.io.StringReader(versions.stdout()))
                    .readArray().getValuesAs(JsonString::getString), versions.describe());
            assertEquals(404, GranaryServer.get(NPM + pkg + "/-/" + pkg + "-1.1.0.tgz").statusCode(),
                    "the tarball went with the version");
            assertTrue(audit(user, "unpublish", "success").stream()
                    .anyMatch(e -> e.getString("target").equals("npm-hosted/" + pkg + "@1.1.0")));

            NpmResult republish = npm.run(packageDir(pkg, "1.1.0"), "publish", "--tag", "old");
            assertFalse(republish.succeeded(), republish.describe());
            assertTrue(republish.output().contains("You cannot publish over the previously published versions: 1.1.0."),
                    "a version number is never used twice: " + republish.describe());
        }
        try (NpmSession npm = NpmSession.against(NPM)) {
            npm.setToken(createToken(other, false));
            NpmResult notTheirs = npm.run(work, "unpublish", pkg + "@2.0.0");
            assertFalse(notTheirs.succeeded(), notTheirs.describe());
            assertTrue(notTheirs.output().contains("it was published by '" + user + "'"), notTheirs.describe());
            NpmResult wholeNotTheirs = npm.run(work, "unpublish", pkg, "--force");
            assertFalse(wholeNotTheirs.succeeded(), wholeNotTheirs.describe());
            assertTrue(hasAudit(other, "unpublish", "failure"));
        }
        try (NpmSession npm = NpmSession.against(NPM)) {
            npm.setToken(createToken(user, false));
            ServerClock.offset(management, "P4D");
            try {
                NpmResult late = npm.run(work, "unpublish", pkg + "@2.0.0");
                assertFalse(late.succeeded(), late.describe());
                assertTrue(late.output().contains("more than PT72H ago (GRANARY_NPM_UNPUBLISH_WINDOW)"), late.describe());
            } finally {
                ServerClock.reset(management);
            }
        }
        HttpResponse<String> adminToken = post(API + "tokens", ADMIN, "{\"name\":\"it-admin\",\"readOnly\":false}");
        assertEquals(201, adminToken.statusCode(), adminToken.body());
        try (NpmSession npm = NpmSession.against(NPM)) {
            npm.setToken(json(adminToken).getString("token"));
            NpmResult whole = npm.run(work, "unpublish", pkg, "--force");
            assertTrue(whole.succeeded(), whole.describe());
            assertTrue(whole.stdout().contains("- " + pkg), whole.describe());
        }
        assertEquals(404, GranaryServer.get(NPM + pkg).statusCode());
        assertEquals(404, GranaryServer.get(NPM + pkg + "/-/" + pkg + "-1.0.0.tgz").statusCode());
        assertTrue(audit("admin", "unpublish", "success").stream()
                .anyMatch(e -> e.getString("target").equals("npm-hosted/" + pkg)));
        HttpResponse<String> stale = send("DELETE", NPM + pkg + "/-rev/1-0", ADMIN, (byte[]) null);
        assertEquals(404, stale.statusCode(), stale.body());
    }

    @Test
    void npmOwnerListsAddsAndRemovesOwnersAndOnlyOwnersMayThenPublish() throws Exception {
        String pkg = unique("owned");
        String alice = unique("alice");
        assertEquals(201, post(API + "users", ADMIN, "{\"username\":\"" + alice + "\",\"password\":\"" + PASSWORD
                + "\",\"roles\":[\"publisher\"],\"email\":\"" + alice + "@example.com\"}").statusCode());
        String bob = createUser("publisher");
        String carol = createUser("publisher");
        try (NpmSession a = NpmSession.against(NPM); NpmSession b = NpmSession.against(NPM);
             NpmSession c = NpmSession.against(NPM)) {
            a.setToken(createToken(alice, false));
            b.setToken(createToken(bob, false));
            c.setToken(createToken(carol, false));
            NpmResult published = a.run(packageDir(pkg, "1.0.0"), "publish");
            assertTrue(published.succeeded(), published.describe());
            NpmResult none = a.run(work, "owner", "ls", pkg);
            assertTrue(none.succeeded(), none.describe());
            assertEquals("no admin found", none.stdout().trim());

            NpmResult addSelf = a.run(work, "owner", "add", alice, pkg);
            assertTrue(addSelf.succeeded(), addSelf.describe());
            assertTrue(addSelf.stdout().contains("+ " + alice + " (" + pkg + ")"), addSelf.describe());
            NpmResult addBob = a.run(work, "owner", "add", bob, pkg);
            assertTrue(addBob.succeeded(), addBob.describe());
            NpmResult ls = c.run(work, "owner", "ls", pkg);
            assertTrue(ls.succeeded(), ls.describe());
            assertEquals(List.of(alice + " <" + alice + "@example.com>", bob + " <>"), ls.stdout().trim().lines().toList());
            assertTrue(audit(alice, "owner", "success").stream().anyMatch(e -> e.getString("detail").contains("added " + bob)));

            NpmResult carolPublishes = c.run(packageDir(pkg, "1.1.0"), "publish");
            assertFalse(carolPublishes.succeeded(), carolPublishes.describe());
            assertTrue(carolPublishes.output().contains("is owned by " + alice + ", " + bob), carolPublishes.describe());
            NpmResult carolTakesOver = c.run(work, "owner", "add", carol, pkg);
            assertFalse(carolTakesOver.succeeded(), carolTakesOver.describe());
            NpmResult carolTags = c.run(work, "dist-tag", "add", pkg + "@1.0.0", "mine");
            assertFalse(carolTags.succeeded(), carolTags.describe());
            NpmResult bobPublishes = b.run(packageDir(pkg, "1.1.0"), "publish");
            assertTrue(bobPublishes.succeeded(), "an owner may publish: " + bobPublishes.describe());

            NpmResult removeBob = a.run(work, "owner", "rm", bob, pkg);
            assertTrue(removeBob.succeeded(), removeBob.describe());
            assertTrue(removeBob.stdout().contains("- " + bob + " (" + pkg + ")"), removeBob.describe());
            assertEquals(List.of(alice + " <" + alice + "@example.com>"),
                    a.run(work, "owner", "ls", pkg).stdout().trim().lines().toList());
            NpmResult bobAgain = b.run(packageDir(pkg, "1.2.0"), "publish");
            assertFalse(bobAgain.succeeded(), "no longer an owner: " + bobAgain.describe());
            NpmResult nobody = a.run(work, "owner", "add", "nobody-" + pkg, pkg);
            assertFalse(nobody.succeeded(), nobody.describe());
            assertTrue(nobody.output().contains("404"), nobody.describe());
        }
        String rev = json(GranaryServer.get(NPM + pkg)).getString("_rev");
        HttpResponse<String> empty = put(NPM + pkg + "/-rev/" + rev, basic(alice, PASSWORD), "{\"maintainers\":[]}");
        assertEquals(400, empty.statusCode(), empty.body());
        assertEquals("cannot remove all owners of " + pkg + "; add someone else first", error(empty));
        HttpResponse<String> stale = put(NPM + pkg + "/-rev/1-0", basic(alice, PASSWORD),
                "{\"maintainers\":[{\"name\":\"" + alice + "\"}]}");
        assertEquals(409, stale.statusCode(), stale.body());
        assertEquals(401, GranaryServer.get(NPM + "-/user/org.couchdb.user:" + alice).statusCode(),
                "user documents are for authenticated callers");
    }

    private static String version(HttpResponse<byte[]> search, String name) {
        return json(ok(search)).getJsonArray("objects").stream().map(o -> o.asJsonObject().getJsonObject("package"))
                .filter(p -> p.getString("name").equals(name)).findFirst().orElseThrow(() -> new AssertionError(text(search)))
                .getString("version");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** A package directory with package.json and an index.js that says who built it. */
    private Path packageDir(String name, String version) throws Exception {
        Path dir = Files.createDirectories(work.resolve("src-" + name.replace("/", "_") + "-" + version));
        Files.writeString(dir.resolve("package.json"), Json.createObjectBuilder()
                .add("name", name).add("version", version).add("description", "hosted test package")
                .add("main", "index.js").add("license", "MIT").build().toString());
        Files.writeString(dir.resolve("index.js"), "module.exports = 'hosted " + name + "@" + version + "';\n");
        return dir;
    }

    private static String publishBody(String name, String version, byte[] tarball, String integrity) {
        return NpmTarball.publishDocument(name, version, tarball, integrity);
    }
}
