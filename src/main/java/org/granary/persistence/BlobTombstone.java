package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A blob whose row is gone (evicted, or its repository deleted), to be deleted from the store once
 * {@code deleteAfter} has passed, so that a client still reading it (on any server) finishes first.
 */
@Entity
@Table(name = "blob_tombstone")
public class BlobTombstone {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "storage_key", nullable = false, length = 1200)
    private String storageKey;

    @Column(nullable = false)
    private long size;

    @Column(name = "delete_after", nullable = false)
    private Instant deleteAfter;

    protected BlobTombstone() {
        // for JPA
    }

    public BlobTombstone(String storageKey, long size, Instant deleteAfter) {
        this.storageKey = storageKey;
        this.size = size;
        this.deleteAfter = deleteAfter;
    }

    public Long getId() {
        return id;
    }

    public String getStorageKey() {
        return storageKey;
    }

    public long getSize() {
        return size;
    }

    public Instant getDeleteAfter() {
        return deleteAfter;
    }
}
