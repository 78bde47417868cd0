package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A cached copy of mutable upstream metadata (a packument, an index page, maven-metadata.xml) with the
 * validators needed to revalidate it.
 */
@Entity
@Table(name = "cached_metadata")
public class MetadataEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "repository_id", nullable = false)
    private Long repositoryId;

    @Column(nullable = false, length = 1024)
    private String path;

    @Column(name = "storage_key", nullable = false, length = 1200)
    private String storageKey;

    @Column(nullable = false)
    private long size;

    @Column(nullable = false, length = 64)
    @JdbcTypeCode(SqlTypes.CHAR)
    private String sha256;

    @Column(name = "content_type", length = 128)
    private String contentType;

    @Column(length = 512)
    private String etag;

    @Column(name = "last_modified", length = 64)
    private String lastModified;

    @Column(name = "fetched_at", nullable = false)
    private Instant fetchedAt;

    protected MetadataEntry() {
        // for JPA
    }

    public MetadataEntry(Long repositoryId, String path, String storageKey) {
        this.repositoryId = repositoryId;
        this.path = path;
        this.storageKey = storageKey;
    }

    /** Records a fresh copy just fetched from upstream (or just written), stored under {@code storageKey}. */
    public void refreshed(String storageKey, long size, String sha256, String contentType, String etag, String lastModified,
                          Instant fetchedAt) {
        this.storageKey = storageKey;
        this.size = size;
        this.sha256 = sha256;
        this.contentType = contentType;
        this.etag = etag;
        this.lastModified = lastModified;
        this.fetchedAt = fetchedAt;
    }

    /** The upstream confirmed (304) that the copy is current. */
    public void revalidated(Instant at) {
        this.fetchedAt = at;
    }

    public Long getId() {
        return id;
    }

    public Long getRepositoryId() {
        return repositoryId;
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

    public String getSha256() {
        return sha256;
    }

    public String getContentType() {
        return contentType;
    }

    public String getEtag() {
        return etag;
    }

    public String getLastModified() {
        return lastModified;
    }

    public Instant getFetchedAt() {
        return fetchedAt;
    }
}
