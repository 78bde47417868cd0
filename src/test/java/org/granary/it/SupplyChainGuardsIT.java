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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.granary.testing.CargoClient;
import org.granary.testing.ClientResult;
import org.granary.testing.FakeCargoRegistry;
import org.granary.testing.FakeGoProxy;
import org.granary.testing.FakeMavenUpstream;
import org.granary.testing.FakeNpmRegistry;
import org.granary.testing.FakePypiIndex;
import org.granary.testing.GoClient;
import org.granary.testing.GoModule;
import org.granary.testing.MavenClient;
import org.granary.testing.MavenFixtures;
import org.granary.testing.MavenResult;
import org.granary.testing.PypiClient;
import org.granary.testing.PypiDistribution;
import org.granary.testing.PypiResult;
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
    private final FakePypiIndex pypiUpstream = fake(new FakePypiIndex(GranaryServer.upstreamPort("pypi")));
    private final FakeCargoRegistry cargoUpstream = fake(new FakeCargoRegistry(GranaryServer.upstreamPort("cargo")));
    private final FakeGoProxy goUpstream = fake(new FakeGoProxy(GranaryServer.upstreamPort("go")));

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
        for (int i = 0; i < 3; i++) { // fetched, then a stored hit, then one the in-memory index answers at the edge
            ok(GranaryServer.get(GranaryServer.repositoryUrl(through) + pkg + "/-/" + pkg + "-2.0.0.tgz"));
        }
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
                "minimum-release-age"); // cached, and known to the edge's index of hits: refused all the same
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

    // ---------------------------------------------------------------- PyPI

    @Test
    void pipInstallsTheNewestMatureReleaseAndAPinnedYoungFileWaitsForItsMaturity() throws Exception {
        String project = unique("coolpy");
        pypiUpstream.publishUploadedAt(PypiDistribution.wheel(project, "1.0.0", null, List.of()), LONG_AGO);
        PypiDistribution young = pypiUpstream.publishUploadedAt(PypiDistribution.wheel(project, "1.1.0", null, List.of()),
                AN_HOUR_AGO);
        String repo = proxy("pypi", pypiUpstream.baseUrl() + "/simple/", "");
        String index = GranaryServer.repositoryUrl(repo) + "simple/";
        PypiClient pip = PypiClient.locate();

        PypiResult ranged = pip.install(work.resolve("ranged"), index, project + ">=1.0");
        assertTrue(ranged.succeeded(), ranged.describe());
        assertEquals(Map.of(PypiDistribution.normalise(project), "1.0.0"), PypiClient.installed(work.resolve("ranged")));
        String html = text(GranaryServer.get(index + project + "/"));
        assertFalse(html.contains("1.1.0"), html);
        JsonObject json = json(GranaryServer.get(index + project + "/", "Accept", FakePypiIndex.JSON_TYPE));
        assertEquals(List.of("1.0.0"), json.getJsonArray("versions").getValuesAs(jakarta.json.JsonString::getString));

        String file = GranaryServer.repositoryUrl(repo) + "files/" + project + "/" + young.filename();
        PypiResult pinned = pip.install(work.resolve("pinned"), index, file);
        assertFalse(pinned.succeeded(), pinned.describe());
        assertTrue(pinned.output().contains("403"), pinned.describe());
        HttpResponse<byte[]> refused = GranaryServer.get(file);
        assertRefused(refused, "minimum-release-age");
        assertTrue(error(refused).startsWith(project + "@1.1.0 was released at " + AN_HOUR_AGO), error(refused));
        assertEquals(0, pypiUpstream.fileRequests(young));

        ServerClock.offset(management, "P3D");
        PypiResult matured = pip.install(work.resolve("matured"), index, file);
        assertTrue(matured.succeeded(), matured.describe());
        PypiResult newest = pip.install(work.resolve("newest"), index, project + ">=1.0");
        assertTrue(newest.succeeded(), newest.describe());
        assertEquals(Map.of(PypiDistribution.normalise(project), "1.1.0"), PypiClient.installed(work.resolve("newest")));
    }

    // ---------------------------------------------------------------- Cargo

    @Test
    void cargoResolvesTheNewestMatureVersionAndALockedYoungVersionWaitsForItsMaturity() throws Exception {
        String crate = unique("coolrs").replace('-', '_');
        cargoUpstream.publishAt(crate, "1.0.0", LONG_AGO);
        cargoUpstream.publishAt(crate, "1.1.0", AN_HOUR_AGO);
        String repo = proxy("cargo", cargoUpstream.baseUrl() + "/", "");
        String url = GranaryServer.repositoryUrl(repo);
        CargoClient cargo = CargoClient.locate();

        Path ranged = CargoClient.writeProject(work.resolve("ranged"), "app", Map.of(crate, "1"));
        ClientResult resolved = cargo.run(ranged, CargoClient.freshHome(work.resolve("home-ranged"), url), "generate-lockfile");
        assertTrue(resolved.succeeded(), resolved.describe());
        String lock = Files.readString(ranged.resolve("Cargo.lock"));
        assertTrue(lock.contains("name = \"" + crate + "\"\nversion = \"1.0.0\""), lock);

        HttpResponse<byte[]> refused = GranaryServer.get(url + "api/v1/crates/" + crate + "/1.1.0/download");
        assertRefused(refused, "minimum-release-age");
        assertTrue(cargoError(refused).startsWith(crate + "@1.1.0 was released at " + AN_HOUR_AGO), text(refused));

        // a lockfile pinning the young version (what `cargo update` wrote before the cooldown was switched on)
        Path pinned = CargoClient.writeProject(work.resolve("pinned"), "app", Map.of(crate, "=1.1.0"));
        Files.writeString(pinned.resolve("Cargo.lock"), lock.replace("name = \"" + crate + "\"\nversion = \"1.0.0\"",
                "name = \"" + crate + "\"\nversion = \"1.1.0\"").replace(cargoUpstream.crate(crate, "1.0.0").cksum(),
                cargoUpstream.crate(crate, "1.1.0").cksum()));
        ClientResult held = cargo.run(pinned, CargoClient.freshHome(work.resolve("home-held"), url), "fetch", "--locked");
        assertFalse(held.succeeded(), held.describe());
        assertEquals(0, cargoUpstream.downloadRequests(crate, "1.1.0"));

        ServerClock.offset(management, "P3D");
        ClientResult matured = cargo.run(pinned, CargoClient.freshHome(work.resolve("home-matured"), url), "fetch", "--locked");
        assertTrue(matured.succeeded(), matured.describe());
        assertEquals(1, cargoUpstream.downloadRequests(crate, "1.1.0"));
    }

    // ---------------------------------------------------------------- Maven

    @Test
    void mvnResolvesARangeToTheNewestMatureVersionAndAPinnedYoungOneWaitsForItsMaturity() throws Exception {
        MavenClient.requirePluginIn(MavenClient.buildLocalRepository());
        FakeMavenUpstream maven = fake(new FakeMavenUpstream(GranaryServer.upstreamPort("maven"),
                MavenClient.buildLocalRepository()));
        String g = "org.granary.cool." + unique("m").replace("-", "");
        MavenFixtures.Gav old = new MavenFixtures.Gav(g, "lib", "1.0");
        MavenFixtures.Gav young = new MavenFixtures.Gav(g, "lib", "1.1");
        MavenFixtures.publishLibrary(maven, old, null, "", 1_000, FakeMavenUpstream.Checksums.SHA1);
        MavenFixtures.publishLibrary(maven, young, null, "", 1_000, FakeMavenUpstream.Checksums.SHA1);
        maven.lastModified(old.pom(), LONG_AGO).lastModified(young.pom(), AN_HOUR_AGO);
        maven.publish(old.artifactMetadata(), MavenFixtures.artifactMetadata(g, "lib", List.of("1.0", "1.1")),
                FakeMavenUpstream.Checksums.SHA1);
        String repo = proxy("maven", maven.server().baseUrl() + "/", "");
        String url = GranaryServer.repositoryUrl(repo);
        MavenClient mvn = MavenClient.locate();

        String metadata = text(GranaryServer.get(url + old.artifactMetadata()));
        assertTrue(metadata.contains("<release>1.0</release>") && !metadata.contains("1.1"), metadata);
        MavenResult ranged = mvn.copyDependencies(work.resolve("ranged"), MavenFixtures.consumerPom("ranged",
                List.of(new MavenFixtures.Gav(g, "lib", "[1.0,2.0)"))), url, work.resolve("repo-ranged"));
        assertTrue(ranged.succeeded(), ranged.describe());
        assertTrue(Files.exists(work.resolve("ranged/target/dependency/lib-1.0.jar")), ranged.describe());

        MavenResult pinned = mvn.copyDependencies(work.resolve("pinned"), MavenFixtures.consumerPom("pinned",
                List.of(young)), url, work.resolve("repo-pinned"));
        assertFalse(pinned.succeeded(), pinned.describe());
        assertTrue(pinned.output().contains("403"), pinned.describe());
        HttpResponse<byte[]> refused = GranaryServer.get(url + young.jar());
        assertRefused(refused, "minimum-release-age");
        assertTrue(error(refused).startsWith(g + ":lib@1.1 was released at " + AN_HOUR_AGO), error(refused));
        assertEquals(0, maven.requests(young.jar()));

        ServerClock.offset(management, "P3D");
        MavenResult matured = mvn.copyDependencies(work.resolve("matured"), MavenFixtures.consumerPom("matured",
                List.of(young)), url, work.resolve("repo-matured"));
        assertTrue(matured.succeeded(), matured.describe());
        assertTrue(Files.exists(work.resolve("matured/target/dependency/lib-1.1.jar")));
    }

    // ---------------------------------------------------------------- Go

    @Test
    void goTakesTheNewestMatureVersionHonoursARetractionByAYoungOneAndFetchesThePinnedYoungOneOnceMature()
            throws Exception {
        String module = "example.test/" + unique("cool");
        goUpstream.add(goModule(module, "v1.0.0", LONG_AGO, ""));
        goUpstream.add(goModule(module, "v1.0.1", LONG_AGO, ""));
        goUpstream.add(goModule(module, "v1.0.2", LONG_AGO, ""));
        goUpstream.add(goModule(module, "v1.0.3", AN_HOUR_AGO, "retract v1.0.2 // broke everything\n"));
        String repo = proxy("go", goUpstream.baseUrl() + "/", "");
        String url = GranaryServer.repositoryUrl(repo);
        String goproxy = url.substring(0, url.length() - 1);
        GoClient go = GoClient.locate();
        String main = "package main\n\nimport lib \"" + module + "\"\n\nfunc main() { println(lib.Describe()) }\n";

        assertEquals("v1.0.0\nv1.0.1\n", text(GranaryServer.get(url + module + "/@v/list")),
                "v1.0.3 is young, and the v1.0.2 it retracts stays out of reach");
        assertEquals("v1.0.1", json(GranaryServer.get(url + module + "/@latest")).getString("Version"));
        assertTrue(text(ok(GranaryServer.get(url + module + "/@v/v1.0.3.mod"))).contains("retract v1.0.2"),
                "the retracting go.mod stays readable");
        Path app = GoClient.writeMainModule(work.resolve("app"), "example.test/app", Map.of(), main);
        ClientResult latest = go.session(work.resolve("home-latest"), goproxy).run(app, "get", module + "@latest");
        assertTrue(latest.succeeded(), latest.describe());
        assertTrue(Files.readString(app.resolve("go.mod")).contains(module + " v1.0.1"), Files.readString(app.resolve("go.mod")));

        Path pinned = GoClient.writeMainModule(work.resolve("pinned"), "example.test/app", Map.of(module, "v1.0.3"), main);
        ClientResult held = go.session(work.resolve("home-held"), goproxy).run(pinned, "mod", "download", module);
        assertFalse(held.succeeded(), held.describe());
        assertTrue(held.output().contains(module + "@v1.0.3 was released at " + AN_HOUR_AGO), held.describe());
        assertRefused(GranaryServer.get(url + module + "/@v/v1.0.3.zip"), "minimum-release-age");

        ServerClock.offset(management, "P3D");
        ClientResult matured = go.session(work.resolve("home-matured"), goproxy).run(pinned, "mod", "download", module);
        assertTrue(matured.succeeded(), matured.describe());
        assertEquals("v1.0.0\nv1.0.1\nv1.0.2\nv1.0.3\n", text(GranaryServer.get(url + module + "/@v/list")),
                "once v1.0.3 is visible go reads its retraction itself: the list is the upstream's");
    }

    private static GoModule goModule(String path, String version, Instant time, String goModExtra) {
        Map<String, String> files = new TreeMap<>();
        files.put("go.mod", "module " + path + "\n\ngo 1.19\n" + (goModExtra.isEmpty() ? "" : "\n" + goModExtra));
        files.put("lib.go", "package lib\n\nfunc Describe() string { return \"" + version + "\" }\n");
        return new GoModule(path, version, files, time);
    }
}
