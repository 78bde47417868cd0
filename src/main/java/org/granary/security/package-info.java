/**
 * Who the caller is and what they may do: the one Jakarta Security {@code HttpAuthenticationMechanism}
 * (Bearer or raw token, Basic with password or token, form login for the admin pages), the identity store
 * over the database (passwords hashed with {@code Pbkdf2PasswordHash}), the roles, users and API tokens,
 * the bootstrap admin, and the per-repository read/publish checks; the login throttle, the trusted proxies
 * (whose forwarded headers count), and the cross-site check for state-changing browser requests.
 * <p>
 * Depends on {@code core} (audit log, repository snapshots, exceptions) and {@code persistence}.
 */
package org.granary.security;
