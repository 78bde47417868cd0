package org.granary.testing;

import java.time.Duration;
import java.util.List;

/** The outcome of one run of pip. */
public record PypiResult(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut,
                         Duration elapsed) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** Standard output and error together. */
    public String output() {
        return stdout + "\n" + stderr;
    }

    /** Everything a failed assertion should show. */
    public String describe() {
        return "pip " + (timedOut ? "timed out" : "exited with " + exitCode) + " after " + elapsed.toMillis() + " ms\n"
                + "command: " + String.join(" ", command) + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
