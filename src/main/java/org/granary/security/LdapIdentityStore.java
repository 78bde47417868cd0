package org.granary.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Optional;
import java.util.Set;
import org.granary.persistence.UserAccount;

/**
 * Checks user names and passwords against the LDAP or Active Directory server ({@link LdapDirectory}), after the
 * database's store (a higher {@link #priority()}): a name that belongs to a local user is never checked here, so local
 * users (the break-glass administrator) sign in whatever the directory's state. A directory user's roles come from
 * their groups ({@link RoleMapping}); at each sign-in their row in Granary ({@link UserService#signedInExternally})
 * is created or brought up to date, so they can own API tokens. Tokens themselves stay with the database's store.
 * <p>
 * When no directory server answers, the check throws {@link DirectoryUnavailableException} and the authentication
 * mechanism answers 503.
 */
@ApplicationScoped
public class LdapIdentityStore implements IdentityStore {

    @Inject
    LdapDirectory directory;
    @Inject
    UserService users;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential up) || TokenCredential.looksLikeToken(up.getPasswordAsString())) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        Optional<LdapSettings> settings = directory.settings();
        if (settings.isEmpty()) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String name = up.getCaller();
        Optional<UserAccount> known = users.find(name);
        if (known.isPresent() && known.get().isLocal()) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        Optional<DirectoryUser> user = directory.authenticate(name, up.getPasswordAsString());
        if (user.isEmpty()) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        Set<String> roles = settings.get().mapping().roles(user.get().groups());
        if (roles.isEmpty() || users.signedInExternally(name, ExternalUsers.LDAP, roles).isEmpty()) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return new CredentialValidationResult(null, new CallerPrincipal(name), user.get().dn(),
                TokenService.PASSWORD_CREDENTIAL, ExternalUsers.containerGroups(roles, user.get().groups()));
    }

    /** After the database's store (default priority 100). Both validation types: the result carries the groups. */
    @Override
    public int priority() {
        return 200;
    }
}
