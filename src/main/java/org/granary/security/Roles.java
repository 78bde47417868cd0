package org.granary.security;

import java.util.Set;

/** The three roles. An admin may do everything; a publisher may publish; a reader may only read. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String PUBLISHER = "publisher";
    public static final String READER = "reader";
    public static final Set<String> ALL = Set.of(ADMIN, PUBLISHER, READER);

    private Roles() {
    }
}
