package org.granary.security;

import jakarta.security.enterprise.credential.Credential;

/** An API token presented as {@code Authorization: Bearer <token>} or as a raw {@code gra_…} token. */
public record TokenCredential(String token) implements Credential {

    public static final String PREFIX = "gra_";

    public static boolean looksLikeToken(String s) {
        return s != null && s.startsWith(PREFIX) && s.length() > PREFIX.length() + 10;
    }
}
