package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.granary.persistence.UserAccount;
import org.granary.persistence.UserDao;
import org.junit.jupiter.api.Test;

class UserServiceTest {

    /** Users kept in a map, as the database would keep them. */
    static final class InMemoryUsers extends UserDao {
        final Map<String, UserAccount> rows = new HashMap<>();

        @Override
        public Optional<UserAccount> findByName(String username) {
            return Optional.ofNullable(rows.get(username));
        }

        @Override
        public UserAccount create(UserAccount user) {
            rows.put(user.getUsername(), user);
            return user;
        }

        @Override
        public UserAccount update(UserAccount user) {
            rows.put(user.getUsername(), user);
            return user;
        }
    }

    private final InMemoryUsers rows = new InMemoryUsers();
    private final AdminSessions sessions = new AdminSessions();

    private UserService service(PasswordHasher hasher) {
        UserService s = new UserService();
        s.users = rows;
        s.hasher = hasher;
        s.clock = PasswordHasherTest.CLOCK;
        s.sessions = sessions;
        return s;
    }

    @Test
    void aPasswordFromAnEarlierReleaseIsRehashedAtTheNextSuccessfulLogin() {
        UserService users = service(new PasswordHasher(2_000, PasswordHasherTest.CLOCK));
        String weak = new PasswordHasher(1_000, PasswordHasherTest.CLOCK).hash("old-password");
        rows.create(new UserAccount("alice", weak, Set.of(Roles.READER), null, PasswordHasherTest.CLOCK.instant()));

        assertTrue(users.authenticate("alice", "wrong-password").isEmpty());
        assertEquals(weak, rows.rows.get("alice").getPasswordHash(), "a failed login changes nothing");

        assertTrue(users.authenticate("alice", "old-password").isPresent());
        String upgraded = rows.rows.get("alice").getPasswordHash();
        assertNotEquals(weak, upgraded);
        assertTrue(upgraded.startsWith("PBKDF2WithHmacSHA256:2000:"), upgraded);
        assertTrue(users.authenticate("alice", "old-password").isPresent(), "the same password still works");
        assertEquals(upgraded, rows.rows.get("alice").getPasswordHash(), "rehashed once");
    }

    @Test
    void aPasswordChangeEndsTheUsersConsoleSessionsButNotOtherUsers() {
        UserService users = service(new PasswordHasher(1_000, PasswordHasherTest.CLOCK));
        users.create("bob", "first-password", Set.of(Roles.ADMIN), null);
        users.create("carol", "carols-password", Set.of(Roles.ADMIN), null);
        AtomicBoolean bobsSessionEnded = new AtomicBoolean();
        AtomicBoolean carolsSessionEnded = new AtomicBoolean();
        sessions.signedIn("bob", session("s1", bobsSessionEnded));
        sessions.signedIn("carol", session("s2", carolsSessionEnded));

        users.update("bob", "second-password", null, null, null);

        assertTrue(bobsSessionEnded.get());
        assertFalse(carolsSessionEnded.get());
        assertTrue(users.authenticate("bob", "first-password").isEmpty());
        assertTrue(users.authenticate("bob", "second-password").isPresent());
    }

    @Test
    void changingOnlyTheEmailLeavesSessionsAlone() {
        UserService users = service(new PasswordHasher(1_000, PasswordHasherTest.CLOCK));
        users.create("dave", "daves-password", Set.of(Roles.ADMIN), null);
        AtomicBoolean ended = new AtomicBoolean();
        sessions.signedIn("dave", session("s3", ended));

        users.update("dave", null, null, null, "dave@example.invalid");

        assertFalse(ended.get());
    }

    /** A session that only knows its id and notes that it was invalidated. */
    private static HttpSession session(String id, AtomicBoolean invalidated) {
        return (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(), new Class<?>[] {HttpSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "invalidate" -> {
                        invalidated.set(true);
                        yield null;
                    }
                    case "hashCode" -> id.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
