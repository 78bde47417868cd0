package org.granary.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.granary.core.ConflictException;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.persistence.UserAccount;
import org.granary.persistence.UserDao;

/**
 * Creates, changes and checks users. A password change ends the user's admin-console sessions and remembered
 * logins at once (their API tokens stay valid until revoked). A password hashed with weaker settings than
 * today's is re-hashed after its next successful check.
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class.getName());
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final int MIN_PASSWORD_LENGTH = 8;

    @Inject
    UserDao users;
    @Inject
    PasswordHasher hasher;
    @Inject
    Clock clock;
    @Inject
    AdminSessions sessions;

    public UserAccount create(String username, String password, Set<String> roles, String email) {
        validateName(username);
        validatePassword(password);
        Set<String> checked = validRoles(roles);
        if (users.findByName(username).isPresent()) {
            throw new ConflictException("user '" + username + "' exists already");
        }
        return users.create(new UserAccount(username, hasher.hash(password), checked, email, clock.instant()));
    }

    public UserAccount update(String username, String password, Set<String> roles, Boolean enabled, String email) {
        UserAccount u = find(username).orElseThrow(() -> new NotFoundException("there is no user named '" + username + "'"));
        if (password != null) {
            validatePassword(password);
            u.setPasswordHash(hasher.hash(password));
        }
        if (roles != null) {
            u.setRoles(validRoles(roles));
        }
        if (enabled != null) {
            u.setEnabled(enabled);
        }
        if (email != null) {
            u.setEmail(email);
        }
        UserAccount updated = users.update(u);
        if (password != null || Boolean.FALSE.equals(enabled)) {
            hasher.forget(username);
            sessions.endAll(username);
        }
        return updated;
    }

    public void delete(String username) {
        if (!users.delete(username)) {
            throw new NotFoundException("there is no user named '" + username + "'");
        }
    }

    public Optional<UserAccount> find(String username) {
        return users.findByName(username);
    }

    public List<UserAccount> list() {
        return users.findAll();
    }

    /**
     * The user, if enabled and the password is theirs. An unknown (or disabled) user costs the same hash check
     * as a known one, so the time to answer does not tell which user names exist.
     */
    public Optional<UserAccount> authenticate(String username, String password) {
        Optional<UserAccount> found = users.findByName(username).filter(UserAccount::isLocal);
        boolean matches = hasher.verify(username, password, found.map(UserAccount::getPasswordHash).orElseGet(this::dummyHash));
        Optional<UserAccount> user = found.filter(u -> matches && u.isEnabled());
        user.filter(u -> hasher.needsRehash(u.getPasswordHash())).ifPresent(u -> rehash(u, password));
        return user;
    }

    /**
     * The row of a user whom a directory or an OpenID Connect provider signed in ({@code source}), created at their
     * first sign-in (their API tokens need an owner) and given the roles this sign-in mapped. The row holds no
     * usable password. Empty when the name belongs to a local user (local users are never taken over) or when an
     * administrator disabled the row in Granary.
     */
    public Optional<UserAccount> signedInExternally(String username, String source, Set<String> roles) {
        if (username == null || !EXTERNAL_NAME.matcher(username).matches()) {
            return Optional.empty();
        }
        Optional<UserAccount> found = users.findByName(username);
        if (found.isEmpty()) {
            UserAccount u = new UserAccount(username, "!" + source, validRoles(roles), null, clock.instant());
            u.setIdentitySource(source);
            return Optional.of(users.create(u));
        }
        UserAccount u = found.get();
        if (u.isLocal() || !u.isEnabled()) {
            return Optional.empty();
        }
        Set<String> checked = validRoles(roles);
        if (!u.getRoles().equals(checked) || !source.equals(u.getIdentitySource())) {
            u.setRoles(checked);
            u.setIdentitySource(source);
            u = users.update(u);
        }
        return Optional.of(u);
    }

    /** Names a directory or provider may give: a local user name, or also with {@code @} (an e-mail address). */
    static final Pattern EXTERNAL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private void rehash(UserAccount u, String password) {
        try {
            u.setPasswordHash(hasher.hash(password));
            users.update(u);
        } catch (RuntimeException e) {
            // the login stands; the next one tries again
            LOG.log(Level.WARNING, "Could not re-hash the password of user " + u.getUsername(), e);
        }
    }

    private volatile String dummyHash;

    /** A hash of a random password nobody knows, made once, to check unknown users against. */
    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            h = hasher.hash(java.util.UUID.randomUUID().toString());
            dummyHash = h;
        }
        return h;
    }

    static void validateName(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidRequestException("a user name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    static void validatePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidRequestException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    static Set<String> validRoles(Set<String> roles) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : roles == null ? Set.<String>of() : roles) {
            if (!Roles.ALL.contains(r)) {
                throw new InvalidRequestException("unknown role '" + r + "'; roles are admin, publisher and reader");
            }
            out.add(r);
        }
        if (out.isEmpty()) {
            out.add(Roles.READER);
        }
        return out;
    }
}
