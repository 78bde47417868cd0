package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
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

    public void record(String actor, String action, String target, String outcome, String detail, String clientAddress) {
        try {
            dao.append(new AuditEvent(clock.instant(), actor, action, target, outcome, detail, clientAddress));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record audit event " + action + " " + target, e);
        }
    }
}
