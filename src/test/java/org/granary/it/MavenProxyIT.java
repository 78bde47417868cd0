package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.granary.testing.FakeMavenUpstream;
import org.granary.testing.FakeMavenUpstream.Checksums;
import org.granary.testing.MavenClient;
import org.granary.testing.MavenFixtures;
import org.granary.testing.MavenFixtures.Gav;
import org.granary.testing.MavenResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Maven proxy as a user meets it: the real {@code mvn} resolving a project's dependencies (and its own
 * plugin) through Granary's group URL, deployed in WildFly, from a fake Maven repository on 127.0.0.1.
 */
class MavenProxyIT extends GranaryIT {

    private static final String MAVEN = GranaryServer.repositoryUrl("maven");
    private static final Path METADATA_BLOBS = GranaryServer.dataDir().resolve("blobs/metadata/maven-proxy");
    /** Part of every fixture groupId, so that a rerun against the same data directory starts from nothing. */
    private static final String RUN = "r" + Long.toString(System.currentTimeMillis(), 36);

    private FakeMavenUpstream upstream;

    @BeforeEach
    void startUpstream() {
        MavenClient.requirePluginIn(MavenClient.buildLocalRepository());
        upstream = fake(new FakeMavenUpstream(GranaryServer.upstreamPort("maven"), MavenClient.buildLocalRepository()));
    }

    @Test
    void mvnResolvesATransitiveTreeThroughGranaryAndAgainWithTheUpstreamStopped() throws Exception {
        MavenFixtures.Tree tree = MavenFixtures.standardTree(upstream, RUN + ".build");
        MavenClient mvn = MavenClient.locate();
        String pom = MavenFixtures.consumerPom("consumer-build", tree.dependencies());

        MavenResult first = mvn.copyDependencies(work.resolve("first"), pom, MAVEN, work.resolve("repo-first"));
        assertTrue(first.succeeded(), first.describe());
        assertCopied(tree, work.resolve("first"));
        Path repo = work.resolve("repo-first");
        assertArrayEquals(upstream.bytes(tree.libC().jar()), Files.readAllBytes(repo.resolve(tree.libC().jar())));
        String snapshotJar = tree.snapshot().file("1.0-" + MavenFixtures.SNAPSHOT_BUILD_2, "jar");
        assertArrayEquals(upstream.bytes(snapshotJar), Files.readAllBytes(repo.resolve(snapshotJar)));

        // Everything came through Granary: the fixtures, the metadata behind the range and the snapshot, the plugin.
        assertEquals(1, upstream.requests(tree.libA().jar()));
        assertEquals(1, upstream.requests(tree.libB().jar()));
        assertTrue(upstream.requests(tree.libC().artifactMetadata()) >= 1, "lib-c's range was resolved from its metadata");
        assertTrue(upstream.requests(tree.snapshot().versionMetadata()) >= 1);
        assertTrue(upstream.requests(snapshotJar) >= 1);
        String[] plugin = MavenClient.DEPENDENCY_PLUGIN.split(":");
        assertTrue(Files.isRegularFile(repo.resolve(plugin[0].replace('.', '/') + "/" + plugin[1] + "/" + plugin[2] + "/"
                + plugin[1] + "-" + plugin[2] + ".jar")), "mvn loaded its plugin through Granary, its only repository");
        assertEquals(0, upstream.requests(tree.libA().jar() + ".md5"), "checksums are computed by Granary, not proxied");

        upstream.stop();
        MavenResult offline = mvn.copyDependencies(work.resolve("offline"), pom, MAVEN, work.resolve("repo-offline"));
        assertTrue(offline.succeeded(), offline.describe());
        assertCopied(tree, work.resolve("offline"));
    }

    @Test
    void aCoordinateListPrefetchedOnceIsServedWithTheUpstreamStopped() throws Exception {
        String repo = unique("maven-prefetch");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"maven\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + "http://127.0.0.1:" + GranaryServer.upstreamPort("maven") + "/\"}");
        Gav lib = new Gav(fixture("prefetch"), "pre-lib", "1.0");
        Gav other = new Gav(fixture("prefetch"), "pre-other", "2.0");
        byte[] libJar = MavenFixtures.publishLibrary(upstream, lib, null, "", 4_000, Checksums.SHA1);
        byte[] otherJar = MavenFixtures.publishLibrary(upstream, other, null, "", 3_000, Checksums.SHA1_SHA256);
        String list = lib.groupId() + ":" + lib.artifactId() + ":" + lib.version() + "\n"
                + other.groupId() + ":" + other.artifactId() + ":jar:" + other.version() + ":compile\n"
                + lib.groupId() + ":missing:1.0\n";

        JsonObject first = prefetch(repo, "maven", list.getBytes(StandardCharsets.UTF_8));
        assertEquals(4, first.getJsonObject("counts").getInt("fetched"), "two poms and two jars: " + first);
        assertEquals(2, first.getJsonObject("counts").getInt("failed"), "the missing artifact's pom and jar: " + first);
        JsonObject second = prefetch(repo, "maven", list.getBytes(StandardCharsets.UTF_8));
        assertEquals(4, second.getJsonObject("counts").getInt("cached"), second.toString());
        assertEquals(1, upstream.requests(lib.jar()));

        upstream.stop();
        String base = GranaryServer.repositoryUrl(repo);
        assertArrayEquals(libJar, ok(GranaryServer.get(base + lib.jar())).body());
        assertArrayEquals(otherJar, ok(GranaryServer.get(base + other.jar())).body());
        assertEquals(200, GranaryServer.get(base + other.pom()).statusCode());
        assertEquals(4, storage(repo).getInt("artifacts"), "what the prefetch stored, nothing else");
    }

    @Test
    void aPomPrefetchedOnceLetsMvnResolveItsDependenciesWithTheUpstreamStopped() throws Exception {
        String repo = unique("maven-prefetch-pom");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"maven\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + "http://127.0.0.1:" + GranaryServer.upstreamPort("maven") + "/\"}");
        String url = GranaryServer.repositoryUrl(repo);
        Gav lib = new Gav(fixture("pomfetch"), "pom-lib", "1.0");
        Gav other = new Gav(fixture("pomfetch"), "pom-other", "2.1");
        byte[] libJar = MavenFixtures.publishLibrary(upstream, lib, null, "", 4_000, Checksums.SHA1);
        byte[] otherJar = MavenFixtures.publishLibrary(upstream, other, null, "", 3_000, Checksums.SHA1_SHA256);
        MavenClient mvn = MavenClient.locate();
        // mvn's own plugin is a build tool, not the project's locked set: a build of a project without dependencies
        // caches it in the repository while the upstream is up (it asks for nothing of lib or other).
        MavenResult plugin = mvn.copyDependencies(work.resolve("plugin"), MavenFixtures.consumerPom("no-deps", List.of()),
                url, work.resolve("repo-plugin"));
        assertTrue(plugin.succeeded(), plugin.describe());
        assertEquals(0, upstream.requests(lib.pom()) + upstream.requests(other.pom()));
        String pom = MavenFixtures.consumerPom("consumer-pomfetch", List.of(lib, other));

        JsonObject first = prefetch(repo, "maven", pom.getBytes(StandardCharsets.UTF_8));
        assertEquals(4, first.getJsonObject("counts").getInt("fetched"), "the poms and jars of both: " + first);
        assertEquals(0, first.getJsonObject("counts").getInt("failed"), first.toString());
        JsonObject second = prefetch(repo, "maven", pom.getBytes(StandardCharsets.UTF_8));
        assertEquals(4, second.getJsonObject("counts").getInt("cached"), second.toString());

        upstream.stop();
        MavenResult offline = mvn.copyDependencies(work.resolve("offline"), pom, url, work.resolve("repo-offline"));
        assertTrue(offline.succeeded(), offline.describe());
        Path copied = work.resolve("offline/target/dependency");
        assertArrayEquals(libJar, Files.readAllBytes(copied.resolve("pom-lib-1.0.jar")));
        assertArrayEquals(otherJar, Files.readAllBytes(copied.resolve("pom-other-2.1.jar")));
        assertEquals(1, upstream.requests(lib.jar()), "fetched by the prefetch alone");
    }

    @Test
    void aJarThatDoesNotMatchItsChecksumFailsTheBuildAndIsNotCached() throws Exception {
        Gav lib = new Gav(fixture("tampered"), "tampered-lib", "1.0");
        byte[] good = MavenFixtures.publishLibrary(upstream, lib, null, "", 20_000, Checksums.SHA1);
        upstream.corrupt(lib.jar());

        MavenResult result = MavenClient.locate().copyDependencies(work.resolve("tampered"),
                MavenFixtures.consumerPom("consumer-tampered", List.of(lib)), MAVEN, work.resolve("repo"));
        assertFalse(result.succeeded(), result.describe());
        // Granary either answers 502 at once, or (while it streams the first download) cuts the body one byte
        // short when verification fails: either way mvn names the jar and the failed transfer.
        assertTrue(result.output().contains("tampered-lib:jar:1.0") && (result.output().contains("502 Bad Gateway")
                || result.output().contains("Premature end of Content-Length delimited message body")), result.describe());
        assertFalse(Files.exists(work.resolve("repo").resolve(lib.jar())), "mvn kept no corrupted jar");

        HttpResponse<byte[]> again = GranaryServer.get(MAVEN + lib.jar());
        assertEquals(502, again.statusCode());
        assertTrue(error(again).contains("integrity check failed for " + fixture("tampered") + ":tampered-lib@1.0"),
                error(again));
        assertEquals(List.of(), GranaryServer.storedBlobs("artifacts/maven-proxy/" + lib.jar()),
                "nothing of the tampered jar may be stored");

        upstream.restore(lib.jar());
        HttpResponse<byte[]> fixed = GranaryServer.get(MAVEN + lib.jar());
        assertEquals(200, fixed.statusCode());
        assertArrayEquals(good, fixed.body());
        assertEquals(FakeMavenUpstream.hex("sha1", good), text(ok(GranaryServer.get(MAVEN + lib.jar() + ".sha1"))));
    }

    @Test
    void checksumFilesAlwaysAgreeWithTheBytesGranaryServes() throws Exception {
        Gav lib = new Gav(fixture("sums"), "sums-lib", "2.0");
        byte[] jar = MavenFixtures.publishLibrary(upstream, lib, null, "", 40_000, Checksums.SHA1);
        HttpResponse<byte[]> got = GranaryServer.get(MAVEN + lib.jar());
        assertEquals(200, got.statusCode());
        assertArrayEquals(jar, got.body());
        for (String ext : List.of("md5", "sha1", "sha256", "sha512")) {
            HttpResponse<byte[]> sum = GranaryServer.get(MAVEN + lib.jar() + "." + ext);
            assertEquals(200, sum.statusCode(), ext);
            assertEquals(FakeMavenUpstream.hex(ext, jar), text(ok(sum)), ext);
        }
        assertEquals(1, upstream.requests(lib.jar() + ".sha1"), "the upstream .sha1 was read once, to verify");
        assertEquals(0, upstream.requests(lib.jar() + ".md5"));

        // The strongest checksum the upstream publishes is the one verified against.
        Gav strong = new Gav(fixture("sums"), "strong-lib", "1.0");
        MavenFixtures.publishLibrary(upstream, strong, null, "", 1_000, Checksums.ALL);
        assertEquals(200, GranaryServer.get(MAVEN + strong.jar()).statusCode());
        assertEquals(1, upstream.requests(strong.jar() + ".sha512"));
        // the three are asked for at once, so the weaker ones may be read too, but never twice
        assertTrue(upstream.requests(strong.jar() + ".sha1") <= 1);
        assertTrue(upstream.requests(strong.jar() + ".sha256") <= 1);

        // No checksum upstream: cached without verification (and said so in the log), still with checksums.
        Gav bare = new Gav(fixture("sums"), "bare-lib", "1.0");
        byte[] bareJar = MavenFixtures.publishLibrary(upstream, bare, null, "", 3_000, Checksums.NONE);
        assertArrayEquals(bareJar, GranaryServer.get(MAVEN + bare.jar()).body());
        assertEquals(FakeMavenUpstream.hex("sha1", bareJar), text(ok(GranaryServer.get(MAVEN + bare.jar() + ".sha1"))));
        assertEquals(1, GranaryServer.storedBlobs("artifacts/maven-proxy/" + bare.jar()).size());

        // maven-metadata.xml is served byte for byte, and its checksums are those of the served bytes.
        upstream.publish(lib.artifactMetadata(), MavenFixtures.artifactMetadata(lib.groupId(), lib.artifactId(),
                List.of("1.0", "2.0")), Checksums.NONE);
        HttpResponse<byte[]> metadata = GranaryServer.get(MAVEN + lib.artifactMetadata());
        assertEquals(200, metadata.statusCode());
        assertArrayEquals(upstream.bytes(lib.artifactMetadata()), metadata.body());
        assertEquals(FakeMavenUpstream.hex("sha1", metadata.body()),
                text(ok(GranaryServer.get(MAVEN + lib.artifactMetadata() + ".sha1"))));
        assertEquals(FakeMavenUpstream.hex("md5", metadata.body()),
                text(ok(GranaryServer.get(MAVEN + lib.artifactMetadata() + ".md5"))));
    }

    @Test
    void releaseFilesAnswerHeadRangesAndConditionalRequests() throws Exception {
        Gav lib = new Gav(fixture("head"), "head-lib", "1.0");
        byte[] jar = MavenFixtures.publishLibrary(upstream, lib, null, "", 30_000, Checksums.SHA1);
        String url = MAVEN + lib.jar();

        HttpResponse<Void> head = GranaryServer.head(url);
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(jar.length), head.headers().firstValue("Content-Length").orElse(null));

        HttpResponse<byte[]> range = GranaryServer.get(url, "Range", "bytes=100-199");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(jar, 100, 200), range.body());
        assertEquals("application/java-archive", range.headers().firstValue("Content-Type").orElse(null));
        String etag = range.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, GranaryServer.get(url, "If-None-Match", etag).statusCode());

        assertEquals(200, GranaryServer.head(MAVEN + lib.pom()).statusCode());
        assertEquals(200, GranaryServer.head(url + ".sha1").statusCode());
        assertEquals(404, GranaryServer.head(MAVEN + fixture("head").replace('.', '/') + "/head-lib/9.9/head-lib-9.9.jar")
                .statusCode());
        assertEquals(1, upstream.requests(lib.jar()), "one upstream fetch for HEAD, GET and ranges");
    }

    @Test
    void snapshotMetadataAndFilesFollowTheUpstreamAndAreVerified() throws Exception {
        Gav snap = new Gav(fixture("snap"), "snap-lib", "2.0-SNAPSHOT");
        byte[] build1 = MavenFixtures.publishSnapshotBuild(upstream, snap, "20250101.000000-1", 5_000);
        String metadata = MAVEN + snap.versionMetadata();
        assertTrue(text(ok(GranaryServer.get(metadata))).contains("<value>2.0-20250101.000000-1</value>"));
        assertArrayEquals(build1, GranaryServer.get(MAVEN + snap.file("2.0-20250101.000000-1", "jar")).body());

        // A new build upstream shows up at once (the ITs run with a metadata max age of zero).
        byte[] build2 = MavenFixtures.publishSnapshotBuild(upstream, snap, "20250102.000000-2", 6_000);
        assertTrue(text(ok(GranaryServer.get(metadata))).contains("<value>2.0-20250102.000000-2</value>"));
        String jar2 = MAVEN + snap.file("2.0-20250102.000000-2", "jar");
        assertArrayEquals(build2, GranaryServer.get(jar2).body());
        assertEquals(FakeMavenUpstream.hex("sha1", build2), text(ok(GranaryServer.get(jar2 + ".sha1"))));

        // A non-timestamped -SNAPSHOT file is mutable too.
        byte[] v1 = MavenFixtures.jar(snap, "v1", 1_000);
        byte[] v2 = MavenFixtures.jar(snap, "v2", 1_000);
        upstream.publish(snap.jar(), v1, Checksums.SHA1);
        assertArrayEquals(v1, GranaryServer.get(MAVEN + snap.jar()).body());
        upstream.publish(snap.jar(), v2, Checksums.SHA1);
        assertArrayEquals(v2, GranaryServer.get(MAVEN + snap.jar()).body());

        // A snapshot file that does not match its upstream checksum is refused and not cached.
        String build3 = snap.file("2.0-20250103.000000-3", "jar");
        MavenFixtures.publishSnapshotBuild(upstream, snap, "20250103.000000-3", 2_000);
        upstream.corrupt(build3);
        HttpResponse<byte[]> refused = GranaryServer.get(MAVEN + build3);
        assertEquals(502, refused.statusCode());
        assertTrue(error(refused).contains("integrity check failed"), error(refused));
        assertFalse(Files.exists(METADATA_BLOBS.resolve(build3)));

        // With the upstream down, the cached copy is served and marked stale.
        upstream.stop();
        HttpResponse<byte[]> stale = GranaryServer.get(metadata);
        assertEquals(200, stale.statusCode());
        assertTrue(stale.headers().firstValue("Warning").orElse("").startsWith("110"));
        assertArrayEquals(build2, GranaryServer.get(jar2).body());
    }

    @Test
    void missingFilesAre404AndAnUnreachableUpstreamWithNothingCachedIs502() throws Exception {
        String base = fixture("missing").replace('.', '/');
        String missing = base + "/nope/1.0/nope-1.0";
        for (String path : List.of(missing + ".jar", missing + ".pom.sha1", base + "/nope/maven-metadata.xml",
                base + "/nope/1.0-SNAPSHOT/maven-metadata.xml")) {
            HttpResponse<byte[]> r = GranaryServer.get(MAVEN + path);
            assertEquals(404, r.statusCode(), path);
            assertFalse(error(r).isBlank());
        }

        // Garbage served as metadata is refused rather than cached.
        upstream.publish(base + "/html/maven-metadata.xml",
                "<html><body>Welcome!</body></html>".getBytes(StandardCharsets.UTF_8), Checksums.NONE);
        HttpResponse<byte[]> garbage = GranaryServer.get(MAVEN + base + "/html/maven-metadata.xml");
        assertEquals(502, garbage.statusCode());
        assertTrue(error(garbage).contains("<metadata>"), error(garbage));

        upstream.stop();
        assertEquals(502, GranaryServer.get(MAVEN + base + "/down/1.0/down-1.0.jar").statusCode());
        assertEquals(502, GranaryServer.get(MAVEN + base + "/down/maven-metadata.xml").statusCode());
    }

    @Test
    void badPathsAreRejectedWith400AndAMessage() throws Exception {
        for (String bad : List.of("org/granary/a/1.0/b-1.0.jar", "org/granary/a/1.0/a%201.0.jar",
                "org/granary/a%2f/1.0/a-1.0.jar", "org/granary/a/1.0/a-1.0.j%C3%A4r", "org/gr:anary/a/1.0/a-1.0.jar",
                "org/granary/a/1.0-SNAPSHOT/a-1.0-2025.1-1.jar")) {
            HttpResponse<byte[]> r = GranaryServer.get(MAVEN + bad);
            assertEquals(400, r.statusCode(), bad);
            assertFalse(error(r).isBlank());
        }
        for (String traversal : List.of("%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd", "org/..%2f..%2f/x/1/x-1.jar")) {
            int status = GranaryServer.get(MAVEN + traversal).statusCode();
            assertTrue(status == 400 || status == 404, traversal + " gave " + status);
        }
        assertEquals(0, upstream.totalRequests(), "nothing invalid reaches the upstream");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static String fixture(String test) {
        return "org.granary.fixture." + RUN + "." + test;
    }

    private static void assertCopied(MavenFixtures.Tree tree, Path project) throws IOException {
        Path copied = project.resolve("target/dependency");
        assertEquals(new TreeSet<>(tree.expectedJars().keySet()), fileNames(copied));
        for (Map.Entry<String, byte[]> jar : tree.expectedJars().entrySet()) {
            assertArrayEquals(jar.getValue(), Files.readAllBytes(copied.resolve(jar.getKey())), jar.getKey());
        }
    }

    private static TreeSet<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
