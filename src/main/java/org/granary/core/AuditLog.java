package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.AuditDao;
import org.granary.persistence.AuditEvent;

/**
 * Records who did what: logins (success and failure), publishes, deletes, yanks, token and user and
 * repository changes. Each event is written in its own transaction so that a refused action is recorded
 * too; a failure to record is logged, never thrown at the client.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    @Inject
    AuditDao dao;
    @Inject
    Clock clock;

    @Inject
    GranaryConfig config;

    /**
     * Deletes the events older than {@code GRANARY_AUDIT_RETENTION} (nothing when it is not set) and records that it
     * did; returns how many were deleted.
     */
    public int applyRetention() {
        Optional<Duration> retention = config.get(Setting.AUDIT_RETENTION).map(v -> config.duration(Setting.AUDIT_RETENTION));
        if (retention.isEmpty() || retention.get().isZero()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(retention.get());
        int deleted = dao.deleteBefore(cutoff);
        if (deleted > 0) {
            LOG.log(Level.INFO, "Deleted {0} audit events older than {1} (GRANARY_AUDIT_RETENTION={2})",
                    new Object[] {deleted, cutoff, retention.get()});
            record(null, "audit.retention", null, SUCCESS, "deleted " + deleted + " events older than " + cutoff, null);
        }
        return deleted;
    }

    public void record(String actor, String action, String target, String outcome, String detail, String clientAddress) {
        try {
            dao.append(new AuditEvent(clock.instant(), actor, action, target, outcome, detail, clientAddress));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record audit event " + action + " " + target, e);
        }
    }
}
