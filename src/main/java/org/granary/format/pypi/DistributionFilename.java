package org.granary.format.pypi;

import java.util.List;
import java.util.Locale;

/**
 * Reads a distribution's file name (wheel, sdist, egg): the version in it, for messages and PEP 700 lists, and
 * whether it names a given project and version, for uploads. Pure.
 */
final class DistributionFilename {

    private static final List<String> SDIST_SUFFIXES = List.of(".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".zip");
    /** What PyPI accepts for an uploaded sdist (PEP 625 narrows it to .tar.gz; .zip is still accepted). */
    private static final List<String> UPLOADABLE_SDIST_SUFFIXES = List.of(".tar.gz", ".zip");

    /** The kinds of file an index accepts in an upload, with the {@code filetype} form value each is sent with. */
    enum Kind {
        WHEEL("bdist_wheel"), SDIST("sdist");

        private final String filetype;

        Kind(String filetype) {
            this.filetype = filetype;
        }

        String filetype() {
            return filetype;
        }
    }

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

    /** WHEEL for {@code .whl}, SDIST for {@code .tar.gz} and {@code .zip}, else {@code null}. */
    static Kind uploadKind(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".whl")) {
            return Kind.WHEEL;
        }
        return UPLOADABLE_SDIST_SUFFIXES.stream().anyMatch(lower::endsWith) ? Kind.SDIST : null;
    }

    /**
     * Whether {@code filename} is a file of {@code project} (normalised) at {@code version} (compared after PEP 440
     * normalisation): a wheel {@code {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl} or an sdist
     * {@code {name}-{version}.tar.gz}/{@code .zip}.
     */
    static boolean names(String filename, String project, String version) {
        Kind kind = uploadKind(filename);
        if (kind == Kind.WHEEL) {
            String[] parts = filename.substring(0, filename.length() - 4).split("-", -1);
            return (parts.length == 5 || parts.length == 6)
                    && ProjectName.normalise(parts[0]).equals(project)
                    && PythonVersion.same(parts[1], version)
                    && java.util.Arrays.stream(parts).noneMatch(String::isEmpty);
        }
        if (kind == Kind.SDIST) {
            String lower = filename.toLowerCase(Locale.ROOT);
            String suffix = UPLOADABLE_SDIST_SUFFIXES.stream().filter(lower::endsWith).findFirst().orElseThrow();
            String stem = filename.substring(0, filename.length() - suffix.length());
            for (int i = stem.indexOf('-'); i > 0; i = stem.indexOf('-', i + 1)) {
                if (ProjectName.normalise(stem.substring(0, i)).equals(project)
                        && PythonVersion.same(stem.substring(i + 1), version)) {
                    return true;
                }
            }
        }
        return false;
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
