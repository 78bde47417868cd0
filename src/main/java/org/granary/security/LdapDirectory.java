package org.granary.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.AuthenticationException;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.Attribute;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.ssl.SSLSocketFactory;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/**
 * The LDAP or Active Directory server, through JNDI ({@code javax.naming.ldap}): finds a user with the service
 * account, checks their password by binding as them, and collects their groups (nested ones as
 * {@code GRANARY_LDAP_NESTED_GROUPS} says). Servers are tried in the order configured; one that does not connect
 * within the connect timeout (or drops the connection) hands over to the next, and when none answers the caller
 * gets {@link DirectoryUnavailableException} (503), never a "wrong password".
 * <p>
 * Successful sign-ins and users' groups are remembered for {@code GRANARY_LDAP_CACHE_TTL}: a sign-in with the same
 * password within that time does not reach the server, and a user disabled or removed there loses access (their API
 * tokens and console sessions too) once the entry remembered for them expires. Failed sign-ins are not remembered.
 * Settings are read on use, so a changed system property takes effect without a redeployment (the caches start
 * over).
 */
@ApplicationScoped
public class LdapDirectory {

    private static final Logger LOG = Logger.getLogger(LdapDirectory.class.getName());

    @Inject
    GranaryConfig config;
    @Inject
    Clock clock;

    private record Remembered(Optional<DirectoryUser> user, Instant until) {
    }

    private final Map<String, Remembered> binds = new ConcurrentHashMap<>();
    private final Map<String, Remembered> lookups = new ConcurrentHashMap<>();
    private volatile String settingsKey;
    private volatile Optional<LdapSettings> settings = Optional.empty();

    /** The directory's settings, or empty when no directory is configured. */
    public Optional<LdapSettings> settings() {
        StringBuilder key = new StringBuilder();
        for (Setting s : Setting.values()) {
            if (s.name().startsWith("LDAP_")) {
                key.append(config.explicit(s).orElse("")).append('\u0000');
            }
        }
        String k = key.toString();
        if (!k.equals(settingsKey)) {
            synchronized (this) {
                if (!k.equals(settingsKey)) {
                    Optional<LdapSettings> read = LdapSettings.from(config);
                    read.filter(LdapSettings::usesTrustStore).ifPresent(s -> LdapSocketFactory.use(s.trustStore(), s.trustStorePassword()));
                    settings = read;
                    binds.clear();
                    lookups.clear();
                    settingsKey = k;
                }
            }
        }
        return settings;
    }

    /**
     * The user, if the directory has them and {@code password} is theirs.
     *
     * @throws DirectoryUnavailableException when no server answered
     */
    public Optional<DirectoryUser> authenticate(String username, String password) {
        LdapSettings s = settings().orElseThrow();
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return Optional.empty(); // an empty password would be an anonymous bind, which "succeeds"
        }
        Instant now = clock.instant();
        String key = username + '\u0000' + sha256(password);
        Remembered r = binds.get(key);
        if (r != null && now.isBefore(r.until())) {
            return r.user();
        }
        Optional<DirectoryUser> found = withServer(s, ctx -> {
            Optional<SearchResult> entry = findUser(s, ctx, username);
            if (entry.isEmpty()) {
                return Optional.<DirectoryUser>empty();
            }
            String dn = entry.get().getNameInNamespace();
            if (!passwordMatches(s, ctx.getEnvironment(), dn, password)) {
                return Optional.<DirectoryUser>empty();
            }
            return Optional.of(new DirectoryUser(username, dn, groups(s, ctx, dn, username)));
        });
        if (found.isPresent()) {
            Remembered remembered = new Remembered(found, now.plus(s.cacheTtl()));
            binds.put(key, remembered);
            lookups.put(username, remembered);
        }
        return found;
    }

    /**
     * The user as the directory has them now (within the cache time), without their password: for their API
     * tokens and console sessions. Empty when the user is gone or no longer matches the user filter (disabled).
     *
     * @throws DirectoryUnavailableException when no server answered and nothing is remembered
     */
    public Optional<DirectoryUser> lookup(String username) {
        LdapSettings s = settings().orElseThrow();
        Instant now = clock.instant();
        Remembered r = lookups.get(username);
        if (r != null && now.isBefore(r.until())) {
            return r.user();
        }
        Optional<DirectoryUser> found = withServer(s, ctx -> {
            Optional<SearchResult> entry = findUser(s, ctx, username);
            if (entry.isEmpty()) {
                return Optional.<DirectoryUser>empty();
            }
            String dn = entry.get().getNameInNamespace();
            return Optional.of(new DirectoryUser(username, dn, groups(s, ctx, dn, username)));
        });
        lookups.put(username, new Remembered(found, now.plus(s.cacheTtl())));
        if (found.isEmpty()) {
            binds.keySet().removeIf(k -> k.startsWith(username + '\u0000'));
        }
        return found;
    }

    private interface Work<T> {
        T run(LdapContext ctx) throws NamingException;
    }

    /** Runs {@code work} on the first server that answers, bound as the service account. */
    private <T> T withServer(LdapSettings s, Work<T> work) {
        List<String> failures = new ArrayList<>();
        String untrusted = null;
        for (var url : s.urls()) {
            LdapContext ctx = null;
            try {
                ctx = connect(s, url.toString(), s.bindDn(), s.bindPassword());
                return work.run(ctx);
            } catch (CommunicationException | ServiceUnavailableException e) {
                failures.add(url + ": " + rootMessage(e));
                if (untrusted == null && tlsFailure(e)) {
                    untrusted = url.toString();
                }
                LOG.log(Level.FINE, "LDAP server " + url + " did not answer; trying the next", e);
            } catch (AuthenticationException e) {
                throw new DirectoryUnavailableException("the directory refused Granary's service account ("
                        + Setting.LDAP_BIND_DN.environmentVariable() + "): " + rootMessage(e), e);
            } catch (NamingException e) {
                if (isConnectionProblem(e)) {
                    failures.add(url + ": " + rootMessage(e));
                    if (untrusted == null && tlsFailure(e)) {
                        untrusted = url.toString();
                    }
                    continue;
                }
                throw new DirectoryUnavailableException("the directory could not answer: " + rootMessage(e), e);
            } finally {
                close(ctx);
            }
        }
        LOG.warning("No LDAP server answered: " + String.join("; ", failures));
        if (untrusted != null) {
            throw new DirectoryUnavailableException("the sign-in directory (LDAP) at " + untrusted + " failed the TLS "
                    + "handshake: its certificate is not trusted by Granary (" + Setting.LDAP_TRUST_STORE.environmentVariable()
                    + " must hold the directory's CA), so this sign-in cannot be checked (local users are not affected)", null);
        }
        throw new DirectoryUnavailableException("the sign-in directory (LDAP) is unreachable, so this sign-in cannot be "
                + "checked; try again later (local users are not affected)", null);
    }

    /** Whether the connection failed in the TLS handshake (an untrusted or mismatched certificate, mostly). */
    private static boolean tlsFailure(NamingException e) {
        for (Throwable c = e; c != null; c = c.getCause()) { // a NamingException's cause is its root cause
            if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionProblem(NamingException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException) {
                return true;
            }
        }
        return e.getRootCause() instanceof java.io.IOException;
    }

    private LdapContext connect(LdapSettings s, String url, String principal, String password) throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.REFERRAL, "ignore");
        env.put("com.sun.jndi.ldap.connect.timeout", String.valueOf(s.connectTimeout().toMillis()));
        env.put("com.sun.jndi.ldap.read.timeout", String.valueOf(s.readTimeout().toMillis()));
        env.put("com.sun.jndi.ldap.connect.pool", "false");
        if (url.regionMatches(true, 0, "ldaps:", 0, 6) && s.usesTrustStore()) {
            env.put("java.naming.ldap.factory.socket", LdapSocketFactory.class.getName());
        }
        if (!s.startTls()) {
            credentials(env, principal, password);
            return new InitialLdapContext(env, null);
        }
        LdapContext ctx = new InitialLdapContext(env, null);
        try {
            StartTlsResponse tls = (StartTlsResponse) ctx.extendedOperation(new StartTlsRequest());
            SSLSocketFactory factory = s.usesTrustStore()
                    ? LdapSocketFactory.context(s.trustStore(), s.trustStorePassword()).getSocketFactory()
                    : (SSLSocketFactory) SSLSocketFactory.getDefault();
            tls.negotiate(factory);
            if (principal != null) {
                ctx.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
                ctx.addToEnvironment(Context.SECURITY_PRINCIPAL, principal);
                ctx.addToEnvironment(Context.SECURITY_CREDENTIALS, password);
                ctx.getAttributes("", new String[] {"1.1"}); // the bind, on the upgraded connection
            }
            return ctx;
        } catch (java.io.IOException e) {
            close(ctx);
            CommunicationException c = new CommunicationException("StartTLS failed: " + e.getMessage());
            c.setRootCause(e);
            throw c;
        } catch (NamingException | RuntimeException e) {
            close(ctx);
            throw e;
        }
    }

    private static void credentials(Hashtable<String, Object> env, String principal, String password) {
        if (principal != null) {
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, principal);
            env.put(Context.SECURITY_CREDENTIALS, password);
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        }
    }

    private boolean passwordMatches(LdapSettings s, Hashtable<?, ?> serviceEnv, String dn, String password)
            throws NamingException {
        LdapContext user = null;
        try {
            user = connect(s, (String) serviceEnv.get(Context.PROVIDER_URL), dn, password);
            return true;
        } catch (AuthenticationException wrongPassword) {
            return false;
        } finally {
            close(user);
        }
    }

    private static Optional<SearchResult> findUser(LdapSettings s, LdapContext ctx, String username) throws NamingException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(new String[] {"1.1"});
        controls.setCountLimit(2);
        NamingEnumeration<SearchResult> results = ctx.search(s.userBase(), s.userFilter(), new Object[] {username}, controls);
        try {
            if (!results.hasMore()) {
                return Optional.empty();
            }
            SearchResult first = results.next();
            if (results.hasMore()) {
                LOG.warning("The LDAP user filter finds more than one entry for '" + username + "'; the sign-in is refused");
                return Optional.empty();
            }
            return Optional.of(first);
        } catch (javax.naming.SizeLimitExceededException twoOrMore) {
            LOG.warning("The LDAP user filter finds more than one entry for '" + username + "'; the sign-in is refused");
            return Optional.empty();
        } finally {
            results.close();
        }
    }

    /** The names of the groups {@code dn} is a member of, following groups of groups as configured. */
    private static Set<String> groups(LdapSettings s, LdapContext ctx, String dn, String username) throws NamingException {
        Set<String> names = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String[]> todo = new ArrayDeque<>();
        todo.add(new String[] {dn, username, "0"});
        while (!todo.isEmpty()) {
            String[] member = todo.poll();
            int depth = Integer.parseInt(member[2]);
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            controls.setReturningAttributes(new String[] {s.groupNameAttribute()});
            NamingEnumeration<SearchResult> results = ctx.search(s.groupBase(), s.groupFilter(),
                    new Object[] {member[0], member[1]}, controls);
            try {
                while (results.hasMore()) {
                    SearchResult g = results.next();
                    String groupDn = g.getNameInNamespace();
                    Attribute name = g.getAttributes().get(s.groupNameAttribute());
                    String groupName = name == null ? null : String.valueOf(name.get());
                    if (groupName != null) {
                        names.add(groupName);
                    }
                    if (s.nesting() == LdapSettings.Nesting.SEARCH && depth + 1 < LdapSettings.Nesting.MAX_DEPTH
                            && seen.add(groupDn.toLowerCase(java.util.Locale.ROOT))) {
                        todo.add(new String[] {groupDn, groupName == null ? "" : groupName, String.valueOf(depth + 1)});
                    }
                }
            } finally {
                results.close();
            }
        }
        return names;
    }

    private static String rootMessage(NamingException e) {
        Throwable root = e.getRootCause() != null ? e.getRootCause() : e;
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }

    private static void close(LdapContext ctx) {
        if (ctx != null) {
            try {
                ctx.close();
            } catch (NamingException ignored) {
                // closing anyway
            }
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
