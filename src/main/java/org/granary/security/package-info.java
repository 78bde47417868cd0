/**
 * Who the caller is and what they may do: the one Jakarta Security {@code HttpAuthenticationMechanism}
 * (Bearer or raw token, Basic with password or token, form login for the admin pages, and the console's OpenID
 * Connect sign-in), the identity stores — the database (passwords as PBKDF2-HMAC-SHA256 in
 * {@code Pbkdf2PasswordHash}'s encoding) first, then the LDAP / Active Directory directory — the roles, users and API
 * tokens (bounded by the credential that creates them), the admin console's sessions per user, the bootstrap admin,
 * and the per-repository read/publish checks (applying {@code core.AccessRules}); the login throttle, the trusted
 * proxies (whose forwarded headers count), and the cross-site check for state-changing browser requests.
 * <p>
 * Single sign-on: {@code LdapDirectory} reaches the directory with JNDI ({@code javax.naming.ldap}, in the JDK) rather
 * than Jakarta Security's {@code @LdapIdentityStoreDefinition}, because the definition takes one URL (no failover), has
 * no connect or read timeout, no StartTLS and no trust store of its own, cannot cache successful binds, and answers
 * "invalid" when the server is down, where Granary must answer 503. {@code LdapIdentityStore} is still a Jakarta
 * Security {@code IdentityStore}, consulted through the container's {@code IdentityStoreHandler}. {@code OidcSignIn}
 * runs the authorization code flow with PKCE inside the one mechanism (Jakarta Security 3.0 allows one, so its
 * {@code @OpenIdAuthenticationMechanismDefinition} cannot sit beside the token and form logins), and
 * {@code IdTokenVerifier} checks ID tokens with {@code java.security}. Users of either source get a row in the
 * database at their first sign-in ({@code identity_source}), so that they can own API tokens; {@code ExternalUsers}
 * asks the directory again (within its cache time) whenever a directory user comes back with a token or a session.
 * <p>
 * Depends on {@code core} (audit log, repository snapshots, exceptions), {@code config} and {@code persistence}.
 */
package org.granary.security;
