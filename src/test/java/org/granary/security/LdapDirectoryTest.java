package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.testing.MutableClock;
import org.granary.testing.TestDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The directory as Granary asks it, against two in-memory LDAP servers on loopback (the second a failover copy):
 * a password check finds nested groups, refuses a wrong password, an empty password and a disabled account, fails
 * over when the first server is down and says "unavailable" (not "wrong password") when both are; a user disabled
 * after signing in is still known until the cache time passes, and not after.
 */
class LdapDirectoryTest {

    private final TestDirectory primary = TestDirectory.start();
    private final TestDirectory secondary = TestDirectory.start();
    private final MutableClock clock = new MutableClock();
    private final LdapDirectory directory = directory(Map.of());

    @AfterEach
    void stop() {
        primary.close();
        secondary.close();
    }

    private LdapDirectory directory(Map<Setting, String> extra) {
        Map<Setting, String> s = new HashMap<>();
        s.put(Setting.LDAP_URLS, primary.url() + ", " + secondary.url());
        s.put(Setting.LDAP_BIND_DN, TestDirectory.SERVICE_DN);
        s.put(Setting.LDAP_BIND_PASSWORD, TestDirectory.SERVICE_PASSWORD);
        s.put(Setting.LDAP_USER_BASE, TestDirectory.PEOPLE);
        s.put(Setting.LDAP_USER_FILTER, TestDirectory.USER_FILTER);
        s.put(Setting.LDAP_GROUP_BASE, TestDirectory.GROUPS);
        s.put(Setting.LDAP_CONNECT_TIMEOUT, "PT2S");
        s.put(Setting.LDAP_CACHE_TTL, "PT1M");
        s.putAll(extra);
        Map<Setting, String> all = new HashMap<>();
        for (Setting k : Setting.values()) {
            all.put(k, s.containsKey(k) ? s.get(k) : null);
        }
        LdapDirectory d = new LdapDirectory();
        d.config = GranaryConfig.of(all);
        d.clock = clock;
        return d;
    }

    @Test
    void aPasswordCheckFindsTheUserAndTheirGroupsThroughNestedGroups() {
        DirectoryUser alice = directory.authenticate("alice", TestDirectory.PASSWORD).orElseThrow();
        assertEquals("uid=alice," + TestDirectory.PEOPLE, alice.dn());
        assertEquals(Set.of("platform", "developers"), alice.groups(), "developers through platform");
        assertEquals(Set.of("granary-admins"), directory.authenticate("bob", TestDirectory.PASSWORD).orElseThrow().groups());
        assertEquals(Set.of(), directory.authenticate("dave", TestDirectory.PASSWORD).orElseThrow().groups());
    }

    @Test
    void withNestingOffOnlyDirectGroupsCount() {
        LdapDirectory flat = directory(Map.of(Setting.LDAP_NESTED_GROUPS, "off"));
        assertEquals(Set.of("platform"), flat.authenticate("alice", TestDirectory.PASSWORD).orElseThrow().groups());
    }

    @Test
    void wrongEmptyAndDisabledAreRefusedAndUnknownUsersToo() {
        assertEquals(Optional.empty(), directory.authenticate("alice", "wrong-password"));
        assertEquals(Optional.empty(), directory.authenticate("alice", ""), "an empty password is no anonymous bind");
        assertEquals(Optional.empty(), directory.authenticate("carol", TestDirectory.PASSWORD), "carol is disabled");
        assertEquals(Optional.empty(), directory.authenticate("nobody", TestDirectory.PASSWORD));
        assertEquals(Optional.empty(), directory.authenticate("*", TestDirectory.PASSWORD), "the name is escaped in the filter");
    }

    @Test
    void theSecondServerAnswersWhenTheFirstIsDownAndNoServerIs503NotAWrongPassword() {
        primary.stop();
        assertTrue(directory.authenticate("alice", TestDirectory.PASSWORD).isPresent(), "failover to the second URL");
        assertEquals(Optional.empty(), directory.authenticate("alice", "wrong-password"), "still a wrong password");
        secondary.stop();
        DirectoryUnavailableException down = assertThrows(DirectoryUnavailableException.class,
                () -> directory.authenticate("bob", TestDirectory.PASSWORD));
        assertEquals(503, down.status());
        assertTrue(down.getMessage().contains("unreachable"), down.getMessage());
    }

    @Test
    void aWrongServiceAccountPasswordIsAConfigurationProblemNotAUsersFault() {
        LdapDirectory misconfigured = directory(Map.of(Setting.LDAP_BIND_PASSWORD, "not-it"));
        DirectoryUnavailableException e = assertThrows(DirectoryUnavailableException.class,
                () -> misconfigured.authenticate("alice", TestDirectory.PASSWORD));
        assertTrue(e.getMessage().contains("GRANARY_LDAP_BIND_DN"), e.getMessage());
    }

    @Test
    void aUserDisabledAfterSigningInIsKnownUntilTheCacheTimePassesAndNotAfter() {
        assertTrue(directory.authenticate("alice", TestDirectory.PASSWORD).isPresent());
        primary.setDisabled("alice", true);
        secondary.setDisabled("alice", true);
        assertTrue(directory.lookup("alice").isPresent(), "remembered within the cache time");
        assertTrue(directory.authenticate("alice", TestDirectory.PASSWORD).isPresent(), "the sign-in is remembered too");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Optional.empty(), directory.lookup("alice"));
        assertEquals(Optional.empty(), directory.authenticate("alice", TestDirectory.PASSWORD));
    }

    @Test
    void aLookupRemembersTheUserSoABriefOutageDoesNotLockThemOut() {
        assertEquals(Set.of("platform", "developers"), directory.lookup("alice").orElseThrow().groups());
        primary.stop();
        secondary.stop();
        assertTrue(directory.lookup("alice").isPresent());
        clock.advance(Duration.ofMinutes(2));
        assertThrows(DirectoryUnavailableException.class, () -> directory.lookup("alice"));
    }
}
