package org.granary.format.maven;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Orders Maven versions the way Maven does, for {@code <latest>} and {@code <release>} of generated and merged
 * {@code maven-metadata.xml}: a version is split into numbers and qualifiers at {@code .}, {@code -} and every
 * change between digits and letters; numbers compare numerically, qualifiers by their rank
 * ({@code alpha < beta < milestone < rc < snapshot < (release) < sp}, other words after these, alphabetically), a
 * number sorts after a qualifier in the same place, and missing parts count as {@code 0} or "release"
 * ({@code 1 = 1.0 = 1.0.0}, {@code 1.0-alpha-1 < 1.0}). Pure.
 */
public final class MavenVersionOrder implements Comparator<String> {

    public static final MavenVersionOrder INSTANCE = new MavenVersionOrder();

    private static final Map<String, Integer> RANKS = Map.of("alpha", 0, "beta", 1, "milestone", 2, "rc", 3,
            "snapshot", 4, "", 5, "sp", 6);
    private static final int UNKNOWN_RANK = 7;
    private static final Map<String, String> ALIASES = Map.of("cr", "rc", "ga", "", "final", "", "release", "");

    private MavenVersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        List<Object> x = items(a);
        List<Object> y = items(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int c = compareItem(i < x.size() ? x.get(i) : null, i < y.size() ? y.get(i) : null);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The greatest of {@code versions}, or {@code null} when there are none. */
    public String max(Iterable<String> versions) {
        String best = null;
        for (String v : versions) {
            if (best == null || compare(v, best) > 0) {
                best = v;
            }
        }
        return best;
    }

    /** Numbers as {@link BigInteger}, qualifiers as normalised strings; trailing zeros and "release" removed. */
    static List<Object> items(String version) {
        String v = version.toLowerCase(Locale.ROOT);
        List<Object> items = new ArrayList<>();
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (c == '.' || c == '-' || c == '_') {
                if (i + 1 < v.length() && (v.charAt(i + 1) == '.' || v.charAt(i + 1) == '-')) {
                    items.add(BigInteger.ZERO); // an empty part counts as 0
                }
                i++;
                continue;
            }
            int start = i;
            boolean digits = Character.isDigit(c);
            while (i < v.length() && Character.isDigit(v.charAt(i)) == digits && ".-_".indexOf(v.charAt(i)) < 0) {
                i++;
            }
            String token = v.substring(start, i);
            if (digits) {
                // A qualifier's trailing zeros count for nothing: 1.0-alpha = 1-alpha.
                items.add(new BigInteger(token));
            } else {
                boolean numberFollows = i < v.length() && Character.isDigit(v.charAt(i));
                items.add(qualifier(token, numberFollows));
            }
        }
        normalise(items);
        return items;
    }

    private static String qualifier(String token, boolean numberFollows) {
        if (numberFollows && token.length() == 1) {
            switch (token) {
                case "a":
                    return "alpha";
                case "b":
                    return "beta";
                case "m":
                    return "milestone";
                default:
                    break;
            }
        }
        return ALIASES.getOrDefault(token, token);
    }

    /** Drops zeros that stand before a qualifier or at the end, and "release" qualifiers: they change nothing. */
    private static void normalise(List<Object> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            Object item = items.get(i);
            boolean last = i == items.size() - 1;
            boolean beforeQualifier = !last && items.get(i + 1) instanceof String;
            boolean zero = item instanceof BigInteger n && n.signum() == 0;
            if ((zero && (last || beforeQualifier) && i > 0) || "".equals(item)) {
                items.remove(i);
            }
        }
    }

    private static int compareItem(Object a, Object b) {
        if (a == null && b == null) {
            return 0;
        }
        if (a == null) {
            return -compareItem(b, null);
        }
        if (a instanceof BigInteger n) {
            if (b == null) {
                return n.signum();
            }
            return b instanceof BigInteger m ? n.compareTo(m) : 1;
        }
        String q = (String) a;
        if (b == null) {
            return Integer.compare(rank(q), RANKS.get(""));
        }
        if (b instanceof BigInteger) {
            return -1;
        }
        String r = (String) b;
        int byRank = Integer.compare(rank(q), rank(r));
        return byRank != 0 ? byRank : (rank(q) == UNKNOWN_RANK ? q.compareTo(r) : 0);
    }

    private static int rank(String qualifier) {
        return RANKS.getOrDefault(qualifier, UNKNOWN_RANK);
    }
}
