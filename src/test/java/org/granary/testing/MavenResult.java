package org.granary.testing;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one {@link MavenClient} run.
 *
 * @param exitCode {@code -1} when the run timed out and was killed
 * @param output   stdout and stderr, interleaved
 */
public record MavenResult(List<String> command, int exitCode, String output, boolean timedOut, Duration elapsed) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** A report for assertion messages: command, exit code, time and output. */
    public String describe() {
        return String.join(" ", command)
                + "\nexit code " + exitCode + (timedOut ? " (timed out)" : "") + " after " + elapsed.toMillis() + " ms"
                + "\n--- output ---\n" + output;
    }

    @Override
    public String toString() {
        return describe();
    }
}
