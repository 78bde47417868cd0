package org.granary.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions a guard rule is about: every version ({@code *} or none given), one exact version ({@code 1.2.3}), or
 * comparators that must all hold ({@code >=1.2.0 <1.3.0}, {@code <2}, {@code >1.0,<=1.4}), compared in
 * {@link VersionOrder}.
 */
public record VersionRange(String text, List<Bound> bounds) {

    private static final Pattern COMPARATOR = Pattern.compile("(>=|<=|>|<|=)?\\s*([^\\s,<>=]+)");

    /** One comparator. */
    public record Bound(String operator, String version) {
        boolean test(String v) {
            int c = VersionOrder.INSTANCE.compare(v, version);
            return switch (operator) {
                case ">=" -> c >= 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case "<" -> c < 0;
                default -> c == 0;
            };
        }
    }

    public VersionRange {
        bounds = List.copyOf(bounds);
    }

    /** Every version. */
    public static final VersionRange ALL = new VersionRange("*", List.of());

    /**
     * @throws InvalidRequestException when {@code text} is not an exact version, {@code *}, or comparators
     */
    public static VersionRange parse(String text) {
        if (text == null || text.isBlank() || text.trim().equals("*")) {
            return ALL;
        }
        String t = text.trim();
        if (t.length() > 256) {
            throw new InvalidRequestException("a version range is at most 256 characters");
        }
        List<Bound> bounds = new ArrayList<>();
        int at = 0;
        Matcher m = COMPARATOR.matcher(t);
        while (at < t.length()) {
            char c = t.charAt(at);
            if (c == ' ' || c == ',') {
                at++;
                continue;
            }
            if (!m.find(at) || m.start() != at) {
                throw new InvalidRequestException("'" + t + "' is not a version, '*', or comparators such as "
                        + "'>=1.2.0 <1.3.0'");
            }
            bounds.add(new Bound(m.group(1) == null ? "=" : m.group(1), m.group(2)));
            at = m.end();
        }
        return new VersionRange(t, bounds);
    }

    public boolean contains(String version) {
        return bounds.stream().allMatch(b -> b.test(version));
    }

    /** Whether it names one exact version. */
    public boolean isExact() {
        return bounds.size() == 1 && bounds.get(0).operator().equals("=");
    }

    public boolean isAll() {
        return bounds.isEmpty();
    }
}
