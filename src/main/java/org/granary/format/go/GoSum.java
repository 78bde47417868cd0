package org.granary.format.go;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;

/**
 * The module versions of a {@code go.sum}: {@code <module> <version> h1:…} (the module's zip) and
 * {@code <module> <version>/go.mod h1:…} (only its go.mod, as go needs for modules it does not build). The
 * {@code h1:} hashes are of the module tree, not of a file; go checks them itself against go.sum.
 */
public final class GoSum {

    /** The file kinds a {@link PrefetchFormat.LockedFile} names: only the .mod, or the whole release. */
    static final String MOD_ONLY = "go.mod";
    static final String RELEASE = "zip";

    private GoSum() {
    }

    public static List<PrefetchFormat.Wanted> parse(byte[] file) {
        Map<String, Boolean> zip = new LinkedHashMap<>();
        int number = 0;
        for (String raw : new String(file, StandardCharsets.UTF_8).split("\n")) {
            number++;
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 3 || !f[2].startsWith("h1:")) {
                throw new InvalidRequestException("this is not a go.sum: line " + number + " is not '<module> <version> "
                        + "h1:<hash>'");
            }
            boolean modOnly = f[1].endsWith("/go.mod");
            String version = modOnly ? f[1].substring(0, f[1].length() - "/go.mod".length()) : f[1];
            String key = f[0] + " " + version;
            zip.merge(key, !modOnly, Boolean::logicalOr);
        }
        List<PrefetchFormat.Wanted> out = new ArrayList<>();
        zip.forEach((key, withZip) -> {
            String[] mv = key.split(" ");
            out.add(new PrefetchFormat.Wanted(mv[0], mv[1], List.of(new PrefetchFormat.LockedFile(
                    withZip ? RELEASE : MOD_ONLY, java.util.Optional.empty()))));
        });
        return out;
    }
}
