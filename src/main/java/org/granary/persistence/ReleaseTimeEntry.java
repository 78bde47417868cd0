package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * When the upstream (or, for a hosted repository, the publish) says one version of a package was released, recorded
 * the first time a repository's metadata listed it. {@code releasedAt} is {@code null} when the metadata lists the
 * version without a time; it is filled in once one is learnt and never changed afterwards.
 */
@Entity
@Table(name = "release_time")
public class ReleaseTimeEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "repository_id", nullable = false)
    private Long repositoryId;

    @Column(name = "package_name", nullable = false, length = 512)
    private String packageName;

    @Column(nullable = false, length = 256)
    private String version;

    @Column(name = "released_at")
    private Instant releasedAt;

    @Column(name = "seen_at", nullable = false)
    private Instant seenAt;

    protected ReleaseTimeEntry() {
        // for JPA
    }

    public ReleaseTimeEntry(long repositoryId, String packageName, String version, Instant releasedAt, Instant seenAt) {
        this.repositoryId = repositoryId;
        this.packageName = packageName;
        this.version = version;
        this.releasedAt = releasedAt;
        this.seenAt = seenAt;
    }

    public Long getRepositoryId() {
        return repositoryId;
    }

    public String getPackageName() {
        return packageName;
    }

    public String getVersion() {
        return version;
    }

    public Instant getReleasedAt() {
        return releasedAt;
    }

    public Instant getSeenAt() {
        return seenAt;
    }

    /** Fills in a release time learnt after the version was first listed without one. */
    public void learnt(Instant at) {
        if (releasedAt == null) {
            releasedAt = at;
        }
    }
}
