package org.granary.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Optional;
import org.granary.core.Identity;

/** The caller of the current request: name (if authenticated), roles and client address. */
@RequestScoped
public class Caller implements Identity {

    @Inject
    HttpServletRequest request;

    /** The authenticated caller's name; empty for anonymous requests (whatever the container calls them). */
    @Override
    public Optional<String> name() {
        Principal p = request.getUserPrincipal();
        return p == null ? Optional.empty() : Optional.of(p.getName());
    }

    @Override
    public boolean isAuthenticated() {
        return name().isPresent();
    }

    @Override
    public boolean hasRole(String role) {
        return isAuthenticated() && request.isUserInRole(role);
    }

    @Override
    public boolean isAdmin() {
        return hasRole(Roles.ADMIN);
    }

    /** The client address, with the first X-Forwarded-For hop when a reverse proxy sent one. */
    @Override
    public String address() {
        String remote = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].trim() + " via " + remote;
        }
        return remote;
    }
}
