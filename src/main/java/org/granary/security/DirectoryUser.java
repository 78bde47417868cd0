package org.granary.security;

import java.util.Set;

/**
 * A user as the directory knows them: the name they sign in with, their entry's DN, and the names of every group they
 * are a member of (nested memberships included).
 */
public record DirectoryUser(String name, String dn, Set<String> groups) {

    public DirectoryUser {
        groups = Set.copyOf(groups);
    }
}
