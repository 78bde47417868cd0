package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Counters of one repository: requests, cache hits and misses, bytes served; and what it stores. */
@Entity
@Table(name = "repository_stats")
public class RepositoryStats {

    @Id
    @Column(name = "repository_id")
    private Long repositoryId;

    @Column(nullable = false)
    private long requests;

    @Column(nullable = false)
    private long hits;

    @Column(nullable = false)
    private long misses;

    @Column(name = "bytes_served", nullable = false)
    private long bytesServed;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "artifact_count", nullable = false)
    private long artifactCount;

    @Column(name = "artifact_bytes", nullable = false)
    private long artifactBytes;

    @Column(name = "document_count", nullable = false)
    private long documentCount;

    @Column(name = "document_bytes", nullable = false)
    private long documentBytes;

    protected RepositoryStats() {
        // for JPA
    }

    public RepositoryStats(Long repositoryId) {
        this.repositoryId = repositoryId;
    }

    public Long getRepositoryId() {
        return repositoryId;
    }

    public long getRequests() {
        return requests;
    }

    public long getHits() {
        return hits;
    }

    public long getMisses() {
        return misses;
    }

    public long getBytesServed() {
        return bytesServed;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** Artifacts the repository holds (kept current as they are stored and removed). */
    public long getArtifactCount() {
        return artifactCount;
    }

    /** Bytes of those artifacts. */
    public long getArtifactBytes() {
        return artifactBytes;
    }

    /** Metadata documents the repository holds (cached upstream documents, or a hosted repository's own). */
    public long getDocumentCount() {
        return documentCount;
    }

    public long getDocumentBytes() {
        return documentBytes;
    }
}
