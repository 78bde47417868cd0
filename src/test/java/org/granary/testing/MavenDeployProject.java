package org.granary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny {@code jar} project (one class and a resource) that the real {@code mvn deploy} builds and deploys to
 * the repository in its {@code <distributionManagement>}, as the README tells users to set it up. Its plugins
 * are pinned to versions this project's own build has in its local repository (the compiler, resources and
 * surefire plugins it uses itself; the jar, install and deploy plugins it fetches for this test, see pom.xml),
 * so that {@link FakeMavenUpstream} can serve them and no run needs the internet.
 */
public final class MavenDeployProject {

    /** Plugins of the deploy lifecycle of a jar project, as {@code artifactId:version}. */
    public static final String[] PLUGINS = {"maven-compiler-plugin:3.13.0", "maven-resources-plugin:3.3.1",
        "maven-surefire-plugin:3.5.2", "maven-jar-plugin:3.4.2", "maven-install-plugin:3.1.4",
        "maven-deploy-plugin:3.1.4"};

    private final Path dir;

    private MavenDeployProject(Path dir) {
        this.dir = dir;
    }

    /** Fails clearly when {@code repository} lacks a plugin the deploy runs. */
    public static void requirePluginsIn(Path repository) {
        for (String plugin : PLUGINS) {
            String[] av = plugin.split(":");
            Path jar = repository.resolve("org/apache/maven/plugins").resolve(av[0]).resolve(av[1])
                    .resolve(av[0] + "-" + av[1] + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new AssertionError("The fake upstream serves Maven's plugins from the build's local repository, "
                        + "but " + jar + " is missing: run the build (mvn verify), whose pre-integration-test phase "
                        + "fetches the jar, install and deploy plugins, or align MavenDeployProject.PLUGINS with pom.xml");
            }
        }
    }

    /**
     * Writes the project {@code groupId:artifactId:version} into {@code dir}, deploying to {@code deployUrl} as
     * server {@code serverId} (releases and snapshots alike).
     */
    public static MavenDeployProject create(Path dir, String groupId, String artifactId, String version,
                                            String serverId, String deployUrl) {
        StringBuilder plugins = new StringBuilder();
        for (String plugin : PLUGINS) {
            String[] av = plugin.split(":");
            plugins.append("      <plugin><artifactId>").append(av[0]).append("</artifactId><version>").append(av[1])
                    .append("</version></plugin>\n");
        }
        String pom = """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <packaging>jar</packaging>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <distributionManagement>
                    <repository><id>%s</id><url>%s</url></repository>
                    <snapshotRepository><id>%s</id><url>%s</url></snapshotRepository>
                  </distributionManagement>
                  <build>
                    <pluginManagement>
                      <plugins>
                %s      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.formatted(groupId, artifactId, version, serverId, deployUrl, serverId, deployUrl, plugins);
        String pkg = "org.granary.deployed." + artifactId.replaceAll("[^A-Za-z0-9]", "");
        String source = """
                package %s;

                /** Deployed by MavenHostedIT. */
                public final class Greeting {
                    private Greeting() {
                    }

                    public static String text() {
                        return "hello from %s:%s";
                    }
                }
                """.formatted(pkg, artifactId, version);
        try {
            Path sources = dir.resolve("src/main/java").resolve(pkg.replace('.', '/'));
            Files.createDirectories(sources);
            Files.writeString(dir.resolve("pom.xml"), pom);
            Files.writeString(sources.resolve("Greeting.java"), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MavenDeployProject project = new MavenDeployProject(dir);
        project.build(1);
        return project;
    }

    /** Marks the next build with {@code number} (a resource in the jar), so that two builds differ. */
    public MavenDeployProject build(int number) {
        try {
            Path resources = dir.resolve("src/main/resources");
            Files.createDirectories(resources);
            Files.writeString(resources.resolve("build.properties"), "build=" + number + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Path dir() {
        return dir;
    }

    /** The jar the last build made: {@code target/<artifactId>-<version>.jar}. */
    public byte[] builtJar(String artifactId, String version) {
        try {
            return Files.readAllBytes(dir.resolve("target").resolve(artifactId + "-" + version + ".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
