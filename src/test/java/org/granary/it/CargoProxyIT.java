package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.granary.testing.CargoClient;
import org.granary.testing.CargoCrate;
import org.granary.testing.ClientResult;
import org.granary.testing.FakeCargoRegistry;
import org.granary.testing.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The Cargo sparse-registry proxy as a user meets it: the real cargo client, with a fresh {@code CARGO_HOME}
 * whose {@code config.toml} replaces crates.io with Granary, resolving and building a project from a fake
 * sparse registry on 127.0.0.1.
 */
class CargoProxyIT extends GranaryIT {

    private static final String CARGO = GranaryServer.repositoryUrl("cargo");
    /** Makes crate names unique per run: the server's data directory may outlive a run. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private final FakeCargoRegistry upstream = fake(new FakeCargoRegistry(GranaryServer.upstreamPort("cargo")));

    @Test
    void cargoBuildsThroughGranarySkippingTheYankedVersionAndAgainFromCacheWithTheUpstreamStopped() throws Exception {
        String baseName = crate("base");
        String topName = crate("top");
        CargoCrate base = upstream.publish(baseName, "1.0.0", Map.of());
        upstream.publishYanked(baseName, "1.1.0", Map.of());
        upstream.publish(topName, "1.0.0", Map.of(baseName, "^1"));
        String expectedOutput = topName + " 1.0.0 -> " + baseName + " 1.0.0";
        CargoClient cargo = CargoClient.locate();

        Path online = buildProject(cargo, "online", Map.of(topName, "1"));
        String lockfile = Files.readString(online.resolve("Cargo.lock"));
        assertTrue(lockfile.contains("name = \"" + baseName + "\"\nversion = \"1.0.0\""), lockfile);
        assertFalse(lockfile.contains("1.1.0"), "the yanked " + baseName + " 1.1.0 must not be chosen:\n" + lockfile);
        assertTrue(lockfile.contains("checksum = \"" + base.cksum() + "\""), lockfile);
        assertEquals(expectedOutput, program(online));
        assertEquals(1, upstream.downloadRequests(baseName, "1.0.0"));
        assertEquals(0, upstream.downloadRequests(baseName, "1.1.0"));

        upstream.stop();
        Path offline = buildProject(cargo, "offline", Map.of(topName, "1"));
        assertEquals(expectedOutput, program(offline));
    }

    @Test
    void aCargoLockPrefetchedOnceLetsCargoBuildWithTheUpstreamStopped() throws Exception {
        String repo = unique("cargo-prefetch");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"cargo\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "\"}");
        String baseName = crate("pbase");
        String topName = crate("ptop");
        CargoCrate base = upstream.publish(baseName, "1.0.0", Map.of());
        CargoCrate top = upstream.publish(topName, "1.0.0", Map.of(baseName, "^1"));
        String crates = "registry+https://github.com/rust-lang/crates.io-index";
        String lock = "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"" + topName
                + "\",\n]\n\n[[package]]\nname = \"" + baseName + "\"\nversion = \"1.0.0\"\nsource = \"" + crates
                + "\"\nchecksum = \"" + base.cksum() + "\"\n\n[[package]]\nname = \"" + topName + "\"\nversion = \"1.0.0\"\n"
                + "source = \"" + crates + "\"\nchecksum = \"" + top.cksum() + "\"\ndependencies = [\n \"" + baseName + "\",\n]\n";

        JsonObject first = prefetch(repo, "cargo-lock", lock.getBytes(StandardCharsets.UTF_8));
        assertEquals("succeeded", first.getString("status"), first.toString());
        assertEquals(2, first.getJsonObject("counts").getInt("fetched"), first.toString());
        assertEquals(base.bytes().length + top.bytes().length, first.getJsonNumber("bytes").longValue());
        JsonObject second = prefetch(repo, "cargo-lock", lock.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, second.getJsonObject("counts").getInt("cached"), second.toString());
        assertEquals(0, second.getJsonObject("counts").getInt("fetched"));
        assertEquals(1, upstream.downloadRequests(baseName, "1.0.0"));

        upstream.stop();
        Path project = CargoClient.writeProject(work.resolve("prefetched"), "app", Map.of(topName, "1"));
        Files.writeString(project.resolve("Cargo.lock"), lock);
        ClientResult build = CargoClient.locate().run(project, CargoClient.freshHome(work.resolve("home-prefetched"),
                GranaryServer.repositoryUrl(repo)), "build", "--locked");
        assertTrue(build.succeeded(), build.describe());
        assertEquals(topName + " 1.0.0 -> " + baseName + " 1.0.0", program(project));
    }

    @Test
    void aCrateThatDoesNotMatchItsIndexChecksumFailsTheBuildAndIsNotCached() throws Exception {
        String name = crate("tampered");
        CargoCrate published = upstream.publish(name, "1.0.0", Map.of());
        upstream.tamper(name, "1.0.0");
        CargoClient cargo = CargoClient.locate();

        Path project = CargoClient.writeProject(work.resolve("tampered"), "app", Map.of(name, "1"));
        ClientResult build = cargo.run(project, CargoClient.freshHome(work.resolve("home-tampered"), CARGO), "build");
        assertFalse(build.succeeded(), build.describe());
        assertTrue(build.output().contains("integrity check failed for " + name + "@1.0.0"), build.describe());

        String url = CARGO + "api/v1/crates/" + name + "/1.0.0/download";
        HttpResponse<byte[]> again = GranaryServer.get(url);
        assertEquals(502, again.statusCode());
        assertTrue(cargoError(again).contains("integrity check failed for " + name + "@1.0.0"));
        assertFalse(Files.exists(GranaryServer.dataDir().resolve("blobs/artifacts/cargo-proxy/crates/" + name)),
                "nothing of the tampered crate may be stored");

        upstream.restore(name, "1.0.0");
        HttpResponse<byte[]> fixed = GranaryServer.get(url);
        assertEquals(200, fixed.statusCode());
        assertEquals(published.cksum(), CargoCrate.sha256(fixed.body()));
        ClientResult rebuilt = cargo.run(project, CargoClient.freshHome(work.resolve("home-fixed"), CARGO), "build");
        assertTrue(rebuilt.succeeded(), rebuilt.describe());
    }

    @Test
    void configJsonSendsDownloadsToGranaryHonouringForwardedHeaders() throws Exception {
        HttpResponse<byte[]> response = GranaryServer.get(CARGO + "config.json");
        assertEquals(200, response.statusCode());
        JsonObject config = json(response);
        assertEquals(CARGO + "api/v1/crates", config.getString("dl"));
        assertEquals(CARGO.substring(0, CARGO.length() - 1), config.getString("api"),
                "the group takes publishes for its hosted member: " + config);

        JsonObject forwarded = json(GranaryServer.get(CARGO + "config.json",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "crates.example.test"));
        assertEquals("https://crates.example.test/granary/cargo/api/v1/crates", forwarded.getString("dl"));

        String proxy = GranaryServer.repositoryUrl("cargo-proxy");
        JsonObject proxyConfig = json(GranaryServer.get(proxy + "config.json"));
        assertEquals(proxy + "api/v1/crates", proxyConfig.getString("dl"));
        assertFalse(proxyConfig.containsKey("api"), "a proxy takes no publishes: " + proxyConfig);
    }

    @Test
    void indexFilesPassThroughUnchangedInAnyCaseAndAreRevalidatedWithETagAndLastModified() throws Exception {
        String name = crate("index");
        upstream.publish(name, "1.0.0", Map.of());
        upstream.publishYanked(name, "1.1.0", Map.of());
        String path = FakeCargoRegistry.indexPath(name);
        assertEquals("/ci/t-/" + name, path);

        HttpResponse<byte[]> first = GranaryServer.get(CARGO + "ci/t-/" + name);
        assertEquals(200, first.statusCode());
        String body = new String(first.body(), StandardCharsets.UTF_8);
        assertEquals(upstream.indexFile(name), body);
        assertTrue(body.contains("\"vers\":\"1.1.0\"") && body.contains("\"yanked\":true"), body);

        HttpResponse<byte[]> upper = GranaryServer.get(CARGO + "CI/T-/" + name.toUpperCase(Locale.ROOT));
        assertEquals(200, upper.statusCode());
        assertEquals(body, new String(upper.body(), StandardCharsets.UTF_8));
        RecordedRequest revalidation = upstream.lastRequest(path).orElseThrow();
        assertTrue(revalidation.header("If-None-Match").isPresent(), revalidation.toString());
        assertTrue(revalidation.header("If-Modified-Since").isPresent(), revalidation.toString());
        assertEquals(2, upstream.indexRequests(name));

        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, GranaryServer.get(CARGO + "ci/t-/" + name, "If-None-Match", etag).statusCode());

        upstream.publish(name, "1.2.0", Map.of());
        String updated = new String(GranaryServer.get(CARGO + "ci/t-/" + name).body(), StandardCharsets.UTF_8);
        assertEquals(upstream.indexFile(name), updated);
        assertTrue(updated.contains("\"vers\":\"1.2.0\""), updated);
    }

    @Test
    void missingCratesAre404SoCargoSaysThereIsNoMatchingPackage() throws Exception {
        String present = crate("present");
        String nowhere = crate("nowhere");
        upstream.publish(present, "1.0.0", Map.of());

        assertEquals(404, GranaryServer.get(CARGO + "ci/t-/" + nowhere).statusCode());
        assertEquals(404, GranaryServer.get(CARGO + "api/v1/crates/" + nowhere + "/1.0.0/download").statusCode());
        assertEquals(404, GranaryServer.get(CARGO + "api/v1/crates/" + present + "/9.9.9/download").statusCode());
        assertEquals(404, GranaryServer.get(CARGO + "zz/zz/" + present).statusCode());
        HttpResponse<byte[]> bad = GranaryServer.get(CARGO + "ci/t-/cit%20present");
        assertEquals(400, bad.statusCode());
        assertFalse(cargoError(bad).isBlank());

        Path project = CargoClient.writeProject(work.resolve("missing"), "app", Map.of(nowhere, "1"));
        ClientResult lock = CargoClient.locate().run(project,
                CargoClient.freshHome(work.resolve("home-missing"), CARGO), "generate-lockfile");
        assertFalse(lock.succeeded(), lock.describe());
        assertTrue(lock.output().contains("no matching package named `" + nowhere + "` found"), lock.describe());
    }

    @Test
    void cachedCratesSupportHeadRangeAndConditionalRequests() throws Exception {
        String name = crate("ranged");
        byte[] expected = upstream.publish(name, "1.0.0", Map.of()).bytes();
        String url = CARGO + "api/v1/crates/" + name + "/1.0.0/download";
        HttpResponse<byte[]> full = GranaryServer.get(url);
        assertEquals(200, full.statusCode());
        assertArrayEquals(expected, full.body());

        HttpResponse<Void> head = GranaryServer.head(url);
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(expected.length), head.headers().firstValue("Content-Length").orElse(null));

        HttpResponse<byte[]> range = GranaryServer.get(url, "Range", "bytes=10-19");
        assertEquals(206, range.statusCode());
        assertEquals("bytes 10-19/" + expected.length, range.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(Arrays.copyOfRange(expected, 10, 20), range.body());

        String etag = range.headers().firstValue("ETag").orElseThrow();
        assertEquals("\"" + CargoCrate.sha256(expected) + "\"", etag);
        assertEquals(304, GranaryServer.get(url, "If-None-Match", etag).statusCode());
        assertEquals(1, upstream.downloadRequests(name, "1.0.0"));
    }

    @Test
    void anUpstreamDlTemplateWithMarkersIsExpandedLikeCargoDoes() throws Exception {
        upstream.useMarkerDownloadTemplate();
        String name = "Cit_" + RUN + "_Marker";
        CargoCrate published = upstream.publish(name, "2.0.0", Map.of());

        HttpResponse<byte[]> download = GranaryServer.get(CARGO + "api/v1/crates/" + name + "/2.0.0/download");
        assertEquals(200, download.statusCode(), new String(download.body(), StandardCharsets.UTF_8));
        assertArrayEquals(published.bytes(), download.body());
        String expectedPath = "/files/Ci/t_/ci/t_/" + name + "/" + name + "-2.0.0.crate";
        assertEquals(expectedPath, upstream.downloadPath(name, "2.0.0"));
        RecordedRequest fetched = upstream.lastRequest(expectedPath).orElseThrow();
        assertEquals("cksum=" + published.cksum(), fetched.rawQuery());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** {@code cit-<run>-<role>}: a crate name no other test (or earlier run) has published. */
    private static String crate(String role) {
        return "cit-" + RUN + "-" + role;
    }

    /** A fresh project and CARGO_HOME: {@code cargo generate-lockfile}, then {@code cargo build}. */
    private Path buildProject(CargoClient cargo, String name, Map<String, String> dependencies) {
        Path project = CargoClient.writeProject(work.resolve(name), "app", dependencies);
        Path home = CargoClient.freshHome(work.resolve("home-" + name), CARGO);
        ClientResult lock = cargo.run(project, home, "generate-lockfile");
        assertTrue(lock.succeeded(), lock.describe());
        ClientResult build = cargo.run(project, home, "build");
        assertTrue(build.succeeded(), build.describe());
        return project;
    }

    private static String program(Path project) {
        ClientResult run = CargoClient.runProgram(project.resolve("target/debug/app"));
        assertTrue(run.succeeded(), run.describe());
        return run.stdout().trim();
    }
}
