package org.granary.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the real {@code cargo} binary (from {@code PATH}, else rustup's {@code ~/.cargo/bin}), isolated from the
 * machine's Cargo configuration.
 *
 * <p>Each run uses a {@code CARGO_HOME} that the test made with {@link #freshHome(Path, String)}: an empty
 * directory whose {@code config.toml} replaces crates.io with the given sparse registry, exactly as a user would
 * set it up. Every inherited {@code CARGO_*}, {@code RUST*FLAGS} and proxy variable is removed, so the machine's
 * own registry settings cannot leak in and nothing leaves the loopback interface.
 *
 * <p>A missing {@code cargo} fails the calling test with an {@link AssertionError}; it never skips it.
 */
public final class CargoClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private static final List<String> STRIPPED_ENV = List.of(
            "http_proxy", "https_proxy", "all_proxy", "no_proxy", "rustflags", "rustdocflags", "rustc_wrapper",
            "rustc_workspace_wrapper");

    private final Path cargo;
    private final Duration timeout;

    private CargoClient(Path cargo, Duration timeout) {
        this.cargo = cargo;
        this.timeout = timeout;
    }

    /** Finds {@code cargo} on {@code PATH}, or where rustup installs it. */
    public static CargoClient locate() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        Stream<Path> onPath = Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "cargo"));
        Stream<Path> rustup = Stream.of(Path.of(System.getProperty("user.home"), ".cargo", "bin", "cargo"));
        return Stream.concat(onPath, rustup)
                .filter(Files::isExecutable)
                .findFirst()
                .map(found -> new CargoClient(found, DEFAULT_TIMEOUT))
                .orElseThrow(() -> new AssertionError("The real cargo client is required by this test but no "
                        + "executable 'cargo' was found on PATH (" + path + ") or in ~/.cargo/bin. Install Rust "
                        + "(rustup or the distribution's cargo package)."));
    }

    /**
     * Creates an empty {@code CARGO_HOME} under {@code dir} whose {@code config.toml} sends crates.io through the
     * sparse registry at {@code registryUrl} (a user's set-up: {@code [source.crates-io] replace-with}).
     */
    public static Path freshHome(Path dir, String registryUrl) {
        String url = registryUrl.endsWith("/") ? registryUrl : registryUrl + "/";
        String config = "[source.crates-io]\n"
                + "replace-with = \"granary\"\n\n"
                + "[source.granary]\n"
                + "registry = \"sparse+" + url + "\"\n\n"
                + "[registries.granary]\n"
                + "index = \"sparse+" + url + "\"\n";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.toml"), config);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a binary project {@code name} into {@code dir} depending on {@code dependencies} (crate → requirement)
     * whose {@code main} prints each dependency's {@code describe()} on its own line.
     */
    public static Path writeProject(Path dir, String name, Map<String, String> dependencies) {
        StringBuilder toml = new StringBuilder("[package]\nname = \"").append(name)
                .append("\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n");
        StringBuilder main = new StringBuilder("fn main() {\n");
        dependencies.forEach((crate, req) -> {
            toml.append('"').append(crate).append("\" = \"").append(req).append("\"\n");
            main.append("    println!(\"{}\", ").append(crate.replace('-', '_')).append("::describe());\n");
        });
        main.append("}\n");
        try {
            Files.createDirectories(dir.resolve("src"));
            Files.writeString(dir.resolve("Cargo.toml"), toml);
            Files.writeString(dir.resolve("src/main.rs"), main);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code cargo <args>} in {@code projectDir} with {@code cargoHome} as described on the class. */
    public ClientResult run(Path projectDir, Path cargoHome, String... args) {
        return run(projectDir, cargoHome, Map.of(), args);
    }

    /**
     * Like {@link #run(Path, Path, String...)}, with {@code env} added after the isolation (for what a user
     * would export, such as {@code CARGO_REGISTRIES_<NAME>_TOKEN}).
     */
    public ClientResult run(Path projectDir, Path cargoHome, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(cargo.toString()));
        command.addAll(Arrays.asList(args));
        Path scratch = ClientProcess.scratchDirectory("granary-cargo-");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(projectDir.toFile())
                    .redirectOutput(scratch.resolve("stdout").toFile())
                    .redirectError(scratch.resolve("stderr").toFile());
            isolate(builder.environment(), cargoHome);
            builder.environment().putAll(env);
            return execute(builder, command, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ClientProcess.deleteRecursively(scratch);
        }
    }

    /** Runs a program the build produced, e.g. {@code target/debug/app}, and returns its output. */
    public static ClientResult runProgram(Path program) {
        Path scratch = ClientProcess.scratchDirectory("granary-cargo-run-");
        try {
            List<String> command = List.of(program.toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(scratch.resolve("stdout").toFile())
                    .redirectError(scratch.resolve("stderr").toFile());
            return execute(builder, command, Duration.ofMinutes(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ClientProcess.deleteRecursively(scratch);
        }
    }

    private static void isolate(Map<String, String> env, Path cargoHome) {
        env.keySet().removeIf(key -> key.toUpperCase(Locale.ROOT).startsWith("CARGO")
                || STRIPPED_ENV.contains(key.toLowerCase(Locale.ROOT)));
        env.put("CARGO_HOME", cargoHome.toString());
        env.put("CARGO_NET_RETRY", "1");
        env.put("CARGO_HTTP_TIMEOUT", "60");
        env.put("CARGO_TERM_COLOR", "never");
        env.put("CARGO_TERM_PROGRESS_WHEN", "never");
        env.put("CARGO_INCREMENTAL", "0");
    }

    private static ClientResult execute(ProcessBuilder builder, List<String> command, Duration timeout)
            throws IOException {
        ClientProcess.Finished run = ClientProcess.run(builder, timeout);
        return new ClientResult(List.copyOf(command), run.exitCode(), run.stdout(), run.stderr(), run.timedOut(),
                run.elapsed());
    }
}
