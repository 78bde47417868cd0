package org.granary.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import java.util.Optional;

/**
 * Checks a user's password wherever a client sends one in a body rather than a header ({@code npm login},
 * {@code npm token create}): through every identity store, so a directory user's password counts as a local user's
 * does. A token is not a password here.
 *
 * @throws DirectoryUnavailableException (from {@link #check}) when the directory must be asked and does not answer
 */
@ApplicationScoped
public class PasswordCheck {

    @Inject
    IdentityStoreHandler identityStores;

    /** The user's name when {@code password} is theirs. */
    public Optional<String> check(String username, String password) {
        if (username == null || password == null || TokenCredential.looksLikeToken(password)) {
            return Optional.empty();
        }
        CredentialValidationResult r = identityStores.validate(new UsernamePasswordCredential(username, password));
        return r.getStatus() == CredentialValidationResult.Status.VALID
                && TokenService.PASSWORD_CREDENTIAL.equals(r.getCallerUniqueId())
                ? Optional.of(r.getCallerPrincipal().getName()) : Optional.empty();
    }
}
