package org.granary.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One rule of a repository's supply-chain policy (the REST API calls them exemptions):
 * <ul>
 *   <li>{@link Action#ALLOW}: the matching versions are exempt from the minimum release age;</li>
 *   <li>{@link Action#AGE}: the matching versions get another minimum release age ({@code minimumReleaseAge});</li>
 *   <li>{@link Action#BLOCK}: the matching versions are refused, also when they are cached already.</li>
 * </ul>
 * A rule names packages by name or by a pattern with {@code *} (a scope {@code @acme/*}, a Maven group
 * {@code org.example:*}; case is ignored), optionally a {@link VersionRange}, always a reason, and optionally when it
 * expires.
 */
public record GuardRule(long id, Action action, String packagePattern, VersionRange versions, Duration minimumReleaseAge,
                        String reason, Instant expiresAt, String createdBy, Instant createdAt) {

    public enum Action { ALLOW, BLOCK, AGE }

    private static final java.util.Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    public GuardRule {
        versions = versions == null ? VersionRange.ALL : versions;
    }

    /** Whether the rule is in force at {@code now} (not expired). */
    public boolean inForce(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    public boolean matches(String packageName, String version) {
        return namePattern(packagePattern).matcher(packageName).matches() && versions.contains(version);
    }

    /** How precisely the rule names what it is about: an exact version beats a range, a longer name a shorter one. */
    int specificity() {
        int s = packagePattern.replace("*", "").length();
        if (!packagePattern.contains("*")) {
            s += 1_000;
        }
        if (versions.isExact()) {
            s += 10_000;
        } else if (!versions.isAll()) {
            s += 5_000;
        }
        return s;
    }

    /** A pattern as a regular expression: {@code *} is any run of characters, case ignored. Compiled once. */
    static Pattern namePattern(String pattern) {
        Pattern compiled = PATTERNS.get(pattern);
        if (compiled == null) {
            String[] parts = pattern.split("\\*", -1);
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    re.append(".*");
                }
                if (!parts[i].isEmpty()) {
                    re.append(Pattern.quote(parts[i]));
                }
            }
            compiled = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            if (PATTERNS.size() > 10_000) {
                PATTERNS.clear();
            }
            PATTERNS.put(pattern, compiled);
        }
        return compiled;
    }

    /** The pattern as SQL {@code LIKE} (with {@code \} escapes), for listing what a rule matches. */
    public String sqlLike() {
        StringBuilder like = new StringBuilder();
        for (char c : packagePattern.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }

    /** {@code allow}, {@code block} or {@code age}, as the REST API spells it. */
    public String actionName() {
        return action.name().toLowerCase(Locale.ROOT);
    }
}
