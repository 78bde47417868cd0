package org.granary.format.pypi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.granary.core.ReleaseListing;

/**
 * PyPI project pages through the supply-chain guards, pure: a version's release time is the earliest
 * {@code upload-time} (PEP 700) of its files; a page without the hidden versions loses their files and its
 * {@code versions} list is rebuilt without them, in HTML and JSON alike (both are rendered from the filtered page).
 */
public final class CooldownFilter {

    private CooldownFilter() {
    }

    /** Every version with files on the page, with its earliest upload time ({@code null} when no file has one). */
    public static Map<String, Instant> releaseTimes(SimplePage page) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (SimplePage.Distribution f : page.files()) {
            String version = DistributionFilename.version(page.name(), f.filename());
            if (version == null) {
                continue;
            }
            ReleaseListing.putEarliest(out, version, uploadTime(f));
        }
        return out;
    }

    /** {@code page} without the files of versions {@code visible} refuses. */
    public static SimplePage filter(SimplePage page, Predicate<String> visible) {
        List<SimplePage.Distribution> files = page.files().stream().filter(f -> {
            String v = DistributionFilename.version(page.name(), f.filename());
            return v == null || visible.test(v);
        }).toList();
        List<String> versions = page.versions().stream().filter(visible).toList();
        if (files.size() == page.files().size() && versions.size() == page.versions().size()) {
            return page;
        }
        return new SimplePage(page.name(), page.apiVersion(), versions, files);
    }

    private static Instant uploadTime(SimplePage.Distribution f) {
        return ReleaseListing.time(f.uploadTime());
    }
}
