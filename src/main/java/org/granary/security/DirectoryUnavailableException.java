package org.granary.security;

import org.granary.core.GranaryException;

/**
 * No directory server answered (every URL of {@code GRANARY_LDAP_URLS} tried): the caller's sign-in could not be
 * checked either way, which is 503 and not 401. Local users and their tokens are not affected.
 */
public class DirectoryUnavailableException extends GranaryException {

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 503;
    }

    /** The exception itself, or the first cause that is one (identity store handlers may wrap it). */
    static java.util.Optional<DirectoryUnavailableException> in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DirectoryUnavailableException d) {
                return java.util.Optional.of(d);
            }
        }
        return java.util.Optional.empty();
    }
}
