package org.granary.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.granary.core.ForbiddenException;
import org.granary.core.UnauthorizedException;
import org.granary.security.Caller;

/** Role checks for the REST API: 401 without credentials, 403 without the role. */
@RequestScoped
public class ApiGuard {

    @Inject
    Caller caller;

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

    public Caller caller() {
        return caller;
    }
}
