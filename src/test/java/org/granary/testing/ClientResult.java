package org.granary.testing;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one run of a real client (cargo, go, ...): command, exit code, output, time.
 *
 * @param exitCode {@code -1} when the run timed out and was killed
 */
public record ClientResult(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut,
                           Duration elapsed) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** stdout followed by stderr. */
    public String output() {
        return stdout + stderr;
    }

    /** A report for assertion messages: command, exit code, time and both streams. */
    public String describe() {
        return String.join(" ", command)
                + "\nexit code " + exitCode + (timedOut ? " (timed out)" : "") + " after " + elapsed.toMillis() + " ms"
                + "\n--- stdout ---\n" + stdout
                + "\n--- stderr ---\n" + stderr;
    }

    @Override
    public String toString() {
        return describe();
    }
}
