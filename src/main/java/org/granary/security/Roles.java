package org.granary.security;

import java.util.Set;
import org.granary.core.Identity;

/** The three roles. An admin may do everything; a publisher may publish; a reader may only read. */
public final class Roles {

    public static final String ADMIN = Identity.ADMIN;
    public static final String PUBLISHER = Identity.PUBLISHER;
    public static final String READER = Identity.READER;
    public static final Set<String> ALL = Set.of(ADMIN, PUBLISHER, READER);

    private Roles() {
    }
}
