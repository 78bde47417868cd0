package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.granary.persistence.UserAccount;
import org.granary.persistence.UserDao;
import org.junit.jupiter.api.Test;

/** Whether a user name exists cannot be told from how much work a wrong password costs. */
class UserServiceTimingTest {

    final List<String> verifiedAgainst = new ArrayList<>();
    final UserService service = new UserService();

    UserServiceTimingTest() {
        UserAccount alice = new UserAccount("alice", "hash-of-alice", Set.of(Roles.READER), null, Instant.EPOCH);
        UserAccount disabled = new UserAccount("mallory", "hash-of-mallory", Set.of(Roles.READER), null, Instant.EPOCH);
        disabled.setEnabled(false);
        Map<String, UserAccount> known = Map.of("alice", alice, "mallory", disabled);
        service.users = new UserDao() {
            @Override
            public Optional<UserAccount> findByName(String username) {
                return Optional.ofNullable(known.get(username));
            }
        };
        service.hasher = new PasswordHasher() {
            @Override
            public String hash(String password) {
                return "dummy-hash";
            }

            @Override
            public boolean verify(String username, String password, String storedHash) {
                verifiedAgainst.add(storedHash);
                return storedHash.equals("hash-of-" + username) && password.equals(username + "-password");
            }
        };
    }

    @Test
    void aKnownUserWithTheRightPasswordIsLetIn() {
        assertTrue(service.authenticate("alice", "alice-password").isPresent());
    }

    @Test
    void anUnknownUserCostsOnePasswordHashCheckLikeAKnownOne() {
        assertFalse(service.authenticate("alice", "wrong").isPresent());
        assertFalse(service.authenticate("nobody", "wrong").isPresent());
        assertEquals(List.of("hash-of-alice", "dummy-hash"), verifiedAgainst);
    }

    @Test
    void aDisabledUserIsRefusedAfterTheSameCheck() {
        assertFalse(service.authenticate("mallory", "mallory-password").isPresent());
        assertEquals(List.of("hash-of-mallory"), verifiedAgainst);
    }
}
