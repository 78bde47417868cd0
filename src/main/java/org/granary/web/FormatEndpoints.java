package org.granary.web;

import org.granary.core.RepositoryInfo;
import org.granary.persistence.Format;

/**
 * Implemented once per ecosystem (an {@code @ApplicationScoped} bean in its format package): hands the
 * router the JAX-RS sub-resource that serves one repository of that format.
 */
public interface FormatEndpoints {

    Format format();

    /** A sub-resource object (plain JAX-RS annotations, no CDI) serving {@code repo}. */
    Object endpointFor(RepositoryInfo repo);

    /**
     * Whether a request may reach the endpoint without read access, e.g. npm's login, which is how a
     * client gets credentials for a repository with anonymous read off. Default: none.
     *
     * @param method      the HTTP method
     * @param pathInRepo  the still-encoded path after {@code /{repository}/}
     */
    default boolean isLoginRequest(String method, String pathInRepo) {
        return false;
    }
}
