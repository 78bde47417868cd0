package org.granary.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The WAR on GlassFish 7 (glassfish-embedded-all, {@code java -jar … "deploy …"}), in a JVM of its own so that none
 * of GlassFish's classes meet the tests' (WildFly's Arquillian client, Hibernate). Settings are system properties,
 * as an operator would give them; admin commands ({@code asadmin} syntax) run before the deployment.
 */
final class GlassFishServer {

    private GlassFishServer() {
    }

    /** The GlassFish jar and the WAR as the build placed them (failsafe passes their paths). */
    static ServerProcess start(Path workDir, int port, Map<String, String> settings, List<String> commands)
            throws Exception {
        Path jar = Path.of(System.getProperty("it.glassfish.jar", "target/glassfish/glassfish-embedded-all.jar"));
        Path war = Path.of(System.getProperty("it.war", "target/granary.war")).toAbsolutePath();
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx768m", "-Djava.net.preferIPv4Stack=true", "-Djava.io.tmpdir=" + workDir.toAbsolutePath()));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--port=" + port, "--noInfo"));
        command.addAll(commands);
        command.add("deploy --contextroot=granary --name=granary " + war);
        return ServerProcess.launch(command, Map.of(), workDir, "http://127.0.0.1:" + port + "/granary")
                .awaitHealthy(Duration.ofMinutes(5), "Exception while deploying", "Command completed with FAILURE");
    }
}
