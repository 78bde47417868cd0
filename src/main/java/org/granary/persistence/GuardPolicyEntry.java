package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A repository's supply-chain policy: its minimum release age, what versions without a release time get, break-glass. */
@Entity
@Table(name = "guard_policy")
public class GuardPolicyEntry {

    @Id
    @Column(name = "repository_id")
    private Long repositoryId;

    @Column(name = "minimum_release_age_seconds", nullable = false)
    private long minimumReleaseAgeSeconds;

    /** {@code ALLOW} or {@code DENY} ({@code core.GuardPolicy.MissingReleaseTime}). */
    @Column(name = "missing_release_time", nullable = false, length = 8)
    private String missingReleaseTime = "ALLOW";

    @Column(name = "break_glass", nullable = false)
    private boolean breakGlass;

    @Column(name = "break_glass_until")
    private Instant breakGlassUntil;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected GuardPolicyEntry() {
        // for JPA
    }

    public GuardPolicyEntry(long repositoryId, Instant updatedAt) {
        this.repositoryId = repositoryId;
        this.updatedAt = updatedAt;
    }

    public Long getRepositoryId() {
        return repositoryId;
    }

    public long getMinimumReleaseAgeSeconds() {
        return minimumReleaseAgeSeconds;
    }

    public String getMissingReleaseTime() {
        return missingReleaseTime;
    }

    public boolean isBreakGlass() {
        return breakGlass;
    }

    public Instant getBreakGlassUntil() {
        return breakGlassUntil;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** Sets every field at once: a policy is changed as a whole. */
    public void set(long minimumReleaseAgeSeconds, String missingReleaseTime, boolean breakGlass, Instant breakGlassUntil,
                    Instant updatedAt) {
        this.minimumReleaseAgeSeconds = minimumReleaseAgeSeconds;
        this.missingReleaseTime = missingReleaseTime;
        this.breakGlass = breakGlass;
        this.breakGlassUntil = breakGlassUntil;
        this.updatedAt = updatedAt;
    }
}
