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

/** One version of a package, with when the upstream says it was released (when known). */
@Entity
@Table(name = "package_version")
public class VersionEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "package_id")
    private PackageEntry pkg;

    @Column(nullable = false, length = 256)
    private String version;

    @Column(nullable = false, length = 1024)
    private String purl;

    @Column(name = "released_at")
    private Instant releasedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected VersionEntry() {
        // for JPA
    }

    public VersionEntry(PackageEntry pkg, String version, String purl, Instant releasedAt, Instant createdAt) {
        this.pkg = pkg;
        this.version = version;
        this.purl = purl;
        this.releasedAt = releasedAt;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public PackageEntry getPackage() {
        return pkg;
    }

    public String getVersion() {
        return version;
    }

    public String getPurl() {
        return purl;
    }

    public Instant getReleasedAt() {
        return releasedAt;
    }

    public void setReleasedAt(Instant releasedAt) {
        this.releasedAt = releasedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
