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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the real pip ({@code python3 -m pip}) found on {@code PATH}, isolated from the machine's pip set-up.
 *
 * <p>Every run uses {@code --isolated} (no user configuration, no {@code PIP_*} variables), has every inherited
 * {@code PIP_*} and proxy variable removed and {@code PIP_CONFIG_FILE=/dev/null} set (which makes pip skip
 * every configuration file, the global one included), so a machine-wide {@code find-links} or
 * {@code extra-index-url} cannot leak in: the only place pip looks is the {@code --index-url} given. pip's
 * cache is off ({@code --no-cache-dir}); packages go to a {@code --target} directory.
 *
 * <p>A missing {@code python3} or pip fails the calling test with an {@link AssertionError}; it never skips it.
 */
public final class PypiClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private static final Pattern DIST_INFO = Pattern.compile("(.+)-([^-]+)\\.dist-info");
    private static final List<String> STRIPPED_ENV = List.of(
            "http_proxy", "https_proxy", "all_proxy", "no_proxy", "pythonpath", "pythonuserbase");

    private final Path python;
    private final Duration timeout;

    private PypiClient(Path python, Duration timeout) {
        this.python = python;
        this.timeout = timeout;
    }

    /** Finds {@code python3} on {@code PATH} and checks that it has pip. */
    public static PypiClient locate() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        PypiClient client = Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "python3"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(found -> new PypiClient(found, DEFAULT_TIMEOUT))
                .orElseThrow(() -> new AssertionError("python3 was not found on PATH (" + path + "); the PyPI "
                        + "integration tests need the real pip: install Python 3 with pip"));
        PypiResult version = client.pip("--version");
        if (!version.succeeded()) {
            throw new AssertionError("'" + client.python + " -m pip' does not work; the PyPI integration tests need "
                    + "the real pip:\n" + version.describe());
        }
        return client;
    }

    /** {@code pip install --target target --index-url indexUrl requirements...}, isolated as described above. */
    public PypiResult install(Path target, String indexUrl, String... requirements) {
        List<String> args = new ArrayList<>(List.of("install",
                "--no-cache-dir", "--no-input", "--progress-bar", "off",
                "--index-url", indexUrl,
                "--target", target.toString(),
                "--retries", "1", "--timeout", "30"));
        args.addAll(Arrays.asList(requirements));
        return pip(args.toArray(String[]::new));
    }

    /** {@code pip config list} under the same isolation: empty when no configuration file is read. */
    public PypiResult configList() {
        return pip("config", "list");
    }

    /** Runs {@code python3 -m pip --isolated --disable-pip-version-check <args>}. */
    public PypiResult pip(String... args) {
        List<String> command = new ArrayList<>(List.of(python.toString(), "-m", "pip", "--isolated",
                "--disable-pip-version-check"));
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    /** Runs a Python program ({@code python3 -c <program> <args>}) under the same isolation, e.g. a JSON API consumer. */
    public PypiResult python(String program, String... args) {
        List<String> command = new ArrayList<>(List.of(python.toString(), "-c", program));
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    private PypiResult run(List<String> command) {
        Path scratch = ClientProcess.scratchDirectory("granary-pip-");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(scratch.toFile())
                    .redirectOutput(scratch.resolve("stdout").toFile())
                    .redirectError(scratch.resolve("stderr").toFile());
            isolate(builder.environment(), scratch);
            return execute(builder, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ClientProcess.deleteRecursively(scratch);
        }
    }

    /** What a {@code --target} directory holds, by its {@code *.dist-info} directories: normalised name → version. */
    public static Map<String, String> installed(Path target) {
        Map<String, String> found = new TreeMap<>();
        if (!Files.isDirectory(target)) {
            return found;
        }
        try (Stream<Path> entries = Files.list(target)) {
            entries.map(p -> DIST_INFO.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .forEach(m -> found.put(PypiDistribution.normalise(m.group(1)), m.group(2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    // ---- internals -------------------------------------------------------------------------------------

    private static void isolate(Map<String, String> env, Path scratch) {
        env.keySet().removeIf(key -> key.toUpperCase().startsWith("PIP_") || STRIPPED_ENV.contains(key.toLowerCase()));
        env.put("PIP_CONFIG_FILE", "/dev/null");
        env.put("PYTHONNOUSERSITE", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("TMPDIR", scratch.toString());
    }

    private PypiResult execute(ProcessBuilder builder, List<String> command) throws IOException {
        ClientProcess.Finished run = ClientProcess.run(builder, timeout);
        return new PypiResult(List.copyOf(command), run.exitCode(), run.stdout(), run.stderr(), run.timedOut(),
                run.elapsed());
    }
}
