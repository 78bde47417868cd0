package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.granary.persistence.RepositoryDao;
import org.granary.storage.BlobStore;

/** Readiness checks: each returns {@code null} when healthy, else what is wrong. */
@ApplicationScoped
public class HealthChecks {

    @Inject
    RepositoryDao repositories;
    @Inject
    BlobStore blobs;
    @Inject
    DiskReserve disk;

    public String database() {
        try {
            repositories.findByName("health-check-probe");
            return null;
        } catch (RuntimeException e) {
            return "database unreachable: " + e.getMessage();
        }
    }

    /** Free space of the fullest local disk Granary writes to, against the reserve. */
    public DiskReserve.Status disk() {
        try {
            return disk.status();
        } catch (RuntimeException e) {
            return new DiskReserve.Status(-1, disk.reserveBytes(), java.util.Optional.of("free space unknown: " + e.getMessage()));
        }
    }

    public String storage() {
        try {
            blobs.checkHealth();
            return null;
        } catch (Exception e) {
            return "storage unusable: " + e.getMessage();
        }
    }
}
