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

/**
 * Runs the real {@code twine} found on {@code PATH} ({@code twine upload}), isolated from the machine's set-up:
 * {@code HOME} is an empty scratch directory (no {@code ~/.pypirc}, no keyring configuration), every inherited
 * {@code TWINE_*} and proxy variable is removed, the keyring is the null backend, and {@code --non-interactive}
 * makes twine fail instead of prompting.
 *
 * <p>A missing twine fails the calling test with an {@link AssertionError}; it never skips it.
 */
public final class PypiTwine {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private static final List<String> STRIPPED_ENV = List.of(
            "http_proxy", "https_proxy", "all_proxy", "no_proxy", "pythonpath", "pythonuserbase",
            "requests_ca_bundle", "curl_ca_bundle");

    private final Path twine;

    private PypiTwine(Path twine) {
        this.twine = twine;
    }

    /** The outcome of one run of twine. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut,
                         Duration elapsed) {

        public boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        /** Standard output and error together, as the user sees them. */
        public String output() {
            return stdout + "\n" + stderr;
        }

        public String describe() {
            return "twine " + (timedOut ? "timed out" : "exited with " + exitCode) + " after " + elapsed.toMillis()
                    + " ms\ncommand: " + String.join(" ", command) + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }

    /** Finds {@code twine} on {@code PATH} and checks that it runs. */
    public static PypiTwine locate() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        PypiTwine client = Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "twine"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(PypiTwine::new)
                .orElseThrow(() -> new AssertionError("twine was not found on PATH (" + path + "); the PyPI publishing "
                        + "integration tests need the real twine: install it (Debian: apt-get install twine; "
                        + "elsewhere: pip install twine)"));
        Result version = client.run("--version");
        if (!version.succeeded()) {
            throw new AssertionError("'" + client.twine + " --version' does not work:\n" + version.describe());
        }
        return client;
    }

    /**
     * {@code twine upload --repository-url <url> [-u user -p password] --non-interactive files...}; a {@code null}
     * user or password is left out (twine then has no credentials: non-interactive, it must not ask).
     */
    public Result upload(String repositoryUrl, String user, String password, Path... files) {
        return upload(repositoryUrl, user, password, List.of(), files);
    }

    /** As {@link #upload(String, String, String, Path...)} with extra options such as {@code --verbose}. */
    public Result upload(String repositoryUrl, String user, String password, List<String> options, Path... files) {
        List<String> args = new ArrayList<>(List.of("upload", "--repository-url", repositoryUrl, "--non-interactive",
                "--disable-progress-bar"));
        if (user != null) {
            args.addAll(List.of("-u", user));
        }
        if (password != null) {
            args.addAll(List.of("-p", password));
        }
        args.addAll(options);
        Arrays.stream(files).map(Path::toString).forEach(args::add);
        return run(args.toArray(String[]::new));
    }

    /** Runs {@code twine <args>}, isolated as described above. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(twine.toString()));
        command.addAll(Arrays.asList(args));
        Path scratch = ClientProcess.scratchDirectory("granary-twine-");
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

    private static void isolate(Map<String, String> env, Path scratch) throws IOException {
        env.keySet().removeIf(key -> key.toUpperCase().startsWith("TWINE_")
                || STRIPPED_ENV.contains(key.toLowerCase()));
        Path home = Files.createDirectories(scratch.resolve("home"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
        env.put("PYTHONNOUSERSITE", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("NO_COLOR", "1");
        env.put("COLUMNS", "400");
        env.put("TMPDIR", scratch.toString());
    }

    private static Result execute(ProcessBuilder builder, List<String> command) throws IOException {
        ClientProcess.Finished run = ClientProcess.run(builder, DEFAULT_TIMEOUT);
        return new Result(List.copyOf(command), run.exitCode(), run.stdout(), run.stderr(), run.timedOut(),
                run.elapsed());
    }
}
