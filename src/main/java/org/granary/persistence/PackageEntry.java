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

/** A package known to a repository, e.g. {@code lodash} or {@code @types/node}, with its package URL. */
@Entity
@Table(name = "package")
public class PackageEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "repository_id")
    private Repository repository;

    @Column(nullable = false, length = 512)
    private String name;

    @Column(nullable = false, length = 1024)
    private String purl;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PackageEntry() {
        // for JPA
    }

    public PackageEntry(Repository repository, String name, String purl, Instant createdAt) {
        this.repository = repository;
        this.name = name;
        this.purl = purl;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public Repository getRepository() {
        return repository;
    }

    public String getName() {
        return name;
    }

    public String getPurl() {
        return purl;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
