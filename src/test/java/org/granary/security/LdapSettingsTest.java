package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GRANARY_LDAP_* settings read together: defaults, AD's in-chain filter, the password file, refusals by name. */
class LdapSettingsTest {

    @TempDir
    Path dir;

    private static Optional<LdapSettings> read(Map<Setting, String> values) {
        Map<Setting, String> all = new HashMap<>();
        for (Setting s : Setting.values()) {
            all.put(s, values.get(s));
        }
        return LdapSettings.from(GranaryConfig.of(all));
    }

    private static Map<Setting, String> minimal() {
        Map<Setting, String> m = new HashMap<>();
        m.put(Setting.LDAP_URLS, "ldap://dc1.example.com, ldaps://dc2.example.com:636");
        m.put(Setting.LDAP_USER_BASE, "ou=people,dc=example,dc=com");
        m.put(Setting.LDAP_USER_FILTER, Setting.LDAP_USER_FILTER.defaultValue());
        m.put(Setting.LDAP_GROUP_NAME_ATTRIBUTE, "cn");
        m.put(Setting.LDAP_NESTED_GROUPS, "search");
        m.put(Setting.LDAP_START_TLS, "false");
        m.put(Setting.LDAP_CONNECT_TIMEOUT, "PT5S");
        m.put(Setting.LDAP_READ_TIMEOUT, "PT10S");
        m.put(Setting.LDAP_CACHE_TTL, "PT5M");
        m.put(Setting.LDAP_READER_GROUPS, "*");
        return m;
    }

    @Test
    void withoutUrlsThereIsNoDirectory() {
        assertEquals(Optional.empty(), read(Map.of()));
    }

    @Test
    void urlsKeepTheirOrderAndGroupsAreSearchedUnderTheUserBaseByDefault() {
        LdapSettings s = read(minimal()).orElseThrow();
        assertEquals(2, s.urls().size());
        assertEquals("dc2.example.com", s.urls().get(1).getHost());
        assertEquals("ou=people,dc=example,dc=com", s.groupBase());
        assertEquals("(|(member={0})(uniqueMember={0}))", s.groupFilter());
    }

    @Test
    void activeDirectoryNestingUsesTheInChainMatchingRule() {
        Map<Setting, String> m = minimal();
        m.put(Setting.LDAP_NESTED_GROUPS, "AD");
        assertEquals("(member:1.2.840.113556.1.4.1941:={0})", read(m).orElseThrow().groupFilter());
    }

    @Test
    void theBindPasswordComesFromItsFileButNotFromBoth() throws Exception {
        Path file = Files.writeString(dir.resolve("bind.password"), "from-file\n");
        Map<Setting, String> m = minimal();
        m.put(Setting.LDAP_BIND_DN, "cn=granary,dc=example,dc=com");
        m.put(Setting.LDAP_BIND_PASSWORD_FILE, file.toString());
        assertEquals("from-file", read(m).orElseThrow().bindPassword());
        assertTrue(!read(m).orElseThrow().toString().contains("from-file"), "the password never shows");
        m.put(Setting.LDAP_BIND_PASSWORD, "inline");
        assertRefused(m, "GRANARY_LDAP_BIND_PASSWORD_FILE");
    }

    @Test
    void unusableCombinationsAreRefusedNamingTheSetting() {
        Map<Setting, String> m = minimal();
        m.put(Setting.LDAP_URLS, "http://dc1.example.com");
        assertRefused(m, "GRANARY_LDAP_URLS");
        m = minimal();
        m.remove(Setting.LDAP_USER_BASE);
        assertRefused(m, "GRANARY_LDAP_USER_BASE");
        m = minimal();
        m.put(Setting.LDAP_USER_FILTER, "(uid=alice)");
        assertRefused(m, "GRANARY_LDAP_USER_FILTER");
        m = minimal();
        m.put(Setting.LDAP_START_TLS, "true");
        assertRefused(m, "GRANARY_LDAP_START_TLS");
        m = minimal();
        m.put(Setting.LDAP_NESTED_GROUPS, "deep");
        assertRefused(m, "GRANARY_LDAP_NESTED_GROUPS");
        m = minimal();
        m.put(Setting.LDAP_BIND_DN, "cn=granary,dc=example,dc=com");
        assertRefused(m, "GRANARY_LDAP_BIND_DN");
    }

    private static void assertRefused(Map<Setting, String> m, String setting) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> read(m));
        assertTrue(e.getMessage().startsWith(setting + ":"), e.getMessage());
    }
}
