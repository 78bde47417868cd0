package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.granary.testing.FakeNpmRegistry;
import org.granary.testing.NpmClient;
import org.granary.testing.NpmFixtures;
import org.granary.testing.NpmResult;
import org.granary.testing.NpmTarball;
import org.granary.testing.PrometheusText;
import org.granary.testing.TarballGate;
import org.junit.jupiter.api.Test;

/**
 * The npm proxy as a user meets it: the real npm client installing through Granary (deployed in WildFly)
 * from a fake npm registry on 127.0.0.1.
 */
class NpmProxyIT extends GranaryIT {

    private static final String NPM = GranaryServer.repositoryUrl("npm");

    private final FakeNpmRegistry upstream = fake(new FakeNpmRegistry(GranaryServer.upstreamPort("npm")));

    @Test
    void npmInstallsATreeThroughGranaryAndAgainFromCacheWithTheUpstreamStopped() throws Exception {
        NpmFixtures.NpmTree tree = NpmFixtures.standardTree(upstream, "inst");
        NpmClient npm = NpmClient.locate();

        NpmResult first = npm.install(Files.createDirectories(work.resolve("first")), NPM, tree.dependencies());
        assertTrue(first.succeeded(), first.describe());
        assertEquals(tree.expectedInstalled(), NpmClient.installedPackages(work.resolve("first")));

        upstream.stop();
        NpmResult offline = npm.install(Files.createDirectories(work.resolve("offline")), NPM, tree.dependencies());
        assertTrue(offline.succeeded(), offline.describe());
        assertEquals(tree.expectedInstalled(), NpmClient.installedPackages(work.resolve("offline")));
    }

    @Test
    void aPackageLockPrefetchedOnceLetsNpmCiInstallWithTheUpstreamStopped() throws Exception {
        String repo = unique("npm-prefetch");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "\"}");
        String registry = GranaryServer.repositoryUrl(repo);
        upstream.addPackage("jobs-a", "1.0.0", Map.of("jobs-b", "^2.0.0"));
        upstream.addPackage("jobs-b", "2.0.0", Map.of());
        String lock = "{\"name\":\"app\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"requires\":true,\"packages\":{"
                + "\"\":{\"name\":\"app\",\"version\":\"1.0.0\",\"dependencies\":{\"jobs-a\":\"1.0.0\"}},"
                + locked(registry, "jobs-a", "1.0.0", ",\"dependencies\":{\"jobs-b\":\"^2.0.0\"}") + ","
                + locked(registry, "jobs-b", "2.0.0", "") + "%s}}";
        String withAMissingOne = lock.formatted(",\"node_modules/jobs-gone\":{\"version\":\"9.9.9\",\"resolved\":\"" + registry
                + "jobs-gone/-/jobs-gone-9.9.9.tgz\"}");
        long bytes = upstream.tarballBytes("jobs-a", "1.0.0").length + upstream.tarballBytes("jobs-b", "2.0.0").length;

        JsonObject first = prefetch(repo, "package-lock", withAMissingOne.getBytes());
        assertEquals("succeeded", first.getString("status"), first.toString());
        assertEquals(Json.createObjectBuilder().add("fetched", 2).add("cached", 0).add("failed", 1).build(),
                first.getJsonObject("counts"));
        assertEquals(bytes, first.getJsonNumber("bytes").longValue());
        JsonObject failed = first.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(i -> i.getString("outcome").equals("failed")).findFirst().orElseThrow();
        assertEquals("jobs-gone@9.9.9", failed.getString("item"));
        assertTrue(failed.getString("reason").contains("not found"), failed.toString());

        JsonObject second = prefetch(repo, "package-lock", lock.formatted("").getBytes());
        assertEquals(Json.createObjectBuilder().add("fetched", 0).add("cached", 2).add("failed", 0).build(),
                second.getJsonObject("counts"), "a second run finds everything cached");
        assertEquals(1, upstream.tarballRequests("jobs-a", "1.0.0"));
        assertEquals(2, storage(repo).getInt("artifacts"));
        assertEquals(bytes, storage(repo).getJsonNumber("artifactBytes").longValue());

        upstream.stop();
        java.nio.file.Path project = Files.createDirectories(work.resolve("ci"));
        NpmClient.writePackageJson(project, Map.of("jobs-a", "1.0.0"));
        Files.writeString(project.resolve("package-lock.json"), lock.formatted(""));
        NpmResult ci = NpmClient.locate().run(project, registry, null, "ci");
        assertTrue(ci.succeeded(), ci.describe());
        assertEquals(java.util.Set.of("jobs-a", "jobs-b"), NpmClient.installedPackages(project).stream()
                .map(p -> p.name()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aLockfileOfAnotherKindOrForAGroupIsRefusedWithAMessage() throws Exception {
        HttpResponse<String> wrongKind = send("POST", API + "repositories/npm-proxy/prefetch?kind=cargo-lock", ADMIN,
                "[[package]]".getBytes(), "Content-Type", "application/octet-stream");
        assertEquals(400, wrongKind.statusCode());
        assertTrue(error(wrongKind).contains("the kinds are package-lock"), wrongKind.body());
        HttpResponse<String> group = send("POST", API + "repositories/npm/prefetch?kind=package-lock", ADMIN,
                "{}".getBytes(), "Content-Type", "application/json");
        assertEquals(400, group.statusCode());
        assertTrue(error(group).contains("fills a proxy repository"), group.body());
        HttpResponse<String> anonymous = send("POST", API + "repositories/npm-proxy/prefetch?kind=package-lock", null,
                "{}".getBytes(), "Content-Type", "application/json");
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    void evictingALargeTarballWhileItIsDownloadedDoesNotBreakTheDownload() throws Exception {
        String repo = unique("npm-evict");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "\"}");
        upstream.addPackage("jobs-big", "1.0.0", Map.of(), 16 << 20);
        byte[] expected = upstream.tarballBytes("jobs-big", "1.0.0");
        String url = GranaryServer.repositoryUrl(repo) + "jobs-big/-/jobs-big-1.0.0.tgz";
        assertEquals(expected.length, GranaryServer.get(url).body().length); // cached now
        updateRepository(repo, "{\"maxBytes\":0}");

        HttpResponse<InputStream> download = GranaryServer.http().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        try (InputStream in = download.body()) {
            got.write(in.readNBytes(1 << 20));
            JsonObject dry = json(ok(post(API + "repositories/" + repo + "/cleanup?dryRun=true", ADMIN, null)));
            JsonObject real = json(ok(post(API + "repositories/" + repo + "/cleanup", ADMIN, null)));
            assertEquals(dry.getJsonArray("removals"), real.getJsonArray("removals"), "the dry run said what went");
            assertEquals("over-quota", real.getJsonArray("removals").getJsonObject(0).getString("reason"));
            assertEquals(expected.length, real.getJsonNumber("bytes").longValue());
            in.transferTo(got);
        }
        assertArrayEquals(expected, got.toByteArray(), "the client got every byte");
        assertEquals(0, storage(repo).getInt("artifacts"));
        JsonObject run = awaitRun(json(ok(post(API + "repositories/" + repo + "/cleanup?dryRun=true", ADMIN, null)))
                .getJsonNumber("runId").longValue());
        assertEquals(repo, run.getString("repository"));
        assertEquals(0, run.getJsonObject("counts").getInt("wouldRemove"), "nothing is left to remove");
    }

    @Test
    void anAllowListRuleKeepsTheLatestVersionsCachedWhenThePrefetchJobRuns() throws Exception {
        String repo = unique("npm-rules");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "\"}");
        for (String v : List.of("1.0.0", "1.2.0", "1.10.0", "2.0.0-beta.1")) {
            upstream.addPackage("jobs-ruled", v, Map.of());
        }
        HttpResponse<String> rule = post(API + "repositories/" + repo + "/prefetch/rules", ADMIN,
                "{\"pattern\":\"jobs-ruled\",\"versions\":\"latest 2\"}");
        assertEquals(201, rule.statusCode(), rule.body());
        HttpResponse<String> nonsense = post(API + "repositories/" + repo + "/prefetch/rules", ADMIN,
                "{\"pattern\":\"jobs-ruled\",\"versions\":\"newest\"}");
        assertEquals(400, nonsense.statusCode());
        assertTrue(error(nonsense).contains("not a version rule"), nonsense.body());

        JsonObject run = runJob("prefetch");

        assertEquals("succeeded", run.getString("status"), run.toString());
        List<String> fetched = run.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(i -> i.getString("item").startsWith(repo + "/")).map(i -> i.getString("item") + " " + i.getString("outcome"))
                .toList();
        assertEquals(List.of(repo + "/jobs-ruled@1.10.0 fetched", repo + "/jobs-ruled@1.2.0 fetched"), fetched,
                "the two highest releases, compared as versions; the beta is not a release");
        assertEquals(200, GranaryServer.get(GranaryServer.repositoryUrl(repo) + "jobs-ruled/-/jobs-ruled-1.10.0.tgz")
                .statusCode());
        JsonObject jobs = json(ok(send("GET", API + "jobs", ADMIN, null)));
        JsonObject prefetchJob = jobs.getJsonArray("jobs").getValuesAs(JsonObject.class).stream()
                .filter(j -> j.getString("name").equals("prefetch")).findFirst().orElseThrow();
        assertEquals(run.getJsonNumber("id").longValue(), prefetchJob.getJsonObject("lastRun").getJsonNumber("id").longValue());
        assertFalse(prefetchJob.isNull("nextRun"));

        HttpResponse<String> hostedPolicy = put(API + "repositories/npm-hosted", ADMIN, "{\"maxBytes\":1000}");
        assertEquals(400, hostedPolicy.statusCode());
        assertTrue(error(hostedPolicy).contains("hosted artifacts are never evicted"), hostedPolicy.body());
    }

    /** A package-lock entry of {@code name@version} resolved at {@code registry}, with the upstream's integrity. */
    private String locked(String registry, String name, String version, String more) {
        return "\"node_modules/" + name + "\":{\"version\":\"" + version + "\",\"resolved\":\"" + registry + name + "/-/"
                + name + "-" + version + ".tgz\",\"integrity\":\"" + upstream.integrity(name, version) + "\"" + more + "}";
    }

    @Test
    void scopedPackagesResolveInBothEncodingsWithTarballsRewrittenToGranary() throws Exception {
        upstream.addPackage("@scoped/widget", "1.0.0", Map.of());
        upstream.addPackage("@scoped/widget", "1.1.0", Map.of());

        JsonObject encoded = json(GranaryServer.get(NPM + "@scoped%2fwidget"));
        JsonObject plain = json(GranaryServer.get(NPM + "@scoped/widget"));
        assertEquals(encoded.getJsonObject("versions").keySet(), plain.getJsonObject("versions").keySet());
        assertEquals(NPM + "@scoped/widget/-/widget-1.1.0.tgz",
                plain.getJsonObject("versions").getJsonObject("1.1.0").getJsonObject("dist").getString("tarball"));

        HttpResponse<byte[]> tarball = GranaryServer.get(NPM + "@scoped/widget/-/widget-1.1.0.tgz");
        assertEquals(200, tarball.statusCode());
        assertArrayEquals(upstream.tarballBytes("@scoped/widget", "1.1.0"), tarball.body());
    }

    @Test
    void packumentsHonourAbbreviationForwardedHostsCompressionAndETags() throws Exception {
        upstream.addPackage("meta-pkg", "1.0.0", Map.of());

        HttpResponse<byte[]> abbreviated = GranaryServer.get(NPM + "meta-pkg",
                "Accept", "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*");
        assertEquals(200, abbreviated.statusCode());
        assertTrue(abbreviated.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.npm.install-v1+json"));
        JsonObject corgi = json(abbreviated);
        assertFalse(corgi.containsKey("time"), "abbreviated packument carries no time field");

        JsonObject forwarded = json(GranaryServer.get(NPM + "meta-pkg",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "repo.example.test"));
        assertEquals("https://repo.example.test/granary/npm/meta-pkg/-/meta-pkg-1.0.0.tgz",
                forwarded.getJsonObject("versions").getJsonObject("1.0.0").getJsonObject("dist").getString("tarball"));

        HttpResponse<byte[]> gzipped = GranaryServer.get(NPM + "meta-pkg", "Accept-Encoding", "gzip");
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(null));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertEquals("meta-pkg", Json.createReader(in).readObject().getString("name"));
        }

        String etag = gzipped.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> notModified = GranaryServer.get(NPM + "meta-pkg", "Accept-Encoding", "gzip", "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());

        JsonObject tags = json(GranaryServer.get(NPM + "-/package/meta-pkg/dist-tags"));
        assertEquals("1.0.0", tags.getString("latest"));
    }

    @Test
    void cachedTarballsSupportHeadRangeAndConditionalRequests() throws Exception {
        upstream.addPackage("range-pkg", "1.0.0", Map.of(), 50_000);
        byte[] expected = upstream.tarballBytes("range-pkg", "1.0.0");
        String url = NPM + "range-pkg/-/range-pkg-1.0.0.tgz";
        assertEquals(200, GranaryServer.get(url).statusCode());

        HttpResponse<Void> head = GranaryServer.head(url);
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(expected.length), head.headers().firstValue("Content-Length").orElse(null));

        HttpResponse<byte[]> range = GranaryServer.get(url, "Range", "bytes=100-199");
        assertEquals(206, range.statusCode());
        assertEquals("bytes 100-199/" + expected.length, range.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 100, 200), range.body());

        assertEquals(416, GranaryServer.get(url, "Range", "bytes=" + expected.length + "-").statusCode());

        String etag = range.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, GranaryServer.get(url, "If-None-Match", etag).statusCode());
    }

    @Test
    void aTarballThatDoesNotMatchItsIntegrityFailsTheInstallClearlyAndIsNotCached() throws Exception {
        upstream.addPackage("tampered", "1.0.0", Map.of());
        upstream.corruptTarball("tampered", "1.0.0");

        NpmResult result = NpmClient.locate().install(Files.createDirectories(work.resolve("tampered")), NPM,
                Map.of("tampered", "1.0.0"));
        assertFalse(result.succeeded(), result.describe());
        assertTrue(result.output().contains("integrity check failed for tampered@1.0.0"), result.describe());

        String url = NPM + "tampered/-/tampered-1.0.0.tgz";
        HttpResponse<byte[]> again = GranaryServer.get(url);
        assertEquals(502, again.statusCode());
        assertTrue(new String(again.body()).contains("integrity check failed for tampered@1.0.0"));
        assertFalse(Files.exists(GranaryServer.dataDir().resolve("blobs/artifacts/npm-proxy/tampered")),
                "nothing of the tampered tarball may be stored");

        upstream.restoreTarball("tampered", "1.0.0");
        HttpResponse<byte[]> fixed = GranaryServer.get(url);
        assertEquals(200, fixed.statusCode());
        assertEquals(upstream.integrity("tampered", "1.0.0"), NpmTarball.integrityOf(fixed.body()));
    }

    @Test
    void fiftyConcurrentRequestsForAnUncachedTarballMakeOneUpstreamRequest() throws Exception {
        upstream.addPackage("popular", "1.0.0", Map.of(), 200_000);
        upstream.delayTarball("popular", "1.0.0", Duration.ofMillis(700));
        String url = NPM + "popular/-/popular-1.0.0.tgz";
        assertEquals(200, GranaryServer.get(NPM + "popular").statusCode());

        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                responses.add(pool.submit(() -> GranaryServer.get(url)));
            }
            for (Future<HttpResponse<byte[]>> f : responses) {
                HttpResponse<byte[]> r = f.get(2, TimeUnit.MINUTES);
                assertEquals(200, r.statusCode());
                assertEquals(upstream.integrity("popular", "1.0.0"), NpmTarball.integrityOf(r.body()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, upstream.tarballRequests("popular", "1.0.0"));
        awaitStatistics();
    }

    /** Requests (each a hit or a miss) and bytes served reach the database within the statistics job's period (15 s). */
    private static void awaitStatistics() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        JsonObject stats = null;
        while (System.nanoTime() < deadline) {
            stats = json(GranaryServer.get(GranaryServer.baseUrl() + "/api/repositories/npm-proxy", "Authorization", ADMIN))
                    .getJsonObject("stats");
            if (stats.getJsonNumber("hits").longValue() + stats.getJsonNumber("misses").longValue() >= 50
                    && stats.getJsonNumber("bytesServed").longValue() >= 50L * 200_000) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(stats.getJsonNumber("hits").longValue() + stats.getJsonNumber("misses").longValue() >= 50, stats.toString());
        assertTrue(stats.getJsonNumber("bytesServed").longValue() >= 50L * 200_000, stats.toString());
        // The group asked its hosted member first each time; not having a proxied package is not a miss there.
        JsonObject hosted = json(GranaryServer.get(GranaryServer.baseUrl() + "/api/repositories/npm-hosted",
                "Authorization", ADMIN)).getJsonObject("stats");
        assertEquals(0, hosted.getJsonNumber("misses").longValue(), hosted.toString());
    }

    @Test
    void theFirstClientReceivesBytesWhileTheUpstreamIsStillSending() throws Exception {
        upstream.addPackage("slow-big", "1.0.0", Map.of(), 2_000_000);
        TarballGate gate = upstream.gateTarball("slow-big", "1.0.0");
        String url = NPM + "slow-big/-/slow-big-1.0.0.tgz";

        HttpResponse<InputStream> response = GranaryServer.http().send(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(gate.awaitFirstHalfSent(Duration.ofSeconds(30)));
        InputStream body = response.body();
        byte[] start = CompletableFuture.supplyAsync(() -> {
            try {
                return body.readNBytes(64 * 1024);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(30, TimeUnit.SECONDS);
        assertFalse(gate.isReleased(), "the bytes arrived before the upstream finished");
        assertEquals(64 * 1024, start.length);

        gate.release();
        byte[] rest = body.readAllBytes();
        byte[] all = new byte[start.length + rest.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(rest, 0, all, start.length, rest.length);
        assertEquals(upstream.integrity("slow-big", "1.0.0"), NpmTarball.integrityOf(all));
    }

    @Test
    void missingPackagesAre404AndAnUnreachableUpstreamWithNothingCachedIs502() throws Exception {
        HttpResponse<byte[]> missing = GranaryServer.get(NPM + "does-not-exist");
        assertEquals(404, missing.statusCode());
        assertNotNull(json(missing).getString("error"));
        assertEquals(404, GranaryServer.get(NPM + "does-not-exist").statusCode());
        assertEquals(1, upstream.packumentRequests("does-not-exist"), "a recent upstream 404 is remembered");

        upstream.stop();
        HttpResponse<byte[]> down = GranaryServer.get(NPM + "never-seen-before");
        assertEquals(502, down.statusCode());
        assertTrue(json(down).getString("error").contains("nothing is cached"));
    }

    @Test
    void badNamesAreRejectedWith400AndAMessage() throws Exception {
        for (String bad : List.of(".hidden", "_private", "bad%20name", "%00nul", "ok/-/other-1.0.0.tgz", "@scope%2f..")) {
            HttpResponse<byte[]> r = GranaryServer.get(NPM + bad);
            assertEquals(400, r.statusCode(), bad);
            assertFalse(json(r).getString("error").isBlank());
        }
        // Traversal that the container itself normalises never reaches a repository at all.
        for (String traversal : List.of("%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd")) {
            int status = GranaryServer.get(NPM + traversal).statusCode();
            assertTrue(status == 400 || status == 404, traversal + " gave " + status);
        }
    }

    @Test
    void healthReportsDatabaseAndStorage() throws Exception {
        JsonObject health = json(GranaryServer.get(GranaryServer.baseUrl() + "/health"));
        assertEquals("UP", health.getString("status"));
        assertEquals("UP", health.getJsonObject("checks").getJsonObject("database").getString("status"));
        assertEquals("UP", health.getJsonObject("checks").getJsonObject("storage").getString("status"));
    }

    @Test
    void prometheusReadsHitsMissesBytesAndUpstreamLatencyAfterTraffic() throws Exception {
        upstream.addPackage("metered", "1.0.0", Map.of(), 10_000);
        String tarball = NPM + "metered/-/metered-1.0.0.tgz";
        int size = upstream.tarballBytes("metered", "1.0.0").length;
        PrometheusText before = scrape();

        // a packument, then the tarball twice: a miss fetched upstream, then a hit from the cache
        assertEquals(200, GranaryServer.get(NPM + "metered").statusCode());
        assertEquals(200, GranaryServer.get(tarball).statusCode());
        assertEquals(200, GranaryServer.get(tarball).statusCode());
        PrometheusText after = scrape();

        String[] proxy = {"repository", "npm-proxy", "format", "npm"};
        assertEquals(1, delta(before, after, "granary_cache_misses_total", proxy));
        assertEquals(1, delta(before, after, "granary_cache_hits_total", proxy));
        assertEquals(size, delta(before, after, "granary_saved_bytes_total", proxy));
        assertTrue(delta(before, after, "granary_served_bytes_total", proxy) >= 2.0 * size);
        assertEquals(1, delta(before, after, "granary_upstream_request_seconds_count",
                "repository", "npm-proxy", "kind", "artifact"));
        assertTrue(delta(before, after, "granary_upstream_request_seconds_count",
                "repository", "npm-proxy", "kind", "metadata") >= 1);
        assertEquals(0, delta(before, after, "granary_upstream_errors_total", proxy));
        assertFalse(after.find("jvm_memory_used_bytes").isEmpty(), "JVM meters are there too");
        assertEquals(64, after.sum("granary_downloads_limit"));
    }

    @Test
    void metricsAreRefusedToRemoteClientsWithoutCredentials() throws Exception {
        // 127.0.0.1 (the tests) is a trusted proxy here: a forwarded client elsewhere is not in the default list
        HttpResponse<String> remote = send("GET", GranaryServer.baseUrl() + "/metrics", null, null,
                "X-Forwarded-For", "203.0.113.9");
        assertEquals(401, remote.statusCode(), remote.body());
        assertTrue(error(remote).contains("GRANARY_METRICS_ALLOWED_FROM"), remote.body());

        HttpResponse<String> reader = send("GET", GranaryServer.baseUrl() + "/metrics",
                basic(createUser("reader"), PASSWORD), null, "X-Forwarded-For", "203.0.113.9");
        assertEquals(403, reader.statusCode(), reader.body());

        HttpResponse<String> admin = send("GET", GranaryServer.baseUrl() + "/metrics", ADMIN, null,
                "X-Forwarded-For", "203.0.113.9");
        assertEquals(200, admin.statusCode(), admin.body());
        assertTrue(admin.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    }

    private static PrometheusText scrape() throws Exception {
        HttpResponse<byte[]> r = GranaryServer.get(GranaryServer.baseUrl() + "/metrics");
        assertEquals(200, r.statusCode(), () -> text(r));
        return PrometheusText.parse(text(r));
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
