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

/**
 * Runs the real {@code go} command found on {@code PATH}, isolated from the machine's Go set-up.
 *
 * <p>Each {@link Session} has its own {@code HOME}, {@code GOPATH}, module cache, build cache and (empty)
 * {@code go env} file, all under a directory the test owns; the environment is built from scratch (only
 * {@code PATH} is inherited), with {@code GOPROXY} set to the URL under test and nothing after it (no
 * {@code ,direct}), {@code GOSUMDB=off} (or a test database's key), {@code GOFLAGS=-mod=mod -modcacherw} and {@code GOTOOLCHAIN=local},
 * so nothing leaves the loopback interface and the module cache can be deleted.
 *
 * <p>A missing {@code go} fails the calling test with an {@link AssertionError}; it never skips it.
 */
public final class GoClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final Path go;

    private GoClient(Path go) {
        this.go = go;
    }

    /** Finds {@code go} on {@code PATH}. */
    public static GoClient locate() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "go"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(GoClient::new)
                .orElseThrow(() -> new AssertionError("The real go command is required by this test but no "
                        + "executable 'go' was found on PATH (" + path + "). Install it, e.g. "
                        + "'apt-get install -y golang-go'."));
    }

    /** A fresh, empty Go environment (HOME, GOPATH, caches) under {@code home}, using {@code goproxy}. */
    public Session session(Path home, String goproxy) {
        return new Session(home, goproxy, "off");
    }

    /**
     * As {@link #session(Path, String)}, with checksum verification on: {@code GOSUMDB=gosumdb} (a verifier key,
     * {@code <name>+<hash>+<key>}, so go fetches the database through the GOPROXY's {@code sumdb/<name>/}), and
     * neither {@code GONOSUMDB} nor {@code GOPRIVATE} set.
     */
    public Session sessionWithSumDb(Path home, String goproxy, String gosumdb) {
        return new Session(home, goproxy, gosumdb);
    }

    /** Writes a main module: go.mod requiring {@code requires} (module → version) and {@code main.go}. */
    public static Path writeMainModule(Path dir, String modulePath, Map<String, String> requires, String mainGo) {
        StringBuilder goMod = new StringBuilder("module " + modulePath + "\n\ngo 1.19\n");
        new TreeMap<>(requires).forEach((p, v) -> goMod.append("\nrequire ").append(p).append(' ').append(v).append('\n'));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("go.mod"), goMod);
            Files.writeString(dir.resolve("main.go"), mainGo);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One isolated Go environment. */
    public final class Session {
        private final Path home;
        private final String goproxy;
        private final String gosumdb;

        private Session(Path home, String goproxy, String gosumdb) {
            this.home = home;
            this.goproxy = goproxy;
            this.gosumdb = gosumdb;
        }

        public Path moduleCache() {
            return home.resolve("gopath/pkg/mod");
        }

        /** Runs {@code go <args>} in {@code workDir}. */
        public ClientResult run(Path workDir, String... args) {
            List<String> command = new ArrayList<>(List.of(go.toString()));
            command.addAll(Arrays.asList(args));
            try {
                Files.createDirectories(home);
                Path out = Files.createTempFile(home, "go-", ".out");
                Path err = Files.createTempFile(home, "go-", ".err");
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                Map<String, String> env = builder.environment();
                String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
                env.clear();
                env.put("PATH", path);
                env.put("HOME", home.toString());
                env.put("GOPATH", home.resolve("gopath").toString());
                env.put("GOMODCACHE", moduleCache().toString());
                env.put("GOCACHE", home.resolve("gocache").toString());
                env.put("GOENV", home.resolve("go-env").toString());
                env.put("GOPROXY", goproxy);
                env.put("GOSUMDB", gosumdb);
                env.put("GOFLAGS", "-mod=mod -modcacherw");
                env.put("GOTOOLCHAIN", "local");
                env.put("GO111MODULE", "on");
                env.put("GOWORK", "off");
                env.put("CGO_ENABLED", "0");
                return execute(builder, command);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static ClientResult execute(ProcessBuilder builder, List<String> command) throws IOException {
        ClientProcess.Finished run = ClientProcess.run(builder, DEFAULT_TIMEOUT);
        return new ClientResult(List.copyOf(command), run.exitCode(), run.stdout(), run.stderr(), run.timedOut(),
                run.elapsed());
    }
}
