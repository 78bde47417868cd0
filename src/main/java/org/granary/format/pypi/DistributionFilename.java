package org.granary.format.pypi;

import java.util.List;
import java.util.Locale;

/** Reads the version out of a distribution's file name (wheel, sdist, egg), for messages and PEP 700 lists. */
final class DistributionFilename {

    private static final List<String> SDIST_SUFFIXES = List.of(".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".zip");

    private DistributionFilename() {
    }

    /** The version in {@code filename}, or {@code null} when the name does not follow a known convention. */
    static String version(String project, String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".whl") || lower.endsWith(".egg")) {
            String[] parts = filename.substring(0, filename.length() - 4).split("-");
            return parts.length >= 2 && !parts[1].isEmpty() ? parts[1] : null;
        }
        for (String suffix : SDIST_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return afterName(project, filename.substring(0, filename.length() - suffix.length()));
            }
        }
        return null;
    }

    /** {@code name-version} where the name may itself contain dashes: the first split whose name matches. */
    private static String afterName(String project, String stem) {
        for (int i = stem.indexOf('-'); i > 0; i = stem.indexOf('-', i + 1)) {
            if (ProjectName.normalise(stem.substring(0, i)).equals(project) && i + 1 < stem.length()) {
                return stem.substring(i + 1);
            }
        }
        return null;
    }
}
