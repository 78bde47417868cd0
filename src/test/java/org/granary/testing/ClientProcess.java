package org.granary.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What every runner of a real client ({@link NpmClient}, {@link PypiClient}, {@link CargoClient}, ...) does
 * around the process: run it with a time limit, kill it and its children when the limit passes, and keep its
 * output in scratch files that are deleted afterwards.
 */
final class ClientProcess {

    /** How long a killed process may take to go away before the runner reads what it wrote. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private ClientProcess() {
    }

    /**
     * How a run ended: {@code exitCode} is {@code -1} when it {@code timedOut}; {@code stdout} and {@code stderr}
     * are what it wrote to the files its builder redirected them to.
     */
    record Finished(int exitCode, boolean timedOut, Duration elapsed, String stdout, String stderr) {
    }

    /**
     * Starts {@code builder}, whose standard output and error must be redirected to files, and waits up to
     * {@code timeout}. On timeout, or if the waiting thread is interrupted (the interrupt is kept), the process and
     * all its descendants are killed and the run counts as timed out.
     */
    static Finished run(ProcessBuilder builder, Duration timeout) throws IOException {
        Path stdout = redirectedTo(builder.redirectOutput(), "output");
        Path stderr = redirectedTo(builder.redirectError(), "error");
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
            try {
                destroyTree(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new Finished(finished ? process.exitValue() : -1, !finished, elapsed,
                Files.readString(stdout), Files.readString(stderr));
    }

    /** Kills {@code process} and all its descendants, then waits a little for it to end. */
    static void destroyTree(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new, empty directory in the system's temp directory whose name starts with {@code prefix}. */
    static Path scratchDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code root} and everything under it, as far as it can; a missing {@code root} is fine. */
    static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // leftovers in the temp directory are harmless
        }
    }

    private static Path redirectedTo(ProcessBuilder.Redirect redirect, String stream) {
        File file = redirect.file();
        if (file == null || redirect.type() != ProcessBuilder.Redirect.Type.WRITE) {
            throw new IllegalArgumentException("the standard " + stream + " must be redirected to a file, not "
                    + redirect);
        }
        return file.toPath();
    }
}
