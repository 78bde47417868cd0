package org.granary.format.pypi;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;
import org.granary.format.PathText;

/**
 * Python versions (PEP 440): whether a string is one, and its normalised form, so that {@code 1.0}, {@code 1.00}
 * and {@code v1.0} in an upload form and a file name are recognised as the same version ({@code 1.0a1} and
 * {@code 1.0-alpha.1} too). Pure.
 */
final class PythonVersion {

    static final int MAX_LENGTH = 100;

    private static final Pattern PEP440 = Pattern.compile(
            "v?"
            + "(?:(?<epoch>[0-9]+)!)?"
            + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
            + "(?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?"
            + "(?<post>-(?<postn1>[0-9]+)|[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?)?"
            + "(?<dev>[-_.]?dev[-_.]?(?<devn>[0-9]+)?)?"
            + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    private PythonVersion() {
    }

    static boolean isValid(String version) {
        return version != null && version.strip().length() <= MAX_LENGTH && PEP440.matcher(version.strip()).matches();
    }

    /** The version, stripped, when it is a PEP 440 version; otherwise a 400 with the reason. */
    static String requireValid(String version) {
        if (version == null || version.isBlank()) {
            throw new InvalidRequestException("the version is missing");
        }
        if (!isValid(version)) {
            throw new InvalidRequestException("'" + PathText.printable(version) + "' is not a valid Python version"
                    + " (PEP 440), e.g. 1.0, 2.1.3rc1, 1.0.post2, 3.0.dev4");
        }
        return version.strip();
    }

    /** The normalised form (PEP 440 "Normalization"), or {@code null} when {@code version} is not a version. */
    static String normalise(String version) {
        if (version == null) {
            return null;
        }
        Matcher m = PEP440.matcher(version.strip());
        if (!m.matches()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        String epoch = m.group("epoch");
        if (epoch != null && new BigInteger(epoch).signum() != 0) {
            b.append(new BigInteger(epoch)).append('!');
        }
        String[] release = m.group("release").split("\\.");
        for (int i = 0; i < release.length; i++) {
            b.append(i == 0 ? "" : ".").append(new BigInteger(release[i]));
        }
        if (m.group("pre") != null) {
            String label = switch (m.group("prel").toLowerCase(Locale.ROOT)) {
                case "a", "alpha" -> "a";
                case "b", "beta" -> "b";
                default -> "rc";
            };
            b.append(label).append(number(m.group("pren")));
        }
        if (m.group("post") != null) {
            b.append(".post").append(number(m.group("postn1") != null ? m.group("postn1") : m.group("postn2")));
        }
        if (m.group("dev") != null) {
            b.append(".dev").append(number(m.group("devn")));
        }
        if (m.group("local") != null) {
            b.append('+').append(m.group("local").toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.'));
        }
        return b.toString();
    }

    /** Whether two strings are the same version once normalised. */
    static boolean same(String a, String b) {
        String na = normalise(a);
        return na != null && na.equals(normalise(b));
    }

    /** Whether a version is a pre-release or development release (PEP 440). */
    static boolean isPrerelease(String version) {
        Matcher m = version == null ? null : PEP440.matcher(version.strip());
        return m != null && m.matches() && (m.group("pre") != null || m.group("dev") != null);
    }

    /**
     * Orders versions by epoch, release numbers, then a final release above its pre-releases and development
     * releases, post-releases above it (enough to pick the latest of a project); strings that are not versions sort
     * first.
     */
    static final java.util.Comparator<String> ORDER = (a, b) -> {
        Matcher x = PEP440.matcher(a == null ? "" : a.strip());
        Matcher y = PEP440.matcher(b == null ? "" : b.strip());
        boolean vx = x.matches();
        boolean vy = y.matches();
        if (!vx || !vy) {
            return Boolean.compare(vx, vy);
        }
        int c = number(x.group("epoch")).compareTo(number(y.group("epoch")));
        if (c != 0) {
            return c;
        }
        String[] rx = x.group("release").split("\\.");
        String[] ry = y.group("release").split("\\.");
        for (int i = 0; i < Math.max(rx.length, ry.length); i++) {
            c = (i < rx.length ? new BigInteger(rx[i]) : BigInteger.ZERO)
                    .compareTo(i < ry.length ? new BigInteger(ry[i]) : BigInteger.ZERO);
            if (c != 0) {
                return c;
            }
        }
        c = Integer.compare(stage(x), stage(y));
        if (c != 0) {
            return c;
        }
        return normalise(a).compareTo(normalise(b));
    };

    /** 0: dev release of the final, 1: pre-release, 2: final, 3: post-release. */
    private static int stage(Matcher m) {
        if (m.group("pre") != null) {
            return 1;
        }
        if (m.group("post") != null) {
            return 3;
        }
        return m.group("dev") != null ? 0 : 2;
    }

    private static BigInteger number(String digits) {
        return digits == null ? BigInteger.ZERO : new BigInteger(digits);
    }
}
