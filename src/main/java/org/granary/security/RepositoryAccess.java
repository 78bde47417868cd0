package org.granary.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.granary.core.AccessRules;
import org.granary.core.RepositoryInfo;

/**
 * The repository rules of {@link AccessRules} applied to the current request's {@link Caller}: may they read
 * from, or write to, a repository? Refusals are 401/403 and audited.
 */
@RequestScoped
public class RepositoryAccess {

    @Inject
    Caller caller;
    @Inject
    AccessRules rules;

    public void requireRead(RepositoryInfo repo) {
        rules.requireRead(repo, caller);
    }

    /**
     * Checks that the caller may publish to {@code repo} and returns their name.
     *
     * @param action what is being done, for the audit log ({@code publish}, {@code yank}, {@code dist-tag}...)
     * @param target what it is done to ({@code npm-hosted/left-pad@1.0.0})
     */
    public String requirePublish(RepositoryInfo repo, String action, String target) {
        return rules.requirePublish(repo, caller, action, target);
    }

    /** Records a successful write by the caller. */
    public void audited(String action, String target, String detail) {
        rules.audited(caller, action, target, detail);
    }

    public Caller caller() {
        return caller;
    }
}
