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
import org.granary.persistence.ApiToken;

/**
 * Validates passwords and API tokens against the database. A read-only token carries only the reader
 * role, whatever its user's roles. The result's caller unique id names the credential that was used
 * ({@code password} or {@code token:<id>}); the authentication mechanism keeps it in the request attribute
 * {@link #CREDENTIAL_ATTRIBUTE}, and {@link TokenService#issuer} reads it back.
 */
@ApplicationScoped
public class DatabaseIdentityStore implements IdentityStore {

    /** Request attribute with the caller unique id of the credential that authenticated the request. */
    public static final String CREDENTIAL_ATTRIBUTE = "granary.auth.credential";

    /** User names package clients put in front of a token (PyPI's twine uses {@code __token__}). */
    private static final Set<String> TOKEN_USERNAMES = Set.of("__token__", "token");

    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    ExternalUsers external;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof TokenCredential t) {
            return tokens.check(t.token()).map(this::result).orElse(CredentialValidationResult.INVALID_RESULT);
        }
        if (credential instanceof UsernamePasswordCredential up) {
            String name = up.getCaller();
            String secret = up.getPasswordAsString();
            if (TokenCredential.looksLikeToken(secret)) {
                Optional<ApiToken> token = tokens.check(secret)
                        .filter(t -> TOKEN_USERNAMES.contains(name) || t.getUser().getUsername().equals(name));
                if (token.isPresent()) {
                    return result(token.get());
                }
            }
            if (users.find(name).filter(u -> !u.isLocal()).isPresent()) {
                return CredentialValidationResult.NOT_VALIDATED_RESULT; // a directory's user: its store checks them
            }
            return users.authenticate(name, secret)
                    .map(u -> result(u.getUsername(), TokenService.PASSWORD_CREDENTIAL, u.getRoles()))
                    .orElse(CredentialValidationResult.INVALID_RESULT);
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    /**
     * A token's caller: its user's roles (a directory user's as the directory has them now, see
     * {@link ExternalUsers}), only reader for a read-only token; invalid once a directory user is gone.
     */
    private CredentialValidationResult result(ApiToken token) {
        Optional<Set<String>> now = external.currentGroups(token.getUser());
        if (now.isEmpty()) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        Set<String> groups = now.get();
        if (token.isReadOnly()) {
            Set<String> reader = new java.util.LinkedHashSet<>(Set.of(Roles.READER));
            groups.stream().filter(g -> !Roles.ALL.contains(g)).forEach(reader::add);
            groups = reader;
        }
        return result(token.getUser().getUsername(), TokenService.credentialId(token), groups);
    }

    private static CredentialValidationResult result(String username, String credentialId, Set<String> groups) {
        return new CredentialValidationResult(null, new CallerPrincipal(username), null, credentialId, groups);
    }
}
