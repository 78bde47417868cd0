package org.granary.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS sockets of {@code ldaps://} connections, trusting the certificates of {@code GRANARY_LDAP_TRUST_STORE}
 * instead of the JVM's. JNDI takes a socket factory by class name ({@code java.naming.ldap.factory.socket}) and asks
 * it for {@link #getDefault()}, hence the one shared factory here, set by {@link LdapDirectory} before it connects.
 */
public class LdapSocketFactory extends SocketFactory {

    private static volatile SSLSocketFactory current = (SSLSocketFactory) SSLSocketFactory.getDefault();

    private final SSLSocketFactory delegate;

    private LdapSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /** Called by JNDI. */
    public static SocketFactory getDefault() {
        return new LdapSocketFactory(current);
    }

    /** Trusts exactly the certificates of {@code trustStore} (PKCS12 or JKS) from now on. */
    static synchronized SSLSocketFactory use(Path trustStore, String password) {
        current = context(trustStore, password).getSocketFactory();
        return current;
    }

    static SSLContext context(Path trustStore, String password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore ks = KeyStore.getInstance(trustStore.toString().toLowerCase().endsWith(".jks") ? "JKS" : "PKCS12");
            ks.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("GRANARY_LDAP_TRUST_STORE: cannot read " + trustStore + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Socket createSocket() throws IOException {
        return delegate.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }
}
