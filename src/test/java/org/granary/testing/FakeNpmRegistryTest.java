package org.granary.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.granary.testing.NpmFixtures.NpmTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake npm registry is a valid registry: the real npm client installs from it, and its controls work. */
class FakeNpmRegistryTest {

    private final FakeNpmRegistry registry = new FakeNpmRegistry();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path work;

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void realNpmInstallsTheWholeStandardTreeWithTheExpectedVersions() throws IOException {
        NpmTree tree = NpmFixtures.standardTree(registry, "t1");
        assertTrue(registry.packageNames().size() >= 20, "the standard tree has at least 20 packages");

        NpmResult result = NpmClient.locate().install(work, registry.baseUrl(), tree.dependencies());

        assertTrue(result.succeeded(), result::describe);
        assertEquals(new TreeSet<>(tree.expectedInstalled()), NpmClient.installedPackages(work));
        assertTrue(Files.readString(work.resolve("node_modules/@t1scope/core/index.js")).contains("1.1.0"));
        assertTrue(Files.isDirectory(work.resolve("node_modules/t1-web/node_modules/t1-logger")),
                "t1-web's logger 1.x is nested, the project's logger 2.x is at the top");
        for (NpmPackageId id : tree.expectedInstalled()) {
            assertEquals(1, registry.tarballRequests(id.name(), id.version()), "tarball fetches of " + id);
        }
        assertEquals(0, registry.tarballRequests("t1-util", "2.0.0"), "latest 2.0.0 is outside every range");
        assertTrue(registry.requestCount("/@t1scope%2fcore") >= 1, "npm asks for scoped names as @scope%2fname");
    }

    @Test
    void npmRejectsATarballThatDoesNotMatchTheDeclaredIntegrity() {
        registry.addPackage("t2-solo", "1.0.0");
        registry.corruptTarball("t2-solo", "1.0.0");
        NpmClient npm = NpmClient.locate();

        NpmResult corrupted = npm.install(work.resolve("a"), registry.baseUrl(), Map.of("t2-solo", "^1.0.0"));

        assertFalse(corrupted.succeeded(), corrupted::describe);
        assertTrue(corrupted.output().contains("EINTEGRITY"), corrupted::describe);

        registry.restoreTarball("t2-solo", "1.0.0");
        NpmResult restored = npm.install(work.resolve("b"), registry.baseUrl(), Map.of("t2-solo", "^1.0.0"));
        assertTrue(restored.succeeded(), restored::describe);
    }

    @Test
    void tarballIsARealPackageWhoseHashesThePackumentDeclares() throws Exception {
        registry.addPackage("t3-lib", "1.0.0", Map.of("t3-dep", "^2.0.0"));

        JsonObject packument = json(get("/t3-lib").body());
        JsonObject dist = packument.getJsonObject("versions").getJsonObject("1.0.0").getJsonObject("dist");
        byte[] tarball = getBytes(dist.getString("tarball"));

        assertEquals(registry.tarballUrl("t3-lib", "1.0.0"), dist.getString("tarball"));
        assertArrayEquals(registry.tarballBytes("t3-lib", "1.0.0"), tarball);
        assertEquals(NpmTarball.integrityOf(tarball), dist.getString("integrity"));
        assertEquals(registry.shasum("t3-lib", "1.0.0"), dist.getString("shasum"));
        JsonObject manifest = json(entry(tarball, "package/package.json"));
        assertEquals("t3-lib", manifest.getString("name"));
        assertEquals("^2.0.0", manifest.getJsonObject("dependencies").getString("t3-dep"));
        assertTrue(entry(tarball, "package/index.js").contains("module.exports"));
    }

    @Test
    void packumentHasLatestTimesAndAStrongEtagHonouredWithNotModified() throws Exception {
        registry.addPackage("t4-lib", "1.0.0").addPackage("t4-lib", "2.0.0").addPackage("t4-lib", "1.5.0");

        HttpResponse<String> first = get("/t4-lib");
        JsonObject packument = json(first.body());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> second = send(request("/t4-lib").header("If-None-Match", etag).build());

        assertEquals("2.0.0", packument.getJsonObject("dist-tags").getString("latest"));
        assertTrue(packument.getJsonObject("time").containsKey("1.5.0"));
        assertTrue(packument.getJsonObject("time").containsKey("modified"));
        assertTrue(etag.startsWith("\"") && !etag.startsWith("W/"), etag);
        assertEquals(304, second.statusCode());
        assertEquals(etag, registry.lastRequest("/t4-lib").flatMap(r -> r.header("if-none-match")).orElseThrow());
        assertEquals(2, registry.requestCount("/t4-lib"));
        assertEquals(2, registry.totalRequests());

        registry.resetCounts();
        assertEquals(0, registry.requestCount("/t4-lib"));
    }

    @Test
    void scopedPackumentIsServedAtBothEncodingsAndUnknownPackagesAre404() throws Exception {
        registry.addPackage("@t5scope/core", "1.0.0");

        HttpResponse<String> encoded = get("/@t5scope%2fcore");
        HttpResponse<String> slashed = get("/@t5scope/core");
        HttpResponse<String> unknown = get("/t5-nothing");

        assertEquals(200, encoded.statusCode());
        assertEquals(encoded.body(), slashed.body());
        assertEquals("/@t5scope/core/-/core-1.0.0.tgz", FakeNpmRegistry.tarballPath("@t5scope/core", "1.0.0"));
        assertEquals(200, getBytesResponse(registry.tarballUrl("@t5scope/core", "1.0.0")).statusCode());
        assertEquals(2, registry.packumentRequests("@t5scope/core"));
        assertEquals(1, registry.requestCount("/@t5scope%2fcore"));
        assertEquals(404, unknown.statusCode());
        assertEquals("Not found", json(unknown.body()).getString("error"));
    }

    @Test
    void stoppedUpstreamRefusesConnectionsAndRestartsOnTheSamePort() throws Exception {
        registry.addPackage("t6-lib", "1.0.0");
        int port = registry.port();
        assertEquals(200, get("/t6-lib").statusCode());

        registry.stop();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());

        registry.start();
        assertEquals(port, registry.port());
        assertEquals(200, get("/t6-lib").statusCode());
    }

    @Test
    void faultsAreInjectedPerPrefixAndCleared() throws Exception {
        registry.addPackage("t7-lib", "1.0.0");
        registry.addPackage("t7-other", "1.0.0");

        registry.failWith("/t7-lib", 500);
        registry.failWith("/t7-other", 429, Map.of("Retry-After", "1"));
        assertEquals(500, get("/t7-lib").statusCode());
        HttpResponse<String> limited = get("/t7-other");
        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());

        registry.clearFaults();
        registry.failNext("/t7-lib", 1, 503, Map.of());
        assertEquals(503, get("/t7-lib").statusCode());
        assertEquals(200, get("/t7-lib").statusCode());
        assertEquals(3, registry.requestCount("/t7-lib"), "failed requests are counted too");
    }

    @Test
    void gatedLargeTarballSendsHalfThenWaitsForRelease() throws Exception {
        registry.addPackage("t8-big", "1.0.0");
        registry.setTarballPadding("t8-big", "1.0.0", 4 * 1024 * 1024);
        byte[] expected = registry.tarballBytes("t8-big", "1.0.0");
        assertTrue(expected.length > 4 * 1024 * 1024, "random padding does not compress");
        TarballGate gate = registry.gateTarball("t8-big", "1.0.0");

        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create(registry.tarballUrl("t8-big", "1.0.0"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(String.valueOf(expected.length), response.headers().firstValue("Content-Length").orElseThrow());
        try (InputStream body = response.body()) {
            byte[] firstHalf = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> body.readNBytes(expected.length / 2), "the first half arrives before the release");
            assertTrue(gate.awaitFirstHalfSent(Duration.ofSeconds(5)));
            assertFalse(gate.isReleased());

            gate.release();
            byte[] rest = body.readAllBytes();
            byte[] all = new byte[firstHalf.length + rest.length];
            System.arraycopy(firstHalf, 0, all, 0, firstHalf.length);
            System.arraycopy(rest, 0, all, firstHalf.length, rest.length);
            assertArrayEquals(expected, all);
        }
        assertEquals(registry.integrity("t8-big", "1.0.0"), NpmTarball.integrityOf(expected));
    }

    @Test
    void stoppingWhileATarballIsHeldCutsTheTransferShort() throws Exception {
        registry.addPackage("t10-lib", "1.0.0", Map.of(), 256 * 1024);
        TarballGate gate = registry.gateTarball("t10-lib", "1.0.0");
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create(registry.tarballUrl("t10-lib", "1.0.0"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertTrue(gate.awaitFirstHalfSent(Duration.ofSeconds(5)));

        assertTimeoutPreemptively(Duration.ofSeconds(10), registry::stop);

        try (InputStream body = response.body()) {
            assertThrows(IOException.class, body::readAllBytes, "the client sees a truncated body");
        }
    }

    @Test
    void delayedTarballAnswersLaterAndCorruptionChangesTheBytes() throws Exception {
        registry.addPackage("t9-lib", "1.0.0");
        registry.delayTarball("t9-lib", "1.0.0", Duration.ofMillis(300));

        long started = System.nanoTime();
        byte[] served = getBytes(registry.tarballUrl("t9-lib", "1.0.0"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 300);
        assertArrayEquals(registry.tarballBytes("t9-lib", "1.0.0"), served);

        registry.corruptTarball("t9-lib", "1.0.0");
        byte[] corrupted = getBytes(registry.tarballUrl("t9-lib", "1.0.0"));
        assertNotEquals(registry.integrity("t9-lib", "1.0.0"), NpmTarball.integrityOf(corrupted));
        assertTrue(entry(corrupted, "package/index.js").contains("module.exports"), "still a valid tarball");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(registry.baseUrl() + path));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(request(path).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private byte[] getBytes(String url) throws Exception {
        HttpResponse<byte[]> response = getBytesResponse(url);
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private HttpResponse<byte[]> getBytesResponse(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static String entry(byte[] tarball, String name) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new ByteArrayInputStream(tarball)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(name)) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
                names.add(entry.getName());
            }
        }
        throw new AssertionError(name + " not in tarball; entries: " + names);
    }
}
