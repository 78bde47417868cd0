package org.granary.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.granary.core.Identity;
import org.granary.persistence.UserAccount;

/**
 * What a user signed in by a directory may do now, asked again (within {@code GRANARY_LDAP_CACHE_TTL}) whenever they
 * come back with an API token or a console session, so that a user disabled or removed in the directory, or moved
 * out of its groups, loses what they lost there. Users of an OpenID Connect provider keep the roles of their last
 * sign-in (a provider cannot be asked about a user between sign-ins); an administrator disables them in Granary.
 */
@ApplicationScoped
public class ExternalUsers {

    /** {@link UserAccount#getIdentitySource()} of directory users. */
    public static final String LDAP = "ldap";
    /** {@link UserAccount#getIdentitySource()} of OpenID Connect users. */
    public static final String OIDC = "oidc";

    @Inject
    LdapDirectory ldap;
    @Inject
    UserService users;

    /**
     * The container groups of {@code user} now: roles and {@code group:<name>} entries; empty when they may no
     * longer sign in.
     *
     * @throws DirectoryUnavailableException when the directory must be asked and does not answer
     */
    public Optional<Set<String>> currentGroups(UserAccount user) {
        if (!user.isEnabled()) {
            return Optional.empty();
        }
        if (!LDAP.equals(user.getIdentitySource())) {
            return Optional.of(user.getRoles());
        }
        Optional<LdapSettings> settings = ldap.settings();
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        Optional<DirectoryUser> now = ldap.lookup(user.getUsername());
        if (now.isEmpty()) {
            return Optional.empty();
        }
        Set<String> roles = settings.get().mapping().roles(now.get().groups());
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        if (!roles.equals(user.getRoles())) {
            users.signedInExternally(user.getUsername(), LDAP, roles);
        }
        return Optional.of(containerGroups(roles, now.get().groups()));
    }

    /** Roles plus one {@code group:<name>} per group, as the container keeps them for the request. */
    static Set<String> containerGroups(Set<String> roles, Collection<String> groups) {
        Set<String> all = new LinkedHashSet<>(roles);
        groups.forEach(g -> all.add(Identity.GROUP_PREFIX + g));
        return all;
    }

    /** The group names among container groups. */
    static Set<String> groupNames(Collection<String> containerGroups) {
        Set<String> names = new LinkedHashSet<>();
        for (String g : containerGroups) {
            if (g.startsWith(Identity.GROUP_PREFIX)) {
                names.add(g.substring(Identity.GROUP_PREFIX.length()));
            }
        }
        return Set.copyOf(names);
    }
}
