package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of a job: when, where, how it ended, and its counts (the items themselves are {@link JobRunItem}s). */
@Entity
@Table(name = "job_run")
public class JobRun {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String job;

    @Column(length = 64)
    private String repository;

    /** {@code schedule} or {@code request}. */
    @Column(name = "trigger_kind", nullable = false, length = 16)
    private String trigger;

    /** The server that ran it. */
    @Column(nullable = false, length = 128)
    private String holder;

    /** {@code running}, {@code succeeded}, {@code failed} or {@code abandoned} (its server stopped). */
    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "dry_run", nullable = false)
    private boolean dryRun;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "items_done", nullable = false)
    private long itemsDone;

    @Column(name = "items_skipped", nullable = false)
    private long itemsSkipped;

    @Column(name = "items_failed", nullable = false)
    private long itemsFailed;

    @Column(nullable = false)
    private long bytes;

    @Column(length = 2048)
    private String summary;

    protected JobRun() {
        // for JPA
    }

    public JobRun(String job, String repository, String trigger, String holder, boolean dryRun, Instant startedAt) {
        this.job = job;
        this.repository = repository;
        this.trigger = trigger;
        this.holder = holder;
        this.dryRun = dryRun;
        this.startedAt = startedAt;
        this.status = "running";
    }

    void progress(long done, long skipped, long failed, long bytes) {
        this.itemsDone = done;
        this.itemsSkipped = skipped;
        this.itemsFailed = failed;
        this.bytes = bytes;
    }

    void finish(String status, Instant at, String summary) {
        this.status = status;
        this.finishedAt = at;
        this.summary = summary == null || summary.length() <= 2048 ? summary : summary.substring(0, 2045) + "...";
    }

    public Long getId() {
        return id;
    }

    public String getJob() {
        return job;
    }

    public String getRepository() {
        return repository;
    }

    public String getTrigger() {
        return trigger;
    }

    public String getHolder() {
        return holder;
    }

    public String getStatus() {
        return status;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public long getItemsDone() {
        return itemsDone;
    }

    public long getItemsSkipped() {
        return itemsSkipped;
    }

    public long getItemsFailed() {
        return itemsFailed;
    }

    public long getBytes() {
        return bytes;
    }

    public String getSummary() {
        return summary;
    }
}
