package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
 * The same WAR on GlassFish 7 (Jersey, Soteria, EclipseLink), on its embedded default (H2 file, filesystem blobs):
 * it deploys and is healthy, the real npm installs a dependency tree through it from a fake upstream, npm publishes
 * to it, an administrator signs in to the console, and Prometheus reads its metrics. Not an Arquillian test: the
 * server runs in a JVM of its own ({@link GlassFishServer}), on {@code it.glassfish.http.port}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlassFishSmokeIT {

    private static final String ADMIN_PASSWORD = "admin-glassfish-password";
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private FakeNpmRegistry upstream;
    private ServerProcess server;

    @TempDir
    Path work;

    @BeforeAll
    void startGlassFish() throws Exception {
        upstream = new FakeNpmRegistry();
        Path dir = Path.of(System.getProperty("it.glassfish.dir", "target/glassfish-it"));
        server = GlassFishServer.start(dir, Integer.getInteger("it.glassfish.http.port", 38080), Map.of(
                "granary.data.dir", dir.resolve("data").toAbsolutePath().toString(),
                "granary.admin.password", ADMIN_PASSWORD,
                "granary.metadata.max-age", "PT0S",
                "granary.upstream.npm", upstream.baseUrl() + "/"),
                // npm asks for scoped packages as @scope%2fname: Grizzly refuses encoded slashes unless told otherwise
                // (tomcat-config/glassfish-granary.asadmin, for the embedded server's one listener)
                List.of("set configs.config.server-config.network-config.protocols.protocol.http-listener.http"
                        + ".encoded-slash-enabled=true"));
    }

    @AfterAll
    void stopGlassFish() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    @Test
    void itIsHealthyOnTheEmbeddedDatabaseAndStorage() throws Exception {
        JsonObject health = json(get("/health", null));
        assertEquals("UP", health.getString("status"), health.toString());
        assertEquals("UP", health.getJsonObject("checks").getJsonObject("database").getString("status"));
        assertEquals("UP", health.getJsonObject("checks").getJsonObject("storage").getString("status"));
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

    private String serverLogTail() {
        String log = server.log();
        return "GlassFish log (end):\n" + (log.length() <= 6000 ? log : log.substring(log.length() - 6000));
    }
}
