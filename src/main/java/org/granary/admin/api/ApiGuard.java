package org.granary.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.granary.core.ForbiddenException;
import org.granary.core.UnauthorizedException;
import org.granary.security.Caller;
import org.granary.security.DatabaseIdentityStore;
import org.granary.security.TokenService;

/**
 * Role checks for the REST API: 401 without credentials, 403 without the role. Resources call it before they
 * read a request body.
 */
@RequestScoped
public class ApiGuard {

    @Inject
    Caller caller;
    @Inject
    HttpServletRequest request;
    @Inject
    TokenService tokens;

    public String authenticated() {
        return caller.name().orElseThrow(() -> new UnauthorizedException("the API requires authentication"));
    }

    public String admin() {
        String name = authenticated();
        if (!caller.isAdmin()) {
            throw new ForbiddenException("only an admin may do this");
        }
        return name;
    }

    /** The authenticated caller, if their credential may manage tokens and users (a read-only token may not). */
    public String manager() {
        String name = authenticated();
        if (credential().readOnly()) {
            throw new ForbiddenException("a read-only token cannot change tokens or users; use your password or a "
                    + "token that is not read-only");
        }
        return name;
    }

    /** The credential this request was authenticated with (a password or a token, and its limits). */
    public TokenService.Issuer credential() {
        Object id = request.getAttribute(DatabaseIdentityStore.CREDENTIAL_ATTRIBUTE);
        return tokens.issuer(id instanceof String s ? s : null);
    }

    public Caller caller() {
        return caller;
    }
}
