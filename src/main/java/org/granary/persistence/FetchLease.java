package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One artifact being fetched from its upstream by one server ({@link FetchLeaseDao}): while the row exists and has not
 * expired, the other servers wait for the artifact's row instead of fetching it too.
 */
@Entity
@Table(name = "fetch_lease")
public class FetchLease {

    @Id
    @Column(name = "lease_key", length = 64)
    private String key;

    @Column(name = "repository_id", nullable = false)
    private long repositoryId;

    @Column(nullable = false, length = 128)
    private String holder;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected FetchLease() {
        // for JPA
    }

    FetchLease(String key, long repositoryId, String holder, Instant expiresAt) {
        this.key = key;
        this.repositoryId = repositoryId;
        this.holder = holder;
        this.expiresAt = expiresAt;
    }

    public String getKey() {
        return key;
    }

    public long getRepositoryId() {
        return repositoryId;
    }

    public String getHolder() {
        return holder;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }
}
