package org.granary.format.winget;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The comparisons behind each {@link MatchType}, on text folded once ({@link #fold}: lower case;
 * {@link #fuzzy}: also without accents, spaces and punctuation), so that the database index (which stores the
 * folded forms) and the in-memory matcher agree exactly.
 */
public final class TextMatch {

    private static final Pattern COMBINING = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{Nd}]+");

    private TextMatch() {
    }

    public static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code "Visual-Studio Côde"} → {@code "visualstudiocode"}. */
    public static String fuzzy(String s) {
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFKD);
        return NOT_LETTER_OR_DIGIT.matcher(COMBINING.matcher(decomposed).replaceAll("")).replaceAll("")
                .toLowerCase(Locale.ROOT);
    }

    /** Whether {@code value} matches {@code keyword} by {@code type}. */
    public static boolean matches(MatchType type, String keyword, String value) {
        return switch (type) {
            case EXACT -> value.equals(keyword);
            case CASE_INSENSITIVE -> fold(value).equals(fold(keyword));
            case STARTS_WITH -> fold(value).startsWith(fold(keyword));
            case SUBSTRING -> fold(value).contains(fold(keyword));
            case WILDCARD -> wildcard(fold(keyword)).matcher(fold(value)).matches();
            case FUZZY -> {
                String k = fuzzy(keyword);
                yield !k.isEmpty() && fuzzy(value).equals(k);
            }
            case FUZZY_SUBSTRING -> {
                String k = fuzzy(keyword);
                yield !k.isEmpty() && fuzzy(value).contains(k);
            }
        };
    }

    /** {@code *} any run, {@code ?} one character, everything else literal. */
    static Pattern wildcard(String keyword) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < keyword.length(); i++) {
            char c = keyword.charAt(i);
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /**
     * The keyword as an SQL {@code LIKE} pattern over folded values with {@code \} as escape character:
     * {@code *} → {@code %}, {@code ?} → {@code _}, literal {@code % _ \} escaped.
     */
    public static String likePattern(String foldedKeyword, boolean wildcards, boolean anyPrefix, boolean anySuffix) {
        StringBuilder b = new StringBuilder();
        if (anyPrefix) {
            b.append('%');
        }
        for (int i = 0; i < foldedKeyword.length(); i++) {
            char c = foldedKeyword.charAt(i);
            if (wildcards && c == '*') {
                b.append('%');
            } else if (wildcards && c == '?') {
                b.append('_');
            } else {
                if (c == '%' || c == '_' || c == '\\') {
                    b.append('\\');
                }
                b.append(c);
            }
        }
        if (anySuffix) {
            b.append('%');
        }
        return b.toString();
    }
}
