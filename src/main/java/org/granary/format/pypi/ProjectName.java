package org.granary.format.pypi;

import java.util.Locale;
import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;
import org.granary.format.PathText;

/** Python project names: validity (PEP 508) and the normalised form (PEP 503) used in every Granary URL. */
public final class ProjectName {

    static final int MAX_LENGTH = 200;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern SEPARATOR_RUNS = Pattern.compile("[-_.]+");

    private ProjectName() {
    }

    /** PEP 503: lower case, every run of {@code -}, {@code _} and {@code .} becomes one {@code -}. */
    public static String normalise(String name) {
        return SEPARATOR_RUNS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }

    /** The name itself when it is a valid project name; otherwise a 400 with the reason. */
    static String requireValid(String name) {
        if (name.isEmpty()) {
            throw new InvalidRequestException("project name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidRequestException("project name is longer than " + MAX_LENGTH + " characters");
        }
        if (!VALID.matcher(name).matches()) {
            throw new InvalidRequestException("'" + PathText.printable(name) + "' is not a valid Python project name:"
                    + " only letters, digits and - _ . are allowed, starting and ending with a letter or digit");
        }
        return name;
    }
}
