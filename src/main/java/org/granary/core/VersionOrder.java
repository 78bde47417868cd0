package org.granary.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One order of version strings good enough for every ecosystem's guard rules and tag repair: Semantic Versioning's
 * precedence for semantic versions (npm, Cargo, Go's {@code v1.2.3}), and the same idea for the rest (PEP 440's
 * {@code 1.0rc1}, Maven's {@code 1.0-beta-2}): the leading numbers compare numerically (missing ones count as 0); a
 * qualifier after them ({@code -rc.1}, {@code a1}, {@code -SNAPSHOT}) makes a pre-release, which sorts before its
 * release; {@code post}/{@code sp} qualifiers sort after it; build metadata ({@code +...}) is ignored. Known
 * qualifiers compare by meaning (alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot), others as text, numbers
 * before words.
 */
public final class VersionOrder implements Comparator<String> {

    public static final VersionOrder INSTANCE = new VersionOrder();

    private static final Map<String, Integer> QUALIFIERS = Map.ofEntries(
            Map.entry("dev", 0), Map.entry("alpha", 1), Map.entry("a", 1), Map.entry("beta", 2), Map.entry("b", 2),
            Map.entry("milestone", 3), Map.entry("m", 3), Map.entry("rc", 4), Map.entry("cr", 4), Map.entry("c", 4),
            Map.entry("pre", 4), Map.entry("preview", 4), Map.entry("snapshot", 5));
    /** Qualifiers that name the release itself (Maven). */
    private static final List<String> RELEASE = List.of("final", "ga", "release");
    /** Qualifiers of releases after the release (PEP 440 post-releases, Maven service packs). */
    private static final List<String> POST = List.of("post", "sp", "pl", "patch", "rev", "r");

    private VersionOrder() {
    }

    /** The parsed form: numeric release parts, and what follows them. */
    private record Parsed(List<Long> release, int kind, List<Object> qualifier) {
        static final int PRE = -1;
        static final int RELEASE = 0;
        static final int POST = 1;
    }

    @Override
    public int compare(String a, String b) {
        Parsed x = parse(a);
        Parsed y = parse(b);
        int n = Math.max(x.release().size(), y.release().size());
        for (int i = 0; i < n; i++) {
            int c = Long.compare(part(x.release(), i), part(y.release(), i));
            if (c != 0) {
                return c;
            }
        }
        if (x.kind() != y.kind()) {
            return Integer.compare(x.kind(), y.kind());
        }
        int m = Math.max(x.qualifier().size(), y.qualifier().size());
        for (int i = 0; i < m; i++) {
            if (i >= x.qualifier().size()) {
                return -1; // semver: a shorter set of pre-release fields sorts first
            }
            if (i >= y.qualifier().size()) {
                return 1;
            }
            int c = compareToken(x.qualifier().get(i), y.qualifier().get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Whether {@code version} is a pre-release ({@code 2.0.0-rc.1}, {@code 2.0b1}, {@code 2.0-SNAPSHOT}). */
    public boolean isPrerelease(String version) {
        return parse(version).kind() == Parsed.PRE;
    }

    private static long part(List<Long> parts, int i) {
        return i < parts.size() ? parts.get(i) : 0;
    }

    private static int compareToken(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Long) {
            return -1;
        }
        if (b instanceof Long) {
            return 1;
        }
        String x = (String) a;
        String y = (String) b;
        Integer rx = QUALIFIERS.get(x);
        Integer ry = QUALIFIERS.get(y);
        if (rx != null && ry != null) {
            return Integer.compare(rx, ry);
        }
        return x.compareTo(y);
    }

    private static Parsed parse(String version) {
        String v = version.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("v") && v.length() > 1 && Character.isDigit(v.charAt(1))) {
            v = v.substring(1);
        }
        int plus = v.indexOf('+');
        if (plus >= 0) {
            v = v.substring(0, plus);
        }
        List<Object> tokens = tokens(v);
        List<Long> release = new ArrayList<>();
        int i = 0;
        // the release part: numbers separated by dots only
        while (i < tokens.size() && tokens.get(i) instanceof Long n) {
            release.add(n);
            i++;
            if (i < tokens.size() && ".".equals(tokens.get(i)) && i + 1 < tokens.size() && tokens.get(i + 1) instanceof Long) {
                i++;
            } else {
                break;
            }
        }
        List<Object> rest = new ArrayList<>();
        for (; i < tokens.size(); i++) {
            Object t = tokens.get(i);
            if (!(t instanceof String s && (s.equals(".") || s.equals("-") || s.equals("_")))) {
                rest.add(t);
            }
        }
        if (rest.isEmpty()) {
            return new Parsed(release, Parsed.RELEASE, List.of());
        }
        Object first = rest.get(0);
        if (first instanceof String s && RELEASE.contains(s)) {
            rest.remove(0);
            return new Parsed(release, rest.isEmpty() ? Parsed.RELEASE : Parsed.POST, rest);
        }
        if (first instanceof String s && POST.contains(s)) {
            return new Parsed(release, Parsed.POST, rest);
        }
        return new Parsed(release, Parsed.PRE, rest);
    }

    /** Numbers, words, and the separators between them. */
    private static List<Object> tokens(String v) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            int j = i + 1;
            if (Character.isDigit(c)) {
                while (j < v.length() && Character.isDigit(v.charAt(j))) {
                    j++;
                }
                String digits = v.substring(i, j).replaceFirst("^0+(?=.)", "");
                out.add(digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits));
            } else if (Character.isLetter(c)) {
                while (j < v.length() && Character.isLetter(v.charAt(j))) {
                    j++;
                }
                out.add(v.substring(i, j));
            } else {
                out.add(String.valueOf(c));
            }
            i = j;
        }
        return out;
    }
}
