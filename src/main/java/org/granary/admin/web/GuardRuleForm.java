package org.granary.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.granary.core.GranaryException;
import org.granary.core.GuardRule;
import org.granary.core.Guards;
import org.granary.core.VersionRange;

/**
 * The new-rule form of the guards page: allow (exempt from the minimum release age), block, or age (another minimum
 * age), for a package name or pattern, optionally some versions, with a reason and an optional expiry in days.
 */
public class GuardRuleForm {

    static final int MAX_EXPIRY_DAYS = 36_500;

    private String action = "allow";
    private String pattern = "";
    private String versions = "";
    private String age = "";
    private String reason = "";
    private String expiresInDays = "";

    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        GuardRule.Action a = action();
        if (a == null) {
            p.put("action", "Choose allow, block or age.");
        }
        if (pattern.isBlank()) {
            p.put("pattern", "Name the package, or a pattern with *, e.g. @acme/* or org.example:*.");
        } else if (pattern.length() > 512) {
            p.put("pattern", "Use at most 512 characters.");
        }
        if (!versions.isBlank()) {
            try {
                VersionRange.parse(versions);
            } catch (GranaryException e) {
                p.put("versions", ConsoleGuard.sentence(e.getMessage()));
            }
        }
        if (a == GuardRule.Action.AGE) {
            if (age.isBlank()) {
                p.put("age", "An age rule needs its minimum age: days (7) or a duration (PT12H).");
            } else if (age(age) == null) {
                p.put("age", AGE_HINT);
            }
        } else if (!age.isBlank()) {
            p.put("age", "Only an age rule has a minimum age; leave this empty.");
        }
        if (reason.isBlank()) {
            p.put("reason", "Say why, for whoever reads the list later.");
        } else if (reason.length() > 1024) {
            p.put("reason", "Use at most 1024 characters.");
        }
        if (!expiresInDays.isBlank()) {
            long d = number(expiresInDays);
            if (d < 1 || d > MAX_EXPIRY_DAYS) {
                p.put("expiresInDays", "Enter a whole number of days from 1 to " + MAX_EXPIRY_DAYS
                        + ", or leave it empty for no expiry.");
            }
        }
        return p;
    }

    static final String AGE_HINT = "Enter a number of days (3) or an ISO-8601 duration (P3D, PT12H), not negative.";

    /** Days ({@code 3}) or an ISO-8601 duration ({@code P3D}, {@code PT12H}); {@code null} when it is neither. */
    static Duration age(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return null;
        }
        long days = number(t);
        if (days >= 0) {
            return days > 36_500 ? null : Duration.ofDays(days);
        }
        try {
            Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
            return d.isNegative() ? null : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    GuardRule.Action action() {
        try {
            return GuardRule.Action.valueOf(action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The rule as the service takes it; call after {@link #problems()} found none. */
    Guards.RuleSpec spec(Instant now) {
        return new Guards.RuleSpec(action(), pattern, versions.isBlank() ? null : versions,
                action() == GuardRule.Action.AGE ? age(age) : null, reason,
                expiresInDays.isBlank() ? null : now.plus(Duration.ofDays(number(expiresInDays))));
    }

    private static String clean(String s) {
        return s == null ? "" : s.trim();
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = clean(action);
    }

    public String getPattern() {
        return pattern;
    }

    public void setPattern(String pattern) {
        this.pattern = clean(pattern);
    }

    public String getVersions() {
        return versions;
    }

    public void setVersions(String versions) {
        this.versions = clean(versions);
    }

    public String getAge() {
        return age;
    }

    public void setAge(String age) {
        this.age = clean(age);
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = clean(reason);
    }

    public String getExpiresInDays() {
        return expiresInDays;
    }

    public void setExpiresInDays(String expiresInDays) {
        this.expiresInDays = clean(expiresInDays);
    }
}
