package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.testing.MutableClock;
import org.granary.testing.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Encrypted directory connections, against an in-memory directory with a self-signed certificate made by the test:
 * over {@code ldaps://} and over StartTLS Granary binds, checks passwords and finds groups when
 * {@code GRANARY_LDAP_TRUST_STORE} holds the certificate; without it (the JVM's trust) or with a trust store that
 * holds another certificate, the sign-in is refused with an error that names the certificate and the setting.
 */
class LdapTlsTest {

    private static final TestDirectory SECURE = TestDirectory.startSecure();
    private static final TestDirectory OTHER = TestDirectory.startSecure(); // another self-signed certificate

    @AfterAll
    static void stop() {
        SECURE.close();
        OTHER.close();
    }

    private static LdapDirectory directory(String url, boolean startTls, TestDirectory trusted) {
        Map<Setting, String> s = new HashMap<>();
        s.put(Setting.LDAP_URLS, url);
        s.put(Setting.LDAP_BIND_DN, TestDirectory.SERVICE_DN);
        s.put(Setting.LDAP_BIND_PASSWORD, TestDirectory.SERVICE_PASSWORD);
        s.put(Setting.LDAP_USER_BASE, TestDirectory.PEOPLE);
        s.put(Setting.LDAP_USER_FILTER, TestDirectory.USER_FILTER);
        s.put(Setting.LDAP_GROUP_BASE, TestDirectory.GROUPS);
        s.put(Setting.LDAP_CONNECT_TIMEOUT, "PT5S");
        s.put(Setting.LDAP_START_TLS, String.valueOf(startTls));
        if (trusted != null) {
            s.put(Setting.LDAP_TRUST_STORE, trusted.trustStore().toString());
            s.put(Setting.LDAP_TRUST_STORE_PASSWORD, TestDirectory.TRUST_STORE_PASSWORD);
        }
        Map<Setting, String> all = new HashMap<>();
        for (Setting k : Setting.values()) {
            all.put(k, s.get(k));
        }
        LdapDirectory d = new LdapDirectory();
        d.config = GranaryConfig.of(all);
        d.clock = new MutableClock();
        return d;
    }

    private static void signsInOver(LdapDirectory d) {
        DirectoryUser alice = d.authenticate("alice", TestDirectory.PASSWORD).orElseThrow();
        assertEquals(Set.of("platform", "developers"), alice.groups());
        assertEquals(Optional.empty(), d.authenticate("alice", "wrong-password"), "the password is still checked");
        assertEquals("uid=bob," + TestDirectory.PEOPLE, d.lookup("bob").orElseThrow().dn());
    }

    private static void refusedForItsCertificate(LdapDirectory d) {
        DirectoryUnavailableException e = assertThrows(DirectoryUnavailableException.class,
                () -> d.authenticate("alice", TestDirectory.PASSWORD));
        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());
        assertTrue(e.getMessage().contains("GRANARY_LDAP_TRUST_STORE"), e.getMessage());
    }

    @Test
    void ldapsWithTheTrustStoreSignsIn() {
        signsInOver(directory(SECURE.ldapsUrl(), false, SECURE));
    }

    @Test
    void startTlsWithTheTrustStoreSignsIn() {
        signsInOver(directory(SECURE.url(), true, SECURE));
    }

    @Test
    void ldapsWithoutTheTrustStoreIsRefusedNamingTheCertificate() {
        refusedForItsCertificate(directory(SECURE.ldapsUrl(), false, null));
        refusedForItsCertificate(directory(SECURE.ldapsUrl(), false, OTHER));
    }

    @Test
    void startTlsWithoutTheTrustStoreIsRefusedNamingTheCertificate() {
        refusedForItsCertificate(directory(SECURE.url(), true, null));
        refusedForItsCertificate(directory(SECURE.url(), true, OTHER));
    }
}
