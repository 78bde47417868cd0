package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One block, allow or age rule of a repository's supply-chain policy (an "exemption" in the REST API). */
@Entity
@Table(name = "guard_rule")
public class GuardRuleEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "repository_id", nullable = false)
    private Long repositoryId;

    /** {@code ALLOW}, {@code BLOCK} or {@code AGE} ({@code core.GuardRule.Action}). */
    @Column(nullable = false, length = 8)
    private String action;

    @Column(name = "package_pattern", nullable = false, length = 512)
    private String packagePattern;

    @Column(length = 256)
    private String versions;

    @Column(name = "minimum_release_age_seconds")
    private Long minimumReleaseAgeSeconds;

    @Column(nullable = false, length = 1024)
    private String reason;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "created_by", length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected GuardRuleEntry() {
        // for JPA
    }

    public GuardRuleEntry(long repositoryId, String action, String packagePattern, String versions,
                          Long minimumReleaseAgeSeconds, String reason, Instant expiresAt, String createdBy,
                          Instant createdAt) {
        this.repositoryId = repositoryId;
        this.action = action;
        this.packagePattern = packagePattern;
        this.versions = versions;
        this.minimumReleaseAgeSeconds = minimumReleaseAgeSeconds;
        this.reason = reason;
        this.expiresAt = expiresAt;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public Long getRepositoryId() {
        return repositoryId;
    }

    public String getAction() {
        return action;
    }

    public String getPackagePattern() {
        return packagePattern;
    }

    public String getVersions() {
        return versions;
    }

    public Long getMinimumReleaseAgeSeconds() {
        return minimumReleaseAgeSeconds;
    }

    public String getReason() {
        return reason;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
