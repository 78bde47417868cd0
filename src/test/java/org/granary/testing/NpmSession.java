package org.granary.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real {@code npm} with a user configuration that lasts across commands, as a logged-in user has it:
 * {@code npm login} writes its token there and later commands ({@code publish}, {@code whoami}, {@code token},
 * {@code dist-tag}, {@code deprecate}) use it. Isolated like {@link NpmClient}: its own user and global config
 * files, a fresh cache per command, no inherited {@code npm_config_*} or proxy variables, the registry given
 * explicitly. Answers to prompts ({@code npm login}) are typed one by one, each after its prompt appeared.
 *
 * <p>A missing {@code npm} fails the calling test with an {@link AssertionError}.
 */
public final class NpmSession implements AutoCloseable {

    private static final List<String> STRIPPED_ENV = List.of("http_proxy", "https_proxy", "all_proxy", "no_proxy");

    private final Path npm;
    private final String registry;
    private final Path scratch;
    private final Path userConfig;
    private final Path globalConfig;
    private final Duration timeout = NpmClient.DEFAULT_TIMEOUT;
    private int runs;

    /** A prompt npm prints and the line to answer it with. */
    public record Answer(String prompt, String line) {
    }

    private NpmSession(Path npm, String registry) {
        this.npm = npm;
        this.registry = registry.endsWith("/") ? registry : registry + "/";
        scratch = ClientProcess.scratchDirectory("granary-npm-session-");
        try {
            userConfig = Files.writeString(scratch.resolve("user-npmrc"), "");
            globalConfig = Files.writeString(scratch.resolve("global-npmrc"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A session against {@code registryUrl}, with no credentials yet. */
    public static NpmSession against(String registryUrl) {
        return new NpmSession(NpmClient.locate().executable(), registryUrl);
    }

    public String registry() {
        return registry;
    }

    public Path userConfig() {
        return userConfig;
    }

    /** The key npm stores a registry's token under: {@code //host:port/path/:_authToken}. */
    public String tokenKey() {
        URI uri = URI.create(registry);
        return "//" + uri.getRawAuthority() + uri.getRawPath() + ":_authToken";
    }

    /** Sets (or with {@code null} removes) the token npm sends to the registry, as {@code npm login} would. */
    public void setToken(String token) {
        try {
            List<String> lines = new ArrayList<>(Files.exists(userConfig) ? Files.readAllLines(userConfig) : List.of());
            lines.removeIf(l -> l.startsWith(tokenKey() + "="));
            if (token != null) {
                lines.add(tokenKey() + "=" + token);
            }
            Files.write(userConfig, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token the user configuration holds for the registry, if any (npm deletes a configuration it empties). */
    public Optional<String> token() {
        if (!Files.exists(userConfig)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(userConfig).stream()
                    .filter(l -> l.startsWith(tokenKey() + "="))
                    .map(l -> l.substring(tokenKey().length() + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code npm <args>} in {@code dir} with nothing on stdin. */
    public NpmResult run(Path dir, String... args) {
        return interact(dir, List.of(), args);
    }

    /**
     * Runs {@code npm <args>} in {@code dir}, typing each answer's line once its prompt has appeared on the
     * output (npm's prompts read one line each and would lose lines typed ahead).
     */
    public NpmResult interact(Path dir, List<Answer> answers, String... args) {
        int n = ++runs;
        Path cache = scratch.resolve("cache-" + n);
        Path stdout = scratch.resolve("stdout-" + n);
        Path stderr = scratch.resolve("stderr-" + n);
        List<String> command = new ArrayList<>(List.of(npm.toString()));
        command.addAll(Arrays.asList(args));
        command.addAll(List.of(
                "--registry", registry,
                "--cache", cache.toString(),
                "--userconfig", userConfig.toString(),
                "--globalconfig", globalConfig.toString(),
                "--no-audit", "--no-fund", "--no-update-notifier",
                "--fetch-retry-mintimeout", "200", "--fetch-retry-maxtimeout", "1000"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        if (answers.isEmpty()) {
            builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        }
        isolate(builder.environment(), cache);
        long started = System.nanoTime();
        try {
            Process process = builder.start();
            long deadline = started + timeout.toNanos();
            if (!answers.isEmpty()) {
                type(process, answers, stdout, stderr, deadline);
            }
            boolean finished = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!finished) {
                ClientProcess.destroyTree(process);
            }
            int exit = finished ? process.exitValue() : -1;
            return new NpmResult(List.copyOf(command), exit, Files.readString(stdout), Files.readString(stderr),
                    !finished, exit == 0 ? "" : debugLog(cache), Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while npm ran", e);
        } finally {
            ClientProcess.deleteRecursively(cache);
        }
    }

    private static void type(Process process, List<Answer> answers, Path stdout, Path stderr, long deadline)
            throws IOException, InterruptedException {
        int seen = 0;
        try (OutputStream in = process.getOutputStream()) {
            for (Answer answer : answers) {
                while (true) {
                    String out = Files.readString(stdout) + Files.readString(stderr);
                    int at = out.indexOf(answer.prompt(), seen);
                    if (at >= 0) {
                        seen = at + answer.prompt().length();
                        break;
                    }
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        return;
                    }
                    Thread.sleep(50);
                }
                in.write((answer.line() + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        }
    }

    private void isolate(Map<String, String> env, Path cache) {
        env.keySet().removeIf(key -> key.toLowerCase().startsWith("npm_config_")
                || STRIPPED_ENV.contains(key.toLowerCase()));
        env.put("npm_config_registry", registry);
        env.put("npm_config_userconfig", userConfig.toString());
        env.put("npm_config_globalconfig", globalConfig.toString());
        env.put("npm_config_cache", cache.toString());
        env.put("npm_config_update_notifier", "false");
        env.put("NO_UPDATE_NOTIFIER", "1");
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String debugLog(Path cache) {
        Path logs = cache.resolve("_logs");
        if (!Files.isDirectory(logs)) {
            return "";
        }
        try (Stream<Path> files = Files.list(logs)) {
            Optional<Path> latest = files.max(Comparator.comparing(p -> p.getFileName().toString()));
            return latest.isPresent() ? Files.readString(latest.get()) : "";
        } catch (IOException e) {
            return "(could not read npm debug log: " + e + ")";
        }
    }

    @Override
    public void close() {
        ClientProcess.deleteRecursively(scratch);
    }
}
