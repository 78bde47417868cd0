package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may read from and publish to a repository, the same for every format and every way in (a client's
 * request, a group's member walk, a job). Refusals are 401 (not authenticated) or 403 (not allowed) and are
 * written to the audit log.
 */
@ApplicationScoped
public class AccessRules {

    @Inject
    AuditLog audit;

    /** Whether {@code who} may read {@code repo} (a group member {@code who} may not read is skipped). */
    public static boolean mayRead(RepositoryInfo repo, Identity who) {
        return repo.anonymousRead() || who.isAuthenticated();
    }

    public void requireRead(RepositoryInfo repo, Identity who) {
        if (!mayRead(repo, who)) {
            audit.record(null, "read", repo.name(), AuditLog.FAILURE, "anonymous read is off", who.address());
            throw new UnauthorizedException("repository '" + repo.name() + "' requires authentication to read");
        }
    }

    /**
     * Checks that {@code who} may publish to {@code repo} and returns their name.
     *
     * @param action what is being done, for the audit log ({@code publish}, {@code yank}, {@code dist-tag}...)
     * @param target what it is done to ({@code npm-hosted/left-pad@1.0.0})
     */
    public String requirePublish(RepositoryInfo repo, Identity who, String action, String target) {
        if (!who.isAuthenticated()) {
            audit.record(null, action, target, AuditLog.FAILURE, "not authenticated", who.address());
            throw new UnauthorizedException("authentication required to " + action + " to repository '" + repo.name() + "'");
        }
        String name = who.name().orElseThrow();
        boolean admin = who.isAdmin();
        if (!admin && !who.hasRole(Identity.PUBLISHER)) {
            audit.record(name, action, target, AuditLog.FAILURE, "no publisher role (or a read-only token)", who.address());
            throw new ForbiddenException("user '" + name + "' may not " + action + ": a publisher role and a token "
                    + "that is not read-only are needed");
        }
        if (!admin && !repo.publishers().isEmpty() && !mayPublishByList(repo.publishers(), name, who.groups())) {
            audit.record(name, action, target, AuditLog.FAILURE, "not a publisher of " + repo.name(), who.address());
            throw new ForbiddenException("user '" + name + "' may not " + action + " to repository '" + repo.name() + "'");
        }
        return name;
    }

    /**
     * Whether a repository's publisher list names the user, or one of their groups as {@code group:<name>} (group
     * names compare without regard to case, as directories compare them).
     */
    static boolean mayPublishByList(java.util.List<String> publishers, String name, java.util.Set<String> groups) {
        if (publishers.contains(name)) {
            return true;
        }
        for (String p : publishers) {
            if (p.regionMatches(true, 0, Identity.GROUP_PREFIX, 0, Identity.GROUP_PREFIX.length())) {
                String group = p.substring(Identity.GROUP_PREFIX.length());
                if (groups.stream().anyMatch(g -> g.equalsIgnoreCase(group))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Records a successful write by {@code who}. */
    public void audited(Identity who, String action, String target, String detail) {
        audit.record(who.name().orElse(null), action, target, AuditLog.SUCCESS, detail, who.address());
    }

    /** Records a refused write by {@code who} and hands the refusal back to be thrown. */
    public GranaryException refused(Identity who, String action, String target, GranaryException e) {
        String message = e.getMessage();
        audit.record(who.name().orElse(null), action, target, AuditLog.FAILURE,
                message != null && message.length() > 500 ? message.substring(0, 500) + "…" : message, who.address());
        return e;
    }
}
