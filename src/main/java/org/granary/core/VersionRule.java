package org.granary.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which versions of a package an allow-list rule keeps cached: {@code latest}, {@code latest N}, {@code all}, or a
 * range of comparisons joined by spaces ({@code >=1.2 <2}, {@code =1.4.0}). "Latest" means the highest release
 * version (pre-releases such as {@code 2.0.0-rc.1}, {@code 2.0b1} or {@code 1.0-SNAPSHOT} only count for a range or
 * {@code all}). Versions are compared segment by segment: numbers as numbers, anything else as text, and a version
 * with a pre-release tag before the same version without one.
 */
public final class VersionRule {

    private static final Pattern LATEST = Pattern.compile("latest(?:\\s+(\\d+))?");
    private static final Pattern COMPARISON = Pattern.compile("(>=|<=|>|<|==|=)?\\s*(v?[0-9][0-9A-Za-z.+_-]*)");
    private static final Pattern SEGMENT = Pattern.compile("\\d+|[A-Za-z]+");

    private final String text;
    private final int latest;
    private final Predicate<String> range;

    private VersionRule(String text, int latest, Predicate<String> range) {
        this.text = text;
        this.latest = latest;
        this.range = range;
    }

    public static VersionRule parse(String rule) {
        String t = rule == null ? "" : rule.trim().toLowerCase(Locale.ROOT);
        if (t.equals("all")) {
            return new VersionRule(t, 0, v -> true);
        }
        Matcher m = LATEST.matcher(t);
        if (m.matches()) {
            int n = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
            if (n < 1 || n > 1000) {
                throw new InvalidRequestException("'latest N' keeps 1 to 1000 versions, not " + n);
            }
            return new VersionRule(t, n, null);
        }
        List<Predicate<String>> all = new ArrayList<>();
        for (String part : rule.trim().split("\\s+|,")) {
            if (part.isEmpty()) {
                continue;
            }
            Matcher c = COMPARISON.matcher(part);
            if (!c.matches()) {
                throw new InvalidRequestException("'" + rule + "' is not a version rule: use latest, latest N, all, or a "
                        + "range such as '>=1.2 <2'");
            }
            String op = c.group(1) == null ? "=" : c.group(1);
            String bound = c.group(2);
            all.add(switch (op) {
                case ">=" -> v -> ORDER.compare(v, bound) >= 0;
                case "<=" -> v -> ORDER.compare(v, bound) <= 0;
                case ">" -> v -> ORDER.compare(v, bound) > 0;
                case "<" -> v -> ORDER.compare(v, bound) < 0;
                default -> v -> ORDER.compare(v, bound) == 0;
            });
        }
        if (all.isEmpty()) {
            throw new InvalidRequestException("a version rule is latest, latest N, all, or a range such as '>=1.2 <2'");
        }
        return new VersionRule(rule.trim(), 0, v -> all.stream().allMatch(p -> p.test(v)));
    }

    /** The versions of {@code available} the rule keeps, highest first. */
    public List<String> select(List<String> available) {
        List<String> sorted = available.stream().distinct().sorted(ORDER.reversed()).toList();
        if (range != null) {
            return sorted.stream().filter(range).toList();
        }
        return sorted.stream().filter(v -> !isPreRelease(v)).limit(latest).toList();
    }

    @Override
    public String toString() {
        return text;
    }

    /** Whether a version carries a pre-release or snapshot tag. */
    static boolean isPreRelease(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        return lower.contains("-") && !lower.matches(".*-\\d+$") || lower.matches(".*\\d[._]?(a|b|c|rc|dev|alpha|beta|pre|preview)\\d*([._+].*)?")
                || lower.contains("snapshot");
    }

    /** Segment-wise order: numbers numerically, text lexically, a tagged version below the same untagged one. */
    static final Comparator<String> ORDER = (a, b) -> {
        String[] core = {a.split("[+]")[0], b.split("[+]")[0]};
        List<String> x = segments(core[0]);
        List<String> y = segments(core[1]);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            if (i >= x.size()) {
                return isText(y.get(i)) ? 1 : -1; // 1.0 vs 1.0.1 / 1.0 vs 1.0-rc
            }
            if (i >= y.size()) {
                return isText(x.get(i)) ? -1 : 1;
            }
            String s = x.get(i);
            String t = y.get(i);
            int c;
            if (!isText(s) && !isText(t)) {
                c = new java.math.BigInteger(s).compareTo(new java.math.BigInteger(t));
            } else if (isText(s) && isText(t)) {
                c = s.compareToIgnoreCase(t);
            } else {
                c = isText(s) ? -1 : 1; // a tag sorts before a number at the same place
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private static boolean isText(String segment) {
        return !Character.isDigit(segment.charAt(0));
    }

    private static List<String> segments(String v) {
        List<String> out = new ArrayList<>();
        Matcher m = SEGMENT.matcher(v);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
