package org.granary.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real {@code mvn} found on {@code PATH} the way a user behind Granary does: a {@code settings.xml}
 * whose only mirror sends every repository ({@code <mirrorOf>*</mirrorOf>}) to Granary (plus the profile that
 * lets snapshots through), the global settings as Maven ships them (not the machine's), batch mode, strict
 * checksums ({@code -C}: a file whose checksum is missing or wrong fails the build), and a local repository
 * chosen by the caller (a fresh directory for a cold client).
 *
 * <p>Goals run as {@code dependency:copy-dependencies} of the {@code maven-dependency-plugin} version this
 * project's own build uses, so the plugin and everything it needs are in the build's local repository, which
 * {@link FakeMavenUpstream} can serve: the whole run, plugins included, goes through Granary and never needs
 * the internet.
 *
 * <p>A missing {@code mvn} fails the calling test with an {@link AssertionError}; it never skips it.
 */
public final class MavenClient {

    /** The dependency plugin of this project's own pom.xml (its build has loaded it, with all it needs). */
    public static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private static final List<String> STRIPPED_ENV = List.of("maven_opts", "maven_args", "maven_config",
            "maven_debug_opts", "mavenrc_skip", "http_proxy", "https_proxy", "all_proxy", "no_proxy");

    /**
     * Maven's stock global settings (3.8.1 and later), used instead of the machine's: they block repositories
     * reached over plain HTTP unless a mirror takes them over, as Granary's does.
     */
    private static final String STOCK_GLOBAL_SETTINGS = """
            <settings>
              <mirrors>
                <mirror>
                  <id>maven-default-http-blocker</id>
                  <mirrorOf>external:http:*</mirrorOf>
                  <url>http://0.0.0.0/</url>
                  <blocked>true</blocked>
                </mirror>
              </mirrors>
            </settings>
            """;

    private final Path mvn;
    private final Duration timeout;

    private MavenClient(Path mvn, Duration timeout) {
        this.mvn = mvn;
        this.timeout = timeout;
    }

    /** Finds {@code mvn} on {@code PATH}. */
    public static MavenClient locate() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "mvn"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(found -> new MavenClient(found, DEFAULT_TIMEOUT))
                .orElseThrow(() -> new AssertionError("The real Maven client is required by this test but no "
                        + "executable 'mvn' was found on PATH (" + path + "). Install Apache Maven."));
    }

    /**
     * The local repository this build's test classes were loaded from (where the build's plugins are), found
     * from the location of a class that comes from it; {@code ~/.m2/repository} if that fails.
     */
    public static Path buildLocalRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try {
            // <root>/org/junit/jupiter/junit-jupiter-api/<version>/junit-jupiter-api-<version>.jar
            Path jar = Path.of(org.junit.jupiter.api.Test.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent().getParent().getParent().getParent().getParent().getParent();
            if (Files.isDirectory(root.resolve("org/junit/jupiter"))) {
                return root;
            }
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            // fall through
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** Fails clearly when {@code repository} lacks the dependency plugin this client runs. */
    public static void requirePluginIn(Path repository) {
        String[] gav = DEPENDENCY_PLUGIN.split(":");
        Path jar = repository.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2])
                .resolve(gav[1] + "-" + gav[2] + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("The fake upstream serves Maven's plugins from the build's local repository, "
                    + "but " + jar + " is missing: run the build (mvn verify) so that it is downloaded, or align "
                    + "MavenClient.DEPENDENCY_PLUGIN with the version in pom.xml");
        }
    }

    /**
     * Writes {@code pom.xml} into {@code projectDir} and runs {@code copy-dependencies} into
     * {@code projectDir/target/dependency} through the mirror at {@code mirrorUrl}, with {@code localRepository}
     * as the local repository.
     */
    public MavenResult copyDependencies(Path projectDir, String pomXml, String mirrorUrl, Path localRepository) {
        try {
            Files.createDirectories(projectDir);
            Files.writeString(projectDir.resolve("pom.xml"), pomXml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run(projectDir, mirrorUrl, localRepository, DEPENDENCY_PLUGIN + ":copy-dependencies");
    }

    /** Runs {@code mvn <args>} in {@code projectDir}, configured as described on the class. */
    public MavenResult run(Path projectDir, String mirrorUrl, Path localRepository, String... args) {
        return runWithSettings(projectDir, settingsXml(mirrorUrl), localRepository, args);
    }

    /** As {@link #run}, with {@code settingsXml} as the user's settings (e.g. with {@code <servers>} credentials). */
    public MavenResult runWithSettings(Path projectDir, String settingsXml, Path localRepository, String... args) {
        Path scratch = createTempDirectory();
        try {
            Path settings = Files.writeString(scratch.resolve("settings.xml"), settingsXml);
            Path globalSettings = Files.writeString(scratch.resolve("global-settings.xml"), STOCK_GLOBAL_SETTINGS);
            List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-ntp", "-C",
                    "-s", settings.toString(), "-gs", globalSettings.toString(),
                    "-Dmaven.repo.local=" + localRepository.toAbsolutePath()));
            command.addAll(Arrays.asList(args));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(projectDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(scratch.resolve("output").toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> STRIPPED_ENV.contains(key.toLowerCase()));
            env.put("MAVEN_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1");
            return execute(builder, command, scratch.resolve("output"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(scratch);
        }
    }

    /**
     * The settings a user writes in {@code ~/.m2/settings.xml} (README): the mirror sends every repository to
     * Granary; the profile enables snapshots for {@code central}, which the super POM declares release-only
     * (without it, a mirror of {@code central} never resolves a {@code -SNAPSHOT} dependency).
     */
    public static String settingsXml(String mirrorUrl) {
        return settingsXml(mirrorUrl, "");
    }

    /**
     * As {@link #settingsXml(String)}, plus {@code serversXml} ({@code <server>} elements: the credentials
     * {@code mvn deploy} sends to the repository of the same id).
     */
    public static String settingsXml(String mirrorUrl, String serversXml) {
        return """
                <settings>
                  <servers>%s</servers>
                  <mirrors>
                    <mirror>
                      <id>granary</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                  <profiles>
                    <profile>
                      <id>granary-snapshots</id>
                      <repositories>
                        <repository>
                          <id>central</id>
                          <url>http://central</url>
                          <releases><enabled>true</enabled></releases>
                          <snapshots><enabled>true</enabled></snapshots>
                        </repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository>
                          <id>central</id>
                          <url>http://central</url>
                          <releases><enabled>true</enabled></releases>
                          <snapshots><enabled>true</enabled></snapshots>
                        </pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>granary-snapshots</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(serversXml, mirrorUrl);
    }

    private MavenResult execute(ProcessBuilder builder, List<String> command, Path output) throws IOException {
        long started = System.nanoTime();
        Process process = builder.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new MavenResult(List.copyOf(command), finished ? process.exitValue() : -1, Files.readString(output),
                !finished, elapsed);
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("granary-mvn-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // leftovers in the temp directory are harmless
        }
    }
}
