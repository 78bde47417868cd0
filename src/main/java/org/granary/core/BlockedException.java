package org.granary.core;

/**
 * A download the repository's supply-chain policy refuses (403): too young, blocked by a rule, or without a known
 * release time where one is required. The message names the package, the version, its release time and when it
 * becomes available; {@link #blockReason()} is the response's {@code X-Granary-Block-Reason}.
 */
public class BlockedException extends ForbiddenException {

    private final transient Verdict verdict;

    public BlockedException(String display, Verdict verdict) {
        super(verdict.describe(display));
        this.verdict = verdict;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** {@code minimum-release-age}, {@code blocked} or {@code missing-release-time}. */
    public String blockReason() {
        return verdict.blockReason();
    }
}
