package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A repository: a named proxy, hosted store or group of one format, served at {@code /granary/{name}/}. */
@Entity
@Table(name = "repository")
public class Repository {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String name;

    /** The format's enum name ({@code NPM}); the enum itself is {@code core.Format}, above this package. */
    @Column(nullable = false, length = 16)
    private String format;

    /** {@code PROXY}, {@code HOSTED} or {@code GROUP} ({@code core.RepositoryType}). */
    @Column(nullable = false, length = 16)
    private String type;

    @Column(name = "upstream_url", length = 2048)
    private String upstreamUrl;

    @Column(name = "metadata_max_age_seconds", nullable = false)
    private long metadataMaxAgeSeconds;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "anonymous_read", nullable = false)
    private boolean anonymousRead = true;

    /** Comma-separated user names allowed to publish; empty: every publisher or admin. */
    @Column(length = 1024)
    private String publishers;

    @Column(name = "max_upload_bytes", nullable = false)
    private long maxUploadBytes = 1L << 30;

    /** The largest upstream metadata document accepted; {@code null}: the format's default. */
    @Column(name = "max_metadata_bytes")
    private Long maxMetadataBytes;

    @Column(name = "require_declared_hash", nullable = false)
    private boolean requireDeclaredHash;
    /** Cleanup policy: evict least recently used artifacts above this many bytes; {@code null}: no quota. */
    @Column(name = "cleanup_max_bytes")
    private Long cleanupMaxBytes;

    /** Cleanup policy: evict artifacts not read for this many days; {@code null}: no age limit. */
    @Column(name = "cleanup_max_idle_days")
    private Integer cleanupMaxIdleDays;

    /** Cleanup policy: the newest this many versions of each package are kept whatever else applies. */
    @Column(name = "cleanup_keep_latest")
    private Integer cleanupKeepLatest;

    @ManyToMany
    @JoinTable(name = "repository_member",
            joinColumns = @JoinColumn(name = "group_id"),
            inverseJoinColumns = @JoinColumn(name = "member_id"))
    @OrderColumn(name = "member_order")
    private List<Repository> members = new ArrayList<>();

    protected Repository() {
        // for JPA
    }

    public Repository(String name, String format, String type, String upstreamUrl,
                      long metadataMaxAgeSeconds, Instant createdAt) {
        this.name = name;
        this.format = format;
        this.type = type;
        this.upstreamUrl = upstreamUrl;
        this.metadataMaxAgeSeconds = metadataMaxAgeSeconds;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getFormat() {
        return format;
    }

    public String getType() {
        return type;
    }

    public String getUpstreamUrl() {
        return upstreamUrl;
    }

    public void setUpstreamUrl(String upstreamUrl) {
        this.upstreamUrl = upstreamUrl;
    }

    public long getMetadataMaxAgeSeconds() {
        return metadataMaxAgeSeconds;
    }

    public void setMetadataMaxAgeSeconds(long metadataMaxAgeSeconds) {
        this.metadataMaxAgeSeconds = metadataMaxAgeSeconds;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public boolean isAnonymousRead() {
        return anonymousRead;
    }

    public void setAnonymousRead(boolean anonymousRead) {
        this.anonymousRead = anonymousRead;
    }

    public List<String> getPublishers() {
        return publishers == null || publishers.isBlank() ? List.of()
                : java.util.Arrays.stream(publishers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public void setPublishers(List<String> names) {
        this.publishers = names == null || names.isEmpty() ? null : String.join(",", names);
    }

    public long getMaxUploadBytes() {
        return maxUploadBytes;
    }

    public void setMaxUploadBytes(long maxUploadBytes) {
        this.maxUploadBytes = maxUploadBytes;
    }

    public Long getMaxMetadataBytes() {
        return maxMetadataBytes;
    }

    public void setMaxMetadataBytes(Long maxMetadataBytes) {
        this.maxMetadataBytes = maxMetadataBytes;
    }

    public boolean isRequireDeclaredHash() {
        return requireDeclaredHash;
    }

    public void setRequireDeclaredHash(boolean requireDeclaredHash) {
        this.requireDeclaredHash = requireDeclaredHash;
    }

    public Long getCleanupMaxBytes() {
        return cleanupMaxBytes;
    }

    public Integer getCleanupMaxIdleDays() {
        return cleanupMaxIdleDays;
    }

    public Integer getCleanupKeepLatest() {
        return cleanupKeepLatest;
    }

    /** Sets the cleanup policy; {@code null} values mean "no such limit". */
    public void setCleanupPolicy(Long maxBytes, Integer maxIdleDays, Integer keepLatest) {
        this.cleanupMaxBytes = maxBytes;
        this.cleanupMaxIdleDays = maxIdleDays;
        this.cleanupKeepLatest = keepLatest;
    }

    public List<Repository> getMembers() {
        return members;
    }
}
