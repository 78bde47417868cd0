package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.granary.testing.FakeNpmRegistry;
import org.granary.testing.NpmClient;
import org.granary.testing.NpmPackageId;
import org.granary.testing.NpmResult;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The supply-chain guards as users meet them: the real clients resolving the newest mature version through a
 * repository with a cooldown, a pinned (lockfile) install of a too-young version failing with Granary's message, and
 * the same install succeeding once the server's clock passes maturity, without a restart; the REST API an
 * administrator uses (policy fields, exemptions, held versions, audit).
 */
class SupplyChainGuardsIT extends GranaryIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(30));
    private static final Instant AN_HOUR_AGO = NOW.minus(Duration.ofHours(1));

    @ArquillianResource
    ManagementClient management;

    private final FakeNpmRegistry npmUpstream = fake(new FakeNpmRegistry(GranaryServer.upstreamPort("npm")));

    @AfterEach
    void resetClock() throws Exception {
        ServerClock.reset(management);
    }

    /** A proxy of its own (so no other test's settings touch it), with a three-day cooldown. */
    private static String proxy(String format, String upstream, String extra) throws Exception {
        String name = unique(format + "-cool");
        createRepository("{\"name\":\"" + name + "\",\"format\":\"" + format + "\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream + "\",\"metadataMaxAgeSeconds\":0,\"minimumReleaseAge\":\"P3D\"" + extra + "}");
        return name;
    }

    private static String group(String format, String... members) throws Exception {
        String name = unique(format + "-group");
        createRepository("{\"name\":\"" + name + "\",\"format\":\"" + format + "\",\"type\":\"group\",\"members\":[\""
                + String.join("\",\"", members) + "\"]}");
        return name;
    }

    private static void assertRefused(HttpResponse<?> response, String reason) {
        assertEquals(403, response.statusCode(), () -> response.uri() + ": " + text(response));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(reason, response.headers().firstValue("X-Granary-Block-Reason").orElse(""));
    }

    // ---------------------------------------------------------------- npm

    @Test
    void npmResolvesTheNewestMatureVersionAndALockfileInstallOfAYoungOneWaitsForItsMaturity() throws Exception {
        String pkg = unique("cool");
        npmUpstream.addPackageReleasedAt(pkg, "1.0.0", LONG_AGO);
        npmUpstream.addPackageReleasedAt(pkg, "1.1.0", AN_HOUR_AGO);
        String repo = proxy("npm", npmUpstream.baseUrl() + "/", "");
        String url = GranaryServer.repositoryUrl(repo);
        NpmClient npm = NpmClient.locate();

        NpmResult ranged = npm.install(Files.createDirectories(work.resolve("ranged")), url, Map.of(pkg, "^1.0.0"));
        assertTrue(ranged.succeeded(), ranged.describe());
        assertEquals(Set.of(new NpmPackageId(pkg, "1.0.0")), NpmClient.installedPackages(work.resolve("ranged")),
                "1.1.0 is an hour old: the newest mature version is 1.0.0");
        JsonObject packument = json(GranaryServer.get(url + pkg));
        assertEquals("1.0.0", packument.getJsonObject("dist-tags").getString("latest"), "latest repaired");
        assertFalse(packument.getJsonObject("time").containsKey("1.1.0"));

        Path locked = lockfileProject("locked", url, pkg, "1.1.0");
        NpmResult young = npm.run(locked, url, null, "ci");
        assertFalse(young.succeeded(), young.describe());
        assertTrue(young.output().contains(pkg + "@1.1.0 was released at " + AN_HOUR_AGO + " and is younger than the "
                + "minimum release age (PT72H) of repository '" + repo + "'; it becomes available at "
                + AN_HOUR_AGO.plus(Duration.ofDays(3))), young.describe());
        HttpResponse<byte[]> tarball = GranaryServer.get(url + pkg + "/-/" + pkg + "-1.1.0.tgz");
        assertRefused(tarball, "minimum-release-age");
        assertEquals(0, npmUpstream.tarballRequests(pkg, "1.1.0"), "the young tarball was never fetched");

        ServerClock.offset(management, "P3D");
        NpmResult matured = npm.run(locked, url, null, "ci");
        assertTrue(matured.succeeded(), matured.describe());
        assertEquals(Set.of(new NpmPackageId(pkg, "1.1.0")), NpmClient.installedPackages(locked));
        NpmResult rangedAgain = npm.install(Files.createDirectories(work.resolve("ranged-again")), url, Map.of(pkg, "^1.0.0"));
        assertTrue(rangedAgain.succeeded(), rangedAgain.describe());
        assertEquals(Set.of(new NpmPackageId(pkg, "1.1.0")), NpmClient.installedPackages(work.resolve("ranged-again")));
    }

    /** A project whose lockfile pins {@code pkg@version} at Granary's tarball URL (what {@code npm ci} installs). */
    private Path lockfileProject(String dir, String registry, String pkg, String version) throws Exception {
        Path project = Files.createDirectories(work.resolve(dir));
        NpmClient.writePackageJson(project, Map.of(pkg, version));
        String lock = Json.createObjectBuilder()
                .add("name", "granary-test-project").add("version", "1.0.0").add("lockfileVersion", 3).add("requires", true)
                .add("packages", Json.createObjectBuilder()
                        .add("", Json.createObjectBuilder().add("name", "granary-test-project").add("version", "1.0.0")
                                .add("dependencies", Json.createObjectBuilder().add(pkg, version)))
                        .add("node_modules/" + pkg, Json.createObjectBuilder().add("version", version)
                                .add("resolved", registry + pkg + "/-/" + pkg + "-" + version + ".tgz")
                                .add("integrity", npmUpstream.integrity(pkg, version))))
                .build().toString();
        Files.writeString(project.resolve("package-lock.json"), lock);
        return project;
    }

    @Test
    void theRestApiSetsThePolicyListsHeldVersionsAndAuditsExemptions() throws Exception {
        String pkg = unique("held");
        npmUpstream.addPackageReleasedAt(pkg, "1.0.0", LONG_AGO);
        npmUpstream.addPackageReleasedAt(pkg, "2.0.0", AN_HOUR_AGO);
        String repo = proxy("npm", npmUpstream.baseUrl() + "/", ",\"missingReleaseTime\":\"deny\"");
        String through = group("npm", repo);
        ok(GranaryServer.get(GranaryServer.repositoryUrl(through) + pkg)); // the listing is seen once

        JsonObject settings = json(send("GET", API + "repositories/" + repo, ADMIN, null));
        assertEquals("P3D", settings.getString("minimumReleaseAge"));
        assertEquals("deny", settings.getString("missingReleaseTime"));
        assertFalse(settings.getBoolean("breakGlass"));

        JsonArray held = json(send("GET", API + "repositories/" + through + "/held", ADMIN, null)).getJsonArray("versions");
        assertEquals(1, held.size(), held.toString());
        JsonObject h = held.getJsonObject(0);
        assertEquals(pkg, h.getString("package"));
        assertEquals("2.0.0", h.getString("version"));
        assertEquals("minimum-release-age", h.getString("reason"));
        assertEquals(AN_HOUR_AGO.toString(), h.getString("releasedAt"));
        assertEquals(AN_HOUR_AGO.plus(Duration.ofDays(3)).toString(), h.getString("availableAfter"));
        assertRefused(GranaryServer.get(GranaryServer.repositoryUrl(through) + pkg + "/-/" + pkg + "-2.0.0.tgz"),
                "minimum-release-age");

        // an exemption for the young version, then a block of the old one
        HttpResponse<String> exempt = post(API + "repositories/" + repo + "/exemptions", ADMIN,
                "{\"package\":\"" + pkg + "\",\"version\":\"2.0.0\",\"reason\":\"hotfix we need today\",\"expiresInDays\":1}");
        assertEquals(201, exempt.statusCode(), exempt.body());
        long exemptionId = json(exempt).getJsonNumber("id").longValue();
        ok(GranaryServer.get(GranaryServer.repositoryUrl(through) + pkg + "/-/" + pkg + "-2.0.0.tgz"));
        HttpResponse<String> block = post(API + "repositories/" + repo + "/exemptions", ADMIN,
                "{\"action\":\"block\",\"package\":\"" + pkg + "\",\"version\":\"<2\",\"reason\":\"compromised maintainer\"}");
        assertEquals(201, block.statusCode(), block.body());
        HttpResponse<byte[]> blocked = GranaryServer.get(GranaryServer.repositoryUrl(through) + pkg + "/-/" + pkg + "-1.0.0.tgz");
        assertRefused(blocked, "blocked");
        assertEquals(pkg + "@1.0.0 is blocked in repository '" + repo + "': compromised maintainer", error(blocked));
        assertEquals(2, Json.createReader(new java.io.StringReader(send("GET", API + "repositories/" + repo + "/exemptions",
                ADMIN, null).body())).readArray().size());

        assertEquals(204, send("DELETE", API + "repositories/" + repo + "/exemptions/" + exemptionId, ADMIN, null).statusCode());
        assertRefused(GranaryServer.get(GranaryServer.repositoryUrl(through) + pkg + "/-/" + pkg + "-2.0.0.tgz"),
                "minimum-release-age");
        assertTrue(hasAudit("admin", "repository.exemption.add", "success"));
        assertTrue(hasAudit("admin", "repository.exemption.remove", "success"));
        assertTrue(audit("admin", "repository.guard", "success").stream()
                .anyMatch(e -> e.getString("target").equals(repo) && e.getString("detail").contains("minimumReleaseAge=P3D")));

        // mistakes are the client's, with a message
        String user = createUser("reader");
        assertEquals(403, post(API + "repositories/" + repo + "/exemptions", basic(user, PASSWORD),
                "{\"package\":\"x\",\"reason\":\"y\"}").statusCode());
        HttpResponse<String> noReason = post(API + "repositories/" + repo + "/exemptions", ADMIN, "{\"package\":\"x\"}");
        assertEquals(400, noReason.statusCode());
        assertTrue(error(noReason).startsWith("reason is required"), noReason.body());
        HttpResponse<String> badAge = put(API + "repositories/" + repo, ADMIN, "{\"minimumReleaseAge\":\"three days\"}");
        assertEquals(400, badAge.statusCode());
        assertTrue(error(badAge).contains("ISO-8601 duration"), badAge.body());
    }
}
