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
    @Inject
    TrustedProxies proxies;

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

    /** The groups the authentication mechanism found for this request ({@link #GROUPS_ATTRIBUTE}). */
    @Override
    @SuppressWarnings("unchecked")
    public java.util.Set<String> groups() {
        Object g = request.getAttribute(GROUPS_ATTRIBUTE);
        return isAuthenticated() && g instanceof java.util.Set<?> set ? (java.util.Set<String>) set : java.util.Set.of();
    }

    /** Request attribute: the caller's directory or provider groups, a {@code Set<String>} of names. */
    public static final String GROUPS_ATTRIBUTE = "granary.auth.groups";

    @Override
    public boolean isAdmin() {
        return hasRole(Roles.ADMIN);
    }

    /**
     * The client address as the audit log records it: the peer's address, or {@code client via proxy} when a
     * trusted proxy ({@code GRANARY_TRUSTED_PROXIES}) forwarded the request; {@code X-Forwarded-For} from
     * anyone else is ignored.
     */
    @Override
    public String address() {
        return proxies.auditAddress(request);
    }

    /** The client's own address (through trusted proxies), e.g. for {@link LoginThrottle}. */
    public String clientAddress() {
        return proxies.clientAddress(request);
    }
}
