package org.granary.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs the real {@code npm} binary found on {@code PATH}, isolated from the machine's npm configuration.
 *
 * <p>Every run gets an empty user and global config file and a registry given both as {@code --registry} and
 * as {@code npm_config_registry}, with every inherited {@code npm_config_*} and proxy variable removed, so
 * nothing leaves the loopback interface. Unless a cache directory is passed, each run starts with a fresh,
 * empty npm cache that is deleted afterwards.
 *
 * <p>A missing {@code npm} fails the calling test with an {@link AssertionError}; it never skips it.
 */
public final class NpmClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private static final List<String> STRIPPED_ENV = List.of(
            "http_proxy", "https_proxy", "all_proxy", "no_proxy");

    private final Path npm;
    private final Duration timeout;

    private NpmClient(Path npm, Duration timeout) {
        this.npm = npm;
        this.timeout = timeout;
    }

    /** Finds {@code npm} on {@code PATH}. */
    public static NpmClient locate() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "npm"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(found -> new NpmClient(found, DEFAULT_TIMEOUT))
                .orElseThrow(() -> new AssertionError("The real npm client is required by this test but no "
                        + "executable 'npm' was found on PATH (" + path + "). Install Node.js and npm."));
    }

    public NpmClient withTimeout(Duration newTimeout) {
        return new NpmClient(npm, newTimeout);
    }

    public Path executable() {
        return npm;
    }

    /**
     * Writes {@code package.json} with {@code dependencies} into {@code projectDir} and runs
     * {@code npm install --prefer-online} against {@code registryUrl} with a fresh, empty cache.
     */
    public NpmResult install(Path projectDir, String registryUrl, Map<String, String> dependencies) {
        return install(projectDir, registryUrl, dependencies, null);
    }

    /** As {@link #install(Path, String, Map)}, sharing {@code cacheDir} between runs ({@code null}: fresh). */
    public NpmResult install(Path projectDir, String registryUrl, Map<String, String> dependencies,
                             Path cacheDir) {
        writePackageJson(projectDir, dependencies);
        return run(projectDir, registryUrl, cacheDir, "install", "--prefer-online");
    }

    /**
     * Runs {@code npm <args>} in {@code projectDir} against {@code registryUrl}, isolated as described on the
     * class. {@code cacheDir} may be {@code null} for a fresh cache that is deleted afterwards.
     */
    public NpmResult run(Path projectDir, String registryUrl, Path cacheDir, String... args) {
        String registry = registryUrl.endsWith("/") ? registryUrl : registryUrl + "/";
        Path scratch = ClientProcess.scratchDirectory("granary-npm-");
        try {
            Path userConfig = Files.writeString(scratch.resolve("user-npmrc"), "");
            Path globalConfig = Files.writeString(scratch.resolve("global-npmrc"), "");
            Path cache = cacheDir != null ? cacheDir : Files.createDirectories(scratch.resolve("cache"));
            List<String> command = new ArrayList<>(List.of(npm.toString()));
            command.addAll(Arrays.asList(args));
            command.addAll(List.of(
                    "--registry", registry,
                    "--cache", cache.toString(),
                    "--userconfig", userConfig.toString(),
                    "--globalconfig", globalConfig.toString(),
                    "--no-audit", "--no-fund", "--no-update-notifier",
                    // npm's default retry back-off is 10 s to 60 s; keep its retries but make them quick
                    "--fetch-retry-mintimeout", "200", "--fetch-retry-maxtimeout", "1000"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(projectDir.toFile())
                    .redirectOutput(scratch.resolve("stdout").toFile())
                    .redirectError(scratch.resolve("stderr").toFile());
            isolate(builder.environment(), registry, userConfig, globalConfig, cache);
            return execute(builder, command, cache);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ClientProcess.deleteRecursively(scratch);
        }
    }

    /** Writes a minimal private {@code package.json} declaring {@code dependencies}. */
    public static void writePackageJson(Path projectDir, Map<String, String> dependencies) {
        JsonObjectBuilder deps = Json.createObjectBuilder();
        dependencies.forEach(deps::add);
        String json = Json.createObjectBuilder()
                .add("name", "granary-test-project")
                .add("version", "1.0.0")
                .add("private", true)
                .add("dependencies", deps)
                .build()
                .toString();
        try {
            Files.createDirectories(projectDir);
            Files.writeString(projectDir.resolve("package.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every package under {@code projectDir/node_modules}, nested ones included, as {@code name@version}. */
    public static Set<NpmPackageId> installedPackages(Path projectDir) {
        Set<NpmPackageId> installed = new TreeSet<>();
        collect(projectDir.resolve("node_modules"), installed);
        return installed;
    }

    // ---- internals -------------------------------------------------------------------------------------

    private static void collect(Path nodeModules, Set<NpmPackageId> into) {
        for (Path entry : children(nodeModules)) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (name.startsWith("@")) {
                children(entry).forEach(scoped -> collectPackage(scoped, into));
            } else {
                collectPackage(entry, into);
            }
        }
    }

    private static void collectPackage(Path packageDir, Set<NpmPackageId> into) {
        Path manifest = packageDir.resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            return;
        }
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(manifest))) {
            JsonObject json = reader.readObject();
            into.add(new NpmPackageId(json.getString("name"), json.getString("version")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        collect(packageDir.resolve("node_modules"), into);
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void isolate(Map<String, String> env, String registry, Path userConfig, Path globalConfig,
                                Path cache) {
        env.keySet().removeIf(key -> key.toLowerCase().startsWith("npm_config_")
                || STRIPPED_ENV.contains(key.toLowerCase()));
        env.put("npm_config_registry", registry);
        env.put("npm_config_userconfig", userConfig.toString());
        env.put("npm_config_globalconfig", globalConfig.toString());
        env.put("npm_config_cache", cache.toString());
        env.put("npm_config_update_notifier", "false");
        env.put("NO_UPDATE_NOTIFIER", "1");
    }

    private NpmResult execute(ProcessBuilder builder, List<String> command, Path cache) throws IOException {
        ClientProcess.Finished run = ClientProcess.run(builder, timeout);
        return new NpmResult(List.copyOf(command), run.exitCode(), run.stdout(), run.stderr(), run.timedOut(),
                run.exitCode() == 0 ? "" : latestDebugLog(cache), run.elapsed());
    }

    private static String latestDebugLog(Path cache) {
        Path logs = cache.resolve("_logs");
        if (!Files.isDirectory(logs)) {
            return "";
        }
        try (Stream<Path> files = Files.list(logs)) {
            Optional<Path> latest = files.max(Comparator.comparing(p -> p.getFileName().toString()));
            return latest.isPresent() ? Files.readString(latest.get(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read npm debug log: " + e + ")";
        }
    }
}
