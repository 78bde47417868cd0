package org.granary.core;

import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, as far as the repository rules care: a name when authenticated, roles, and the client
 * address for the audit log. The request's caller ({@code security.Caller}) is one; jobs use {@link #SYSTEM}.
 */
public interface Identity {

    /** Role names; {@code security} maps them to the container's roles. */
    String ADMIN = "admin";
    String PUBLISHER = "publisher";
    String READER = "reader";

    /** The authenticated name; empty for anonymous callers. */
    Optional<String> name();

    boolean hasRole(String role);

    /** The client address, for audit rows. */
    String address();

    /**
     * The directory groups (or OpenID Connect group claims) of the caller, as publisher lists name them
     * ({@code group:<name>}); empty for local users.
     */
    default java.util.Set<String> groups() {
        return java.util.Set.of();
    }

    /** How a publisher list names a group rather than a user. */
    String GROUP_PREFIX = "group:";

    default boolean isAuthenticated() {
        return name().isPresent();
    }

    default boolean isAdmin() {
        return isAuthenticated() && hasRole(ADMIN);
    }

    /** No credentials. */
    Identity ANONYMOUS = of(null, Set.of(), "-");

    /** Granary itself (scheduled jobs): reads everything. */
    Identity SYSTEM = of("granary", Set.of(ADMIN, PUBLISHER, READER), "local");

    static Identity of(String name, Set<String> roles, String address) {
        Set<String> copy = Set.copyOf(roles);
        return new Identity() {
            @Override
            public Optional<String> name() {
                return Optional.ofNullable(name);
            }

            @Override
            public boolean hasRole(String role) {
                return name != null && copy.contains(role);
            }

            @Override
            public String address() {
                return address;
            }

            @Override
            public String toString() {
                return name == null ? "anonymous" : name + copy;
            }
        };
    }
}
