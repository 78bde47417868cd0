package org.granary.jobs;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.granary.core.AuditLog;

/** Once a day, deletes audit events older than {@code GRANARY_AUDIT_RETENTION} (when it is set). */
@Singleton
@DependsOn("SchemaMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditRetentionJob {

    @Inject
    AuditLog audit;

    @Schedule(second = "0", minute = "17", hour = "3", persistent = false)
    public void applyRetention() {
        audit.applyRetention();
    }
}
