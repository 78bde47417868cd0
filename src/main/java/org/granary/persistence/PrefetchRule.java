package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An allow-list rule of a proxy repository: packages matching {@code pattern}, the versions {@code versions} names. */
@Entity
@Table(name = "prefetch_rule")
public class PrefetchRule {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "repository_id", nullable = false)
    private Long repositoryId;

    @Column(nullable = false, length = 512)
    private String pattern;

    @Column(nullable = false, length = 256)
    private String versions;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PrefetchRule() {
        // for JPA
    }

    public PrefetchRule(long repositoryId, String pattern, String versions, Instant createdAt) {
        this.repositoryId = repositoryId;
        this.pattern = pattern;
        this.versions = versions;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public Long getRepositoryId() {
        return repositoryId;
    }

    public String getPattern() {
        return pattern;
    }

    public String getVersions() {
        return versions;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
