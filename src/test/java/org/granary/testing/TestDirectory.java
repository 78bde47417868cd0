package org.granary.testing;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

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

    private final InMemoryDirectoryServer server;
    private final int port;

    private TestDirectory(InMemoryDirectoryServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** A directory listening on a free loopback port. */
    public static TestDirectory start() {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    InetAddress.getByName("127.0.0.1"), port, null));
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
            return new TestDirectory(server, port);
        } catch (LDAPException | com.unboundid.ldif.LDIFException | IOException e) {
            throw new IllegalStateException("the in-memory LDAP directory did not start: " + e.getMessage(), e);
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
