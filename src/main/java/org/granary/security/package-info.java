/**
 * Who the caller is and what they may do: the one Jakarta Security {@code HttpAuthenticationMechanism}
 * (Bearer or raw token, Basic with password or token, form login for the admin pages), the identity store
 * over the database (passwords as PBKDF2-HMAC-SHA256 in {@code Pbkdf2PasswordHash}'s encoding), the roles,
 * users and API tokens (bounded by the credential that creates them), the admin console's sessions per user,
 * the bootstrap admin, and the per-repository read/publish checks (applying {@code core.AccessRules}); the login
 * throttle, the trusted proxies (whose forwarded headers count), and the cross-site check for state-changing
 * browser requests.
 * <p>
 * Depends on {@code core} (audit log, repository snapshots, exceptions) and {@code persistence}.
 */
package org.granary.security;
