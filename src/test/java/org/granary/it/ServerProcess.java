package org.granary.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An application server the test starts itself, in a process of its own (GlassFish, or a WildFly configured
 * differently from the Arquillian one): its output goes to a log file, quoted when it does not come up, and closing
 * it stops the whole process tree.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private ServerProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Starts {@code command} in {@code workDir}; Granary will serve at {@code baseUrl} ({@code …/granary}). */
    static ServerProcess launch(List<String> command, Map<String, String> environment, Path workDir, String baseUrl)
            throws IOException {
        URI url = URI.create(baseUrl);
        try (java.net.Socket taken = new java.net.Socket(url.getHost(), url.getPort())) {
            throw new IllegalStateException("port " + url.getPort() + " is already in use: stop what listens there first");
        } catch (java.net.ConnectException free) {
            // as it should be
        }
        Files.createDirectories(workDir);
        Path log = workDir.resolve("server-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new ServerProcess(builder.start(), log, baseUrl);
    }

    String baseUrl() {
        return baseUrl;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String tail() {
        String all = log();
        return all.length() <= 8000 ? all : "…" + all.substring(all.length() - 8000);
    }

    /**
     * Waits until {@code /health} answers 200; fails with the log when the process ends or a failure is logged, and
     * then stops the server (a caller whose start failed has nothing to close, so nothing is left running).
     */
    ServerProcess awaitHealthy(Duration timeout, String... failureMarks) throws Exception {
        try {
            return waitHealthy(timeout, failureMarks);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private ServerProcess waitHealthy(Duration timeout, String... failureMarks) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            String text = log();
            for (String mark : failureMarks) {
                if (text.contains(mark)) {
                    throw new IllegalStateException("the deployment failed (" + mark + "):\n" + tail());
                }
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the server did not serve " + baseUrl + "/health within " + timeout + ":\n" + tail());
    }

    /** Waits until the log contains {@code text}; returns the log. */
    String awaitLog(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String all = log();
            if (all.contains(text)) {
                return all;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the server never logged '" + text + "':\n" + tail());
    }

    @Override
    public void close() throws Exception {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                child.destroyForcibly();
            }
        }
    }
}
