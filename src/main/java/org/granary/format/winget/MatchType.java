package org.granary.format.winget;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a search keyword is compared with a package's values ({@code RequestMatch.MatchType}).
 * <ul>
 * <li>{@code Exact}: the same text, case included.</li>
 * <li>{@code CaseInsensitive}: the same text, any case.</li>
 * <li>{@code StartsWith}, {@code Substring}: a prefix of, or contained in, the value, any case (as winget's own index).</li>
 * <li>{@code Wildcard}: the whole value matches the keyword with {@code *} for any run and {@code ?} for one character, any case.</li>
 * <li>{@code Fuzzy}: equal once both are folded: case, accents, spaces and punctuation ignored
 *     ({@code "Visual-Studio code"} is {@code "visualstudiocode"}).</li>
 * <li>{@code FuzzySubstring}: the folded keyword is contained in the folded value.</li>
 * </ul>
 */
public enum MatchType {
    EXACT("Exact"), CASE_INSENSITIVE("CaseInsensitive"), STARTS_WITH("StartsWith"), SUBSTRING("Substring"),
    WILDCARD("Wildcard"), FUZZY("Fuzzy"), FUZZY_SUBSTRING("FuzzySubstring");

    private final String json;

    MatchType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** By its JSON name, ignoring case as winget's own parsers do. */
    public static Optional<MatchType> of(String value) {
        return Arrays.stream(values()).filter(t -> t.json.equalsIgnoreCase(value)).findFirst();
    }
}
