package org.granary.format.go;

import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;

/**
 * A version (or version query, such as a branch name) as requested from a Go module proxy, with its
 * case-encoded form ({@code v1.0.0-RC1} is {@code v1.0.0-!r!c1} in URLs).
 *
 * @param version the version as written in {@code go.mod} and {@code .info} files
 * @param escaped the case-encoded form used in GOPROXY URLs and storage keys
 */
public record ModuleVersion(String version, String escaped) {

    static final int MAX_LENGTH = 200;

    private static final String NUMBER = "(?:0|[1-9][0-9]*)";
    private static final String IDENTIFIER = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    /** A canonical semantic version as Go writes it: no shorthand, no build suffix but {@code +incompatible}. */
    private static final Pattern CANONICAL = Pattern.compile("v(" + NUMBER + ")\\." + NUMBER + "\\." + NUMBER
            + "(?:-" + IDENTIFIER + "(?:\\." + IDENTIFIER + ")*)?(\\+incompatible)?");

    /**
     * Decodes and validates a version from a GOPROXY URL: any string that is a valid file name and contains
     * no '!' once decoded (the go command also asks for branch names and commit hashes with {@code .info}).
     *
     * @throws InvalidRequestException with the reason
     */
    public static ModuleVersion ofEscaped(String escaped) {
        if (escaped.length() > MAX_LENGTH) {
            throw new InvalidRequestException("version is longer than " + MAX_LENGTH + " characters");
        }
        String version = ModulePath.unescape(escaped);
        if (version == null) {
            throw new InvalidRequestException("invalid escaped version \"" + ModulePath.printable(escaped)
                    + "\": upper-case letters must be written as '!' followed by the lower-case letter");
        }
        String problem = ModulePath.problemWithElement(version, ModulePath.Kind.FILE);
        if (problem != null) {
            throw new InvalidRequestException("invalid version \"" + ModulePath.printable(version) + "\": " + problem);
        }
        return new ModuleVersion(version, escaped);
    }

    /** A version from trusted text (fixtures, {@code go.mod}); validated like {@link #ofEscaped}. */
    public static ModuleVersion of(String version) {
        return ofEscaped(ModulePath.escape(version));
    }

    /** Whether this is a canonical semantic version, the only kind a module's {@code .mod} and {@code .zip} have. */
    public boolean isCanonical() {
        return CANONICAL.matcher(version).matches();
    }

    /** {@code v2} for {@code v2.3.4}; only for canonical versions. */
    String major() {
        var m = CANONICAL.matcher(version);
        if (!m.matches()) {
            throw new IllegalStateException(version + " is not canonical");
        }
        return "v" + m.group(1);
    }

    boolean isIncompatible() {
        return version.endsWith("+incompatible");
    }

    /**
     * Why this version cannot be a release of {@code module}, or {@code null} when it can: it must be
     * canonical, and its major version must match the path's suffix ({@code /v2} needs {@code v2.x.y};
     * no suffix allows {@code v0}, {@code v1} and {@code +incompatible}).
     */
    public String problemAsReleaseOf(ModulePath module) {
        if (!isCanonical()) {
            return "\"" + ModulePath.printable(version) + "\" is not a canonical semantic version "
                    + "(vMAJOR.MINOR.PATCH[-prerelease][+incompatible])";
        }
        String pathMajor = module.pathMajor();
        if (pathMajor.startsWith(".v") && pathMajor.endsWith("-unstable")) {
            pathMajor = pathMajor.substring(0, pathMajor.length() - "-unstable".length());
        }
        if (version.startsWith("v0.0.0-") && pathMajor.equals(".v1")) {
            return null; // old pseudo-versions of gopkg.in/...v1 modules, still required in the wild
        }
        String major = major();
        if (pathMajor.isEmpty()) {
            return major.equals("v0") || major.equals("v1") || isIncompatible() ? null
                    : "version " + version + " of module " + module.path() + " should be v0 or v1, not " + major;
        }
        return major.equals(pathMajor.substring(1)) ? null
                : "version " + version + " of module " + module.path() + " should be " + pathMajor.substring(1)
                + ", not " + major;
    }

    @Override
    public String toString() {
        return version;
    }
}
