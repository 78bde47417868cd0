package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One audited action: who did what to what, when, from where, and whether it succeeded. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Column(length = 64)
    private String actor;

    @Column(nullable = false, length = 64)
    private String action;

    @Column(length = 512)
    private String target;

    @Column(nullable = false, length = 16)
    private String outcome;

    @Column(length = 1024)
    private String detail;

    @Column(name = "client_address", length = 64)
    private String clientAddress;

    protected AuditEvent() {
        // for JPA
    }

    public AuditEvent(Instant at, String actor, String action, String target, String outcome, String detail,
                      String clientAddress) {
        this.at = at;
        this.actor = truncate(actor, 64);
        this.action = action;
        this.target = truncate(target, 512);
        this.outcome = outcome;
        this.detail = truncate(detail, 1024);
        this.clientAddress = truncate(clientAddress, 64);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    public Long getId() {
        return id;
    }

    public Instant getAt() {
        return at;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getTarget() {
        return target;
    }

    public String getOutcome() {
        return outcome;
    }

    public String getDetail() {
        return detail;
    }

    public String getClientAddress() {
        return clientAddress;
    }
}
