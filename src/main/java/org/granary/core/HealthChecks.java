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

    public String database() {
        try {
            repositories.findByName("health-check-probe");
            return null;
        } catch (RuntimeException e) {
            return "database unreachable: " + e.getMessage();
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
