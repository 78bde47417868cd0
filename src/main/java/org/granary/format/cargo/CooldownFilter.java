package org.granary.format.cargo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.granary.core.ReleaseListing;
import org.granary.core.VersionGate;

/**
 * Cargo sparse-index files through the supply-chain guards, pure: a version's release time is its line's
 * {@code pubtime} (crates.io writes it; an index without it leaves the version without a time, and the policy's
 * {@code missingReleaseTime} decides); a filtered file is the same file without the lines of hidden versions, every
 * other line byte for byte.
 */
public final class CooldownFilter {

    private CooldownFilter() {
    }

    /** Every version of an index file, with its {@code pubtime} ({@code null} when the line has none). */
    public static Map<String, Instant> releaseTimes(byte[] index) throws IOException {
        Map<String, Instant> out = new LinkedHashMap<>();
        int number = 0;
        for (String line : new String(index, StandardCharsets.UTF_8).split("\n")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            CrateIndex.Entry e = CrateIndex.parseLine(line, number);
            out.put(e.version(), pubtime(e.pubtime()));
        }
        return out;
    }

    /** The index file without the lines of the versions {@code gate} hides. */
    public static byte[] filter(byte[] index, VersionGate gate) throws IOException {
        StringBuilder kept = new StringBuilder(index.length);
        int number = 0;
        for (String line : new String(index, StandardCharsets.UTF_8).split("\n")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            if (gate.allows(CrateIndex.parseLine(line, number).version())) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Instant pubtime(String text) {
        return ReleaseListing.time(text);
    }
}
