package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A hash an ecosystem's client records for an artifact, which is not a hash of its bytes (Go's go.sum {@code h1:} of a
 * module zip's files), by the artifact's sha256: a fact about those bytes, whichever repository holds them.
 */
@Entity
@Table(name = "client_hash")
public class ClientHash {

    @Id
    @Column(name = "sha256", length = 64)
    private String sha256;

    @Column(nullable = false, length = 128)
    private String hash;

    @Column(name = "computed_at", nullable = false)
    private Instant computedAt;

    protected ClientHash() {
        // for JPA
    }

    public ClientHash(String sha256, String hash, Instant computedAt) {
        this.sha256 = sha256;
        this.hash = hash;
        this.computedAt = computedAt;
    }

    public String getSha256() {
        return sha256;
    }

    public String getHash() {
        return hash;
    }

    public Instant getComputedAt() {
        return computedAt;
    }
}
