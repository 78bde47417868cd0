package org.granary.testing;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * An LDAP directory in memory on 127.0.0.1 (UnboundID LDAP SDK), on a port of its own that stays the same when it is
 * stopped and started again, holding the same small organisation every time:
 * <ul>
 *   <li>{@code cn=granary,ou=services}: the service account ({@link #SERVICE_DN}, {@link #SERVICE_PASSWORD});</li>
 *   <li>users {@code alice} (in {@code platform}, which is in {@code developers}: a nested membership),
 *       like {@code erin}, {@code frank}, {@code grace} and {@code heidi} (spare users a test may disable, or sign in
 *       with for the first time),
 *       {@code bob} (in {@code granary-admins}), {@code dave} (in no group), {@code carol} (in {@code developers}
 *       but disabled: {@code description: disabled}, which {@link #USER_FILTER} excludes), each with the password
 *       {@link #PASSWORD};</li>
 *   <li>groups ({@code groupOfNames}) under {@code ou=groups}.</li>
 * </ul>
 * {@link #startSecure()} adds TLS: an {@code ldaps://} listener ({@link #ldapsUrl()}) and StartTLS on the plain one,
 * with a self-signed certificate for 127.0.0.1 made when the test runs (EC P-256, by the SDK's
 * {@code ManageCertificates}); {@link #trustStore()} is a PKCS12 trust store holding only that certificate.
 */
public final class TestDirectory implements AutoCloseable {

    public static final String BASE = "dc=example,dc=com";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String GROUPS = "ou=groups," + BASE;
    public static final String SERVICE_DN = "cn=granary,ou=services," + BASE;
    public static final String SERVICE_PASSWORD = "service-secret";
    public static final String PASSWORD = "directory-pass";
    /** Finds a user by uid unless their entry says {@code description: disabled}. */
    public static final String USER_FILTER = "(&(objectClass=inetOrgPerson)(uid={0})(!(description=disabled)))";

    /** The password of {@link #trustStore()}. */
    public static final String TRUST_STORE_PASSWORD = "trust-pass";

    private final InMemoryDirectoryServer server;
    private final int port;
    private final int ldapsPort;
    private final Path trustStore;

    private TestDirectory(InMemoryDirectoryServer server, int port, int ldapsPort, Path trustStore) {
        this.server = server;
        this.port = port;
        this.ldapsPort = ldapsPort;
        this.trustStore = trustStore;
    }

    /** A directory listening on a free loopback port. */
    public static TestDirectory start() {
        return start(false);
    }

    /** A directory on two free loopback ports: plain LDAP offering StartTLS, and LDAPS. */
    public static TestDirectory startSecure() {
        return start(true);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static TestDirectory start(boolean secure) {
        try {
            int port = freePort();
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            int ldapsPort = -1;
            Path trustStore = null;
            if (secure) {
                Path dir = Files.createTempDirectory("granary-ldap-tls");
                Path keyStore = dir.resolve("server.p12");
                trustStore = dir.resolve("trust.p12");
                selfSignedCertificate(keyStore, trustStore);
                SSLUtil serverTls = new SSLUtil(new KeyStoreKeyManager(keyStore.toFile(), KEY_STORE_PASSWORD.toCharArray(),
                        "PKCS12", "server"), new TrustAllTrustManager());
                SSLUtil clientTls = new SSLUtil(new TrustAllTrustManager());
                ldapsPort = freePort();
                config.setListenerConfigs(
                        InMemoryListenerConfig.createLDAPConfig("ldap", loopback, port, serverTls.createSSLSocketFactory()),
                        InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, ldapsPort,
                                serverTls.createSSLServerSocketFactory(), clientTls.createSSLSocketFactory()));
            } else {
                config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", loopback, port, null));
            }
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
            for (String ou : new String[] {"people", "groups", "services"}) {
                server.add("dn: ou=" + ou + "," + BASE, "objectClass: top", "objectClass: organizationalUnit", "ou: " + ou);
            }
            server.add("dn: " + SERVICE_DN, "objectClass: inetOrgPerson", "cn: granary", "sn: service",
                    "userPassword: " + SERVICE_PASSWORD);
            for (String user : new String[] {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"}) {
                server.add("dn: uid=" + user + "," + PEOPLE, "objectClass: inetOrgPerson", "uid: " + user, "cn: " + user,
                        "sn: " + user, "userPassword: " + PASSWORD);
            }
            server.modify("uid=carol," + PEOPLE, new Modification(ModificationType.ADD, "description", "disabled"));
            group(server, "platform", "uid=alice," + PEOPLE, "uid=erin," + PEOPLE, "uid=frank," + PEOPLE,
                    "uid=grace," + PEOPLE, "uid=heidi," + PEOPLE);
            group(server, "developers", "cn=platform," + GROUPS, "uid=carol," + PEOPLE);
            group(server, "granary-admins", "uid=bob," + PEOPLE);
            server.startListening();
            return new TestDirectory(server, port, ldapsPort, trustStore);
        } catch (LDAPException | com.unboundid.ldif.LDIFException | IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the in-memory LDAP directory did not start: " + e.getMessage(), e);
        }
    }

    private static final String KEY_STORE_PASSWORD = "server-key-pass";

    /** A key pair and self-signed certificate for 127.0.0.1 into {@code keyStore}; the certificate alone into {@code trustStore}. */
    private static void selfSignedCertificate(Path keyStore, Path trustStore) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCode rc = ManageCertificates.main(InputStream.nullInputStream(), OutputStream.nullOutputStream(), out, "generate-self-signed-certificate",
                "--keystore", keyStore.toString(), "--keystore-password", KEY_STORE_PASSWORD, "--keystore-type", "PKCS12",
                "--alias", "server", "--subject-dn", "CN=127.0.0.1,O=Granary tests", "--days-valid", "2",
                "--key-algorithm", "EC", "--key-size-bits", "256", "--signature-algorithm", "SHA256withECDSA",
                "--subject-alternative-name-ip-address", "127.0.0.1", "--subject-alternative-name-dns", "localhost",
                "--extended-key-usage", "server-auth");
        if (rc != ResultCode.SUCCESS) {
            throw new IllegalStateException("no test certificate: " + out);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, KEY_STORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ldap-server", keys.getCertificate("server"));
        try (OutputStream o = Files.newOutputStream(trustStore)) {
            trust.store(o, TRUST_STORE_PASSWORD.toCharArray());
        }
    }

    private static void group(InMemoryDirectoryServer server, String name, String... members)
            throws LDAPException, com.unboundid.ldif.LDIFException {
        String[] lines = new String[3 + members.length];
        lines[0] = "dn: cn=" + name + "," + GROUPS;
        lines[1] = "objectClass: groupOfNames";
        lines[2] = "cn: " + name;
        for (int i = 0; i < members.length; i++) {
            lines[3 + i] = "member: " + members[i];
        }
        server.add(lines);
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** The LDAPS listener of a {@link #startSecure()} directory. */
    public String ldapsUrl() {
        if (ldapsPort < 0) {
            throw new IllegalStateException("started without TLS");
        }
        return "ldaps://127.0.0.1:" + ldapsPort;
    }

    /** A PKCS12 trust store ({@link #TRUST_STORE_PASSWORD}) holding the certificate of a {@link #startSecure()} directory. */
    public Path trustStore() {
        return trustStore;
    }

    /** Sets or clears {@code description: disabled} on a user, as an administrator disables an account. */
    public void setDisabled(String user, boolean disabled) {
        try {
            server.modify("uid=" + user + "," + PEOPLE, disabled
                    ? new Modification(ModificationType.REPLACE, "description", "disabled")
                    : new Modification(ModificationType.DELETE, "description"));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds {@code memberDn} to group {@code name}. */
    public void addMember(String name, String memberDn) {
        try {
            server.modify("cn=" + name + "," + GROUPS, new Modification(ModificationType.ADD, "member", memberDn));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops answering (connections are refused) until {@link #resume()}. */
    public void stop() {
        server.shutDown(true);
    }

    public void resume() {
        try {
            server.startListening();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
