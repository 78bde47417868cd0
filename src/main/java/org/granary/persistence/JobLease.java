package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Who runs a job now and until when, and when it last started ({@link LeaseDao} takes it atomically). */
@Entity
@Table(name = "job_lease")
public class JobLease {

    @Id
    @Column(length = 64)
    private String job;

    @Column(length = 128)
    private String holder;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "run_id")
    private Long runId;

    @Column(name = "last_started_at")
    private Instant lastStartedAt;

    protected JobLease() {
        // for JPA
    }

    JobLease(String job) {
        this.job = job;
    }

    public String getJob() {
        return job;
    }

    public String getHolder() {
        return holder;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Long getRunId() {
        return runId;
    }

    public Instant getLastStartedAt() {
        return lastStartedAt;
    }
}
