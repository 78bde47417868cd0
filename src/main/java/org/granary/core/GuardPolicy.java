package org.granary.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A repository's supply-chain policy, as pure rules: the minimum release age of its versions (a cooldown), what a
 * version without a known release time gets, the break-glass switch that suspends the minimum age, and its
 * {@link GuardRule}s. A block rule wins over an allow rule unless the allow rule names the exact version; of several
 * matching age rules the most specific wins. Break-glass suspends ages, never block rules.
 *
 * @param minimumReleaseAge zero: no cooldown
 * @param breakGlassUntil   when the break-glass switch turns itself off; {@code null}: when an administrator does
 */
public record GuardPolicy(long repositoryId, String repository, Duration minimumReleaseAge,
                          MissingReleaseTime missingReleaseTime, boolean breakGlass, Instant breakGlassUntil,
                          List<GuardRule> rules) {

    public enum MissingReleaseTime { ALLOW, DENY }

    public GuardPolicy {
        minimumReleaseAge = minimumReleaseAge == null ? Duration.ZERO : minimumReleaseAge;
        missingReleaseTime = missingReleaseTime == null ? MissingReleaseTime.ALLOW : missingReleaseTime;
        rules = List.copyOf(rules);
    }

    /** No cooldown, no rules. */
    public static GuardPolicy none(long repositoryId, String repository) {
        return new GuardPolicy(repositoryId, repository, Duration.ZERO, MissingReleaseTime.ALLOW, false, null, List.of());
    }

    /** The same policy, its messages naming {@code name}. */
    public GuardPolicy named(String name) {
        return name.equals(repository) ? this : new GuardPolicy(repositoryId, name, minimumReleaseAge, missingReleaseTime,
                breakGlass, breakGlassUntil, rules);
    }

    public boolean breakGlassOn(Instant now) {
        return breakGlass && (breakGlassUntil == null || now.isBefore(breakGlassUntil));
    }

    /** Whether the policy can refuse anything at {@code now} (else the read path skips it). */
    public boolean isActive(Instant now) {
        return minimumReleaseAge.compareTo(Duration.ZERO) > 0 || rules.stream().anyMatch(r -> r.inForce(now));
    }

    /**
     * The verdict on {@code version} of {@code packageName}.
     *
     * @param releasedAt its release time as stored, or {@code null} when none is known
     */
    public Verdict judge(String packageName, String version, Instant releasedAt, Instant now) {
        List<GuardRule> matching = rules.stream().filter(r -> r.inForce(now) && r.matches(packageName, version)).toList();
        Optional<GuardRule> block = matching.stream().filter(r -> r.action() == GuardRule.Action.BLOCK)
                .max(Comparator.comparingInt(GuardRule::specificity));
        Optional<GuardRule> exactAllow = matching.stream()
                .filter(r -> r.action() == GuardRule.Action.ALLOW && r.versions().isExact()).findFirst();
        if (block.isPresent() && exactAllow.isEmpty()) {
            GuardRule b = block.get();
            return new Verdict(Verdict.Outcome.BLOCKED, repository, b.reason(), releasedAt, Duration.ZERO, b.expiresAt());
        }
        Optional<GuardRule> allow = exactAllow.or(() -> matching.stream()
                .filter(r -> r.action() == GuardRule.Action.ALLOW).max(Comparator.comparingInt(GuardRule::specificity)));
        if (allow.isPresent()) {
            return Verdict.pass(repository, "exempt: " + allow.get().reason(), releasedAt, allow.get().expiresAt());
        }
        Duration age = matching.stream().filter(r -> r.action() == GuardRule.Action.AGE)
                .max(Comparator.comparingInt(GuardRule::specificity)
                        .thenComparing(GuardRule::minimumReleaseAge))
                .map(GuardRule::minimumReleaseAge).orElse(minimumReleaseAge);
        if (age.isZero() || age.isNegative()) {
            return Verdict.pass(repository, null, releasedAt, null);
        }
        if (breakGlassOn(now)) {
            return Verdict.pass(repository, "break-glass", releasedAt, breakGlassUntil);
        }
        if (releasedAt == null) {
            return missingReleaseTime == MissingReleaseTime.ALLOW
                    ? new Verdict(Verdict.Outcome.PASS, repository, "no release time known (missingReleaseTime allow)",
                            null, age, null)
                    : new Verdict(Verdict.Outcome.NO_RELEASE_TIME, repository, null, null, age, null);
        }
        Instant available = releasedAt.plus(age);
        if (now.isBefore(available)) {
            return new Verdict(Verdict.Outcome.HELD, repository, null, releasedAt, age, available);
        }
        return Verdict.pass(repository, null, releasedAt, null);
    }
}
