package org.granary.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.granary.core.AuditLog;
import org.granary.core.ForbiddenException;
import org.granary.core.RepositoryInfo;
import org.granary.core.UnauthorizedException;

/**
 * May the caller read from, or publish to, a repository? Refusals are 401 (not authenticated) or 403
 * (authenticated but not allowed) and are written to the audit log.
 */
@RequestScoped
public class RepositoryAccess {

    @Inject
    Caller caller;
    @Inject
    AuditLog audit;

    public void requireRead(RepositoryInfo repo) {
        if (!repo.anonymousRead() && !caller.isAuthenticated()) {
            audit.record(null, "read", repo.name(), AuditLog.FAILURE, "anonymous read is off", caller.address());
            throw new UnauthorizedException("repository '" + repo.name() + "' requires authentication to read");
        }
    }

    /**
     * Checks that the caller may publish to {@code repo} and returns their name.
     *
     * @param action what is being done, for the audit log ({@code publish}, {@code yank}, {@code dist-tag}...)
     * @param target what it is done to ({@code npm-hosted/left-pad@1.0.0})
     */
    public String requirePublish(RepositoryInfo repo, String action, String target) {
        if (!caller.isAuthenticated()) {
            audit.record(null, action, target, AuditLog.FAILURE, "not authenticated", caller.address());
            throw new UnauthorizedException("authentication required to " + action + " to repository '" + repo.name() + "'");
        }
        String name = caller.name().orElseThrow();
        boolean admin = caller.isAdmin();
        boolean publisher = admin || caller.hasRole(Roles.PUBLISHER);
        if (!publisher) {
            audit.record(name, action, target, AuditLog.FAILURE, "no publisher role (or a read-only token)", caller.address());
            throw new ForbiddenException("user '" + name + "' may not " + action + ": a publisher role and a token "
                    + "that is not read-only are needed");
        }
        if (!admin && !repo.publishers().isEmpty() && !repo.publishers().contains(name)) {
            audit.record(name, action, target, AuditLog.FAILURE, "not a publisher of " + repo.name(), caller.address());
            throw new ForbiddenException("user '" + name + "' may not " + action + " to repository '" + repo.name() + "'");
        }
        return name;
    }

    /** Records a successful write by the caller. */
    public void audited(String action, String target, String detail) {
        audit.record(caller.name().orElse(null), action, target, AuditLog.SUCCESS, detail, caller.address());
    }

    public Caller caller() {
        return caller;
    }
}
