package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An immutable artifact held by a repository (a tarball, wheel, crate, jar, zip): where its bytes are,
 * their hashes, where they came from, and how much it is used.
 */
@Entity
@Table(name = "artifact")
public class ArtifactEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "repository_id", nullable = false)
    private Long repositoryId;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "version_id")
    private VersionEntry version;

    /** The artifact's path inside its repository, as clients ask for it. */
    @Column(nullable = false, length = 1024)
    private String path;

    @Column(name = "storage_key", nullable = false, length = 1200)
    private String storageKey;

    @Column(nullable = false)
    private long size;

    @Column(length = 40) // null where the format needs no SHA-1 (Format.keepsSha1)
    @JdbcTypeCode(SqlTypes.CHAR)
    private String sha1;

    @Column(nullable = false, length = 64)
    @JdbcTypeCode(SqlTypes.CHAR)
    private String sha256;

    @Column(length = 128) // null where the format needs no SHA-512 (Format.keepsSha512)
    @JdbcTypeCode(SqlTypes.CHAR)
    private String sha512;

    @Column(name = "content_type", nullable = false, length = 128)
    private String contentType;

    @Column(name = "upstream_url", length = 2048)
    private String upstreamUrl;

    @Column(name = "fetched_at", nullable = false)
    private Instant fetchedAt;

    @Column(name = "published_by", length = 64)
    private String publishedBy;

    @Column(name = "hit_count", nullable = false)
    private long hitCount;

    @Column(name = "last_accessed_at")
    private Instant lastAccessedAt;

    protected ArtifactEntry() {
        // for JPA
    }

    public ArtifactEntry(Long repositoryId, VersionEntry version, String path, String storageKey, long size,
                         String sha1, String sha256, String sha512, String contentType, String upstreamUrl,
                         Instant fetchedAt) {
        this.repositoryId = repositoryId;
        this.version = version;
        this.path = path;
        this.storageKey = storageKey;
        this.size = size;
        this.sha1 = sha1;
        this.sha256 = sha256;
        this.sha512 = sha512;
        this.contentType = contentType;
        this.upstreamUrl = upstreamUrl;
        this.fetchedAt = fetchedAt;
        this.lastAccessedAt = fetchedAt;
    }

    public Long getId() {
        return id;
    }

    public Long getRepositoryId() {
        return repositoryId;
    }

    public VersionEntry getVersion() {
        return version;
    }

    public String getPath() {
        return path;
    }

    public String getStorageKey() {
        return storageKey;
    }

    public long getSize() {
        return size;
    }

    public String getSha1() {
        return sha1;
    }

    public String getSha256() {
        return sha256;
    }

    public String getSha512() {
        return sha512;
    }

    public String getContentType() {
        return contentType;
    }

    public String getUpstreamUrl() {
        return upstreamUrl;
    }

    public Instant getFetchedAt() {
        return fetchedAt;
    }

    /** Who published a hosted artifact; {@code null} for proxied ones. */
    public String getPublishedBy() {
        return publishedBy;
    }

    public void setPublishedBy(String publishedBy) {
        this.publishedBy = publishedBy;
    }

    public long getHitCount() {
        return hitCount;
    }

    public Instant getLastAccessedAt() {
        return lastAccessedAt;
    }
}
