package org.granary.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The WAR on GlassFish 7 ({@code glassfish-embedded-all}'s runnable main, as {@code java -jar} runs it), in a JVM of
 * its own so that none of GlassFish's classes meet the tests' (WildFly's Arquillian client, Hibernate). Settings are
 * system properties, as an operator would give them; admin commands ({@code asadmin} syntax) run before the
 * deployment; extra jars (a JDBC driver) join the server's class path, as {@code asadmin add-library} would.
 */
final class GlassFishServer {

    /** What the jar's manifest opens for {@code java -jar}; with {@code -cp} they must be given on the command line. */
    private static final List<String> OPENS = List.of("java.base/java.lang", "java.base/java.io", "java.base/java.util",
            "java.base/sun.nio.fs", "java.base/sun.net.www.protocol.jrt", "java.naming/javax.naming.spi",
            "java.rmi/sun.rmi.transport", "jdk.management/com.sun.management.internal",
            "java.base/jdk.internal.vm.annotation");
    private static final List<String> EXPORTS = List.of("java.naming/com.sun.jndi.ldap", "java.base/jdk.internal.vm.annotation");

    private GlassFishServer() {
    }

    /**
     * Starts GlassFish on {@code port}, runs {@code commands}, deploys the WAR the build made at {@code /granary} with
     * {@code deployOptions} (e.g. {@code --deploymentplan plan.jar}) and waits until Granary is healthy.
     */
    static ServerProcess start(Path workDir, int port, Map<String, String> settings, List<Path> libraries,
                               List<String> commands, String deployOptions) throws Exception {
        Path jar = Path.of(System.getProperty("it.glassfish.jar", "target/glassfish/glassfish-embedded-all.jar"));
        Path war = Path.of(System.getProperty("it.war", "target/granary.war")).toAbsolutePath();
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx768m", "-Djava.net.preferIPv4Stack=true", "-Djava.io.tmpdir=" + workDir.toAbsolutePath()));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        OPENS.forEach(m -> command.add("--add-opens=" + m + "=ALL-UNNAMED"));
        EXPORTS.forEach(m -> command.add("--add-exports=" + m + "=ALL-UNNAMED"));
        List<String> classpath = new ArrayList<>(List.of(jar.toAbsolutePath().toString()));
        libraries.forEach(l -> classpath.add(l.toAbsolutePath().toString()));
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), "org.glassfish.runnablejar.UberMain",
                "--port=" + port, "--noInfo"));
        command.addAll(commands);
        command.add("deploy --contextroot=granary --name=granary " + deployOptions + " " + war);
        return ServerProcess.launch(command, Map.of(), workDir, "http://127.0.0.1:" + port + "/granary")
                .awaitHealthy(Duration.ofMinutes(5), "Exception while deploying", "Command completed with FAILURE");
    }
}
