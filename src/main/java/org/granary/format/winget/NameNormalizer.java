package org.granary.format.winget;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Program names reduced to what stays the same across versions and builds, as winget does before it correlates an
 * installed program (Programs and Features) with a package: case folded, bracketed notes, architecture markers and
 * version numbers removed, then only letters and digits kept. {@code "Contoso Tools 2.1 (x64)"} →
 * {@code "contosotools"}. A smaller rule set than winget's own, with the same intent; a name winget already
 * normalised stays as it is.
 */
public final class NameNormalizer {

    private static final Pattern BRACKETS = Pattern.compile("\\([^()]*\\)|\\[[^\\[\\]]*\\]");
    private static final Pattern ARCHITECTURE = Pattern.compile(
            "(?<![\\p{L}\\p{Nd}])(x86[-_]64|amd64|x64|x86|x32|arm64|(?:32|64)[- ]?bits?)(?![\\p{L}\\p{Nd}])");
    private static final Pattern VERSION = Pattern.compile(
            "(?<![\\p{L}\\p{Nd}])(?:v|ver|version|build|release)?\\s?\\p{Nd}+(?:[._-]\\p{Nd}+)+[\\p{L}\\p{Nd}]*"
                    + "|(?<![\\p{L}\\p{Nd}])(?:v|version)\\s?\\p{Nd}+(?![\\p{L}\\p{Nd}])");
    private static final Pattern WORD_SPLIT = Pattern.compile("[^\\p{L}\\p{Nd}+&]+");
    private static final Set<String> LEGAL_SUFFIXES = Set.of("ab", "ag", "as", "bv", "co", "corp", "corporation",
            "gmbh", "inc", "incorporated", "kg", "limited", "llc", "lp", "ltd", "nv", "plc", "pty", "sa", "sarl", "srl",
            "company");

    private NameNormalizer() {
    }

    public static String name(String name) {
        return normalize(name, false);
    }

    /** Publishers also lose legal-entity words ({@code Inc}, {@code GmbH}, {@code Corporation}, …). */
    public static String publisher(String publisher) {
        return normalize(publisher, true);
    }

    private static String normalize(String text, boolean publisher) {
        String s = text.toLowerCase(Locale.ROOT).trim();
        String previous;
        do {
            previous = s;
            s = BRACKETS.matcher(s).replaceAll(" ");
        } while (!s.equals(previous));
        s = ARCHITECTURE.matcher(s).replaceAll(" ");
        s = VERSION.matcher(s).replaceAll(" ");
        List<String> words = new ArrayList<>();
        for (String w : WORD_SPLIT.split(s)) {
            if (w.isEmpty() || (publisher && !words.isEmpty() && LEGAL_SUFFIXES.contains(w))) {
                continue;
            }
            words.add(w);
        }
        return TextMatch.fuzzy(String.join("", words));
    }
}
