package org.granary.admin.web;

import java.time.Instant;
import org.granary.persistence.AuditEvent;

/** One audit event as the console's tables show it. */
public record AuditView(long id, Instant at, String actor, String action, String target, String outcome, String detail,
                        String clientAddress) {

    static AuditView of(AuditEvent e) {
        return new AuditView(e.getId(), e.getAt(), e.getActor() == null ? "anonymous" : e.getActor(), e.getAction(),
                e.getTarget(), e.getOutcome(), e.getDetail(), e.getClientAddress());
    }
}
