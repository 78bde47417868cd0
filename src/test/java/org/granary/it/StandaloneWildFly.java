package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A WildFly of the unpacked distribution run beside the suite's Arquillian one, as an operator sets one up: a server
 * base directory of its own (a copy of {@code standalone/}), configured by {@code tomcat-config/wildfly-postgresql.cli}
 * for a PostgreSQL database, the built WAR in its {@code deployments/}, its ports shifted by an offset, Granary's
 * settings as system properties. For the tests that need servers configured differently ({@code WildFlyPostgresIT},
 * {@code SeveralInstancesIT}).
 */
final class StandaloneWildFly {

    static final Path JBOSS_HOME = Path.of(System.getProperty("jboss.home", "target/wildfly-39.0.1.Final")).toAbsolutePath();
    static final Path IT_DATA = Path.of(System.getProperty("it.data.dir", "target/it-data")).toAbsolutePath();

    private final Path base;
    private final int offset;

    private StandaloneWildFly(Path base, int offset) {
        this.base = base;
        this.offset = offset;
    }

    /**
     * A fresh server base directory {@code it-data/<name>} whose datasource is the PostgreSQL database at {@code jdbcUrl}
     * (the README's steps: the properties file and the CLI script), with the WAR deployed; ports shifted by
     * {@code offset}. Configures one server at a time (the script adds the driver module to the shared distribution).
     */
    static synchronized StandaloneWildFly onPostgres(String name, int offset, String jdbcUrl, String user, String password)
            throws Exception {
        Path base = IT_DATA.resolve(name);
        deleteTree(base);
        copyTree(JBOSS_HOME.resolve("standalone"), base, Path.of("data"), Path.of("log"), Path.of("tmp"),
                Path.of("deployments"));
        Files.createDirectories(base.resolve("deployments"));
        deleteTree(JBOSS_HOME.resolve("modules/org/postgresql")); // the script adds it; an earlier run may have
        Path properties = Files.writeString(base.resolve("granary-db.properties"), String.join("\n",
                "granary.db.driver=" + Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource()
                        .getLocation().toURI()),
                "granary.db.url=" + jdbcUrl,
                "granary.db.user=" + user,
                "granary.db.password=" + password, ""));
        StandaloneWildFly server = new StandaloneWildFly(base, offset);
        server.cli("--resolve-parameter-values", "--properties=" + properties,
                "--file=" + Path.of("tomcat-config/wildfly-postgresql.cli").toAbsolutePath());
        Files.copy(Path.of(System.getProperty("it.war", "target/granary.war")), base.resolve("deployments/granary.war"),
                StandardCopyOption.REPLACE_EXISTING);
        return server;
    }

    /** The server base directory. */
    Path base() {
        return base;
    }

    /** Where Granary serves: {@code http://127.0.0.1:<8080 + offset>/granary}. */
    String baseUrl() {
        return "http://127.0.0.1:" + (8080 + offset) + "/granary";
    }

    /** Starts the server with these system properties ({@code name=value}); it runs until the process is closed. */
    ServerProcess launch(List<String> systemProperties) throws Exception {
        List<String> command = new ArrayList<>(List.of(JBOSS_HOME.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                "-Djava.net.preferIPv4Stack=true", "-Dgranary.data.dir=" + base.resolve("granary-data")));
        systemProperties.forEach(p -> command.add("-D" + p));
        return ServerProcess.launch(command, Map.of("LAUNCH_JBOSS_IN_BACKGROUND", "1",
                "JAVA_OPTS", "-Xms64m -Xmx768m -Djava.net.preferIPv4Stack=true"), base.resolve("logs"), baseUrl());
    }

    /** Waits until a launched server serves {@code /health}, failing with its log when the deployment fails. */
    static ServerProcess awaitHealthy(ServerProcess server) throws Exception {
        return awaitHealthy(server, Duration.ofMinutes(4));
    }

    /** The same with a time limit of its own (servers started side by side share the machine). */
    static ServerProcess awaitHealthy(ServerProcess server, Duration timeout) throws Exception {
        return server.awaitHealthy(timeout, "WFLYSRV0026", "WFLYCTL0186");
    }

    /** Runs the JBoss CLI (embedded server) against this server base directory. */
    void cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JBOSS_HOME.resolve("bin/jboss-cli.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(base.resolve("cli.log").toFile());
        pb.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + base);
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the CLI did not finish");
        String output = Files.readString(base.resolve("cli.log"));
        assertEquals(0, p.exitValue(), output);
        assertFalse(output.contains("Failed") || output.contains("failed"), output);
    }

    static void copyTree(Path from, Path to, Path... skip) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path rel = from.relativize(p);
                if (rel.getNameCount() > 0 && List.of(skip).contains(rel.getName(0))) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
