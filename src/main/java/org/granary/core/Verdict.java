package org.granary.core;

import java.time.Duration;
import java.time.Instant;

/**
 * What a repository's supply-chain policy says about one version.
 *
 * @param outcome           pass, or why not
 * @param repository        the repository whose policy decided
 * @param reason            a block rule's reason, or what made a version pass (an exemption, break-glass), or
 *                          {@code null}
 * @param releasedAt        the version's release time as stored, or {@code null} when none is known
 * @param minimumReleaseAge the minimum age that applied (zero when none did)
 * @param until             when this verdict changes by itself (the version matures, a rule or break-glass expires),
 *                          or {@code null} when it does not
 */
public record Verdict(Outcome outcome, String repository, String reason, Instant releasedAt,
                      Duration minimumReleaseAge, Instant until) {

    public enum Outcome {
        PASS,
        /** Younger than the minimum release age. */
        HELD,
        /** Refused by a block rule. */
        BLOCKED,
        /** No release time is known and the policy refuses such versions. */
        NO_RELEASE_TIME
    }

    public static Verdict pass(String repository, String reason, Instant releasedAt, Instant until) {
        return new Verdict(Outcome.PASS, repository, reason, releasedAt, Duration.ZERO, until);
    }

    /**
     * Whether a release time could change this verdict: it was reached without one, and a minimum age applied (the
     * version was refused, or passed only because the policy allows versions without a time).
     */
    public boolean wantsReleaseTime() {
        return releasedAt == null && !minimumReleaseAge.isZero()
                && (outcome == Outcome.NO_RELEASE_TIME || outcome == Outcome.PASS);
    }

    public boolean passes() {
        return outcome == Outcome.PASS;
    }

    /** When a held version becomes available: its release time plus the minimum age. */
    public Instant availableAt() {
        return outcome == Outcome.HELD ? releasedAt.plus(minimumReleaseAge) : null;
    }

    /** The {@code X-Granary-Block-Reason} of a refusal. */
    public String blockReason() {
        return switch (outcome) {
            case HELD -> "minimum-release-age";
            case BLOCKED -> "blocked";
            case NO_RELEASE_TIME -> "missing-release-time";
            case PASS -> null;
        };
    }

    /** What a client is told about {@code display} ({@code name@version}). */
    public String describe(String display) {
        return switch (outcome) {
            case HELD -> display + " was released at " + releasedAt + " and is younger than the minimum release age ("
                    + minimumReleaseAge + ") of repository '" + repository + "'; it becomes available at "
                    + availableAt();
            case BLOCKED -> display + " is blocked in repository '" + repository + "': " + reason
                    + (until != null ? " (until " + until + ")" : "");
            case NO_RELEASE_TIME -> display + " has no known release time, and repository '" + repository
                    + "' refuses versions without one (missingReleaseTime deny, minimum release age "
                    + minimumReleaseAge + ")";
            case PASS -> display + " may be downloaded";
        };
    }
}
