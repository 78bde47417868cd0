package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What one run did to one item: an artifact fetched, found cached, failed (with the reason), or removed. */
@Entity
@Table(name = "job_run_item")
public class JobRunItem {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "run_id", nullable = false)
    private Long runId;

    @Column(nullable = false, length = 1024)
    private String item;

    @Column(nullable = false, length = 32)
    private String outcome;

    @Column(nullable = false)
    private long bytes;

    @Column(length = 1024)
    private String reason;

    protected JobRunItem() {
        // for JPA
    }

    public JobRunItem(long runId, String item, String outcome, long bytes, String reason) {
        this.runId = runId;
        this.item = cut(item);
        this.outcome = outcome;
        this.bytes = bytes;
        this.reason = reason == null ? null : cut(reason);
    }

    private static String cut(String s) {
        return s.length() <= 1024 ? s : s.substring(0, 1021) + "...";
    }

    public Long getId() {
        return id;
    }

    public String getItem() {
        return item;
    }

    public String getOutcome() {
        return outcome;
    }

    public long getBytes() {
        return bytes;
    }

    public String getReason() {
        return reason;
    }
}
