package org.granary.core;

import java.util.Collection;
import java.util.List;

/**
 * The owners rule of hosted packages, the same in every format that has owners (npm's {@code maintainers}, Cargo's
 * crate owners): a package without owners is governed by its repository's rules alone (who may publish there); once
 * it has owners, only they and administrators may write to it (publish, tag, yank, unpublish) or change its owners,
 * and it always keeps at least one. Where a format keeps the list is the format's business; pure.
 */
public final class PackageOwners {

    private PackageOwners() {
    }

    /**
     * Refuses (403) a write to {@code pkg} by {@code user} when the package has owners and {@code user} is neither one
     * of them nor an administrator.
     *
     * @param action what is being done, for the message ({@code publish}, {@code change the owners of})
     */
    public static void requireOwner(Identity who, String user, String pkg, Collection<String> owners, String action) {
        if (owners.isEmpty() || who.isAdmin() || owners.contains(user)) {
            return;
        }
        throw new ForbiddenException("user '" + user + "' may not " + action + " " + pkg + ": it is owned by "
                + String.join(", ", owners) + " (an owner or an administrator may add you)");
    }

    /**
     * Checks a new owners list of {@code pkg}: not empty, and each a user that exists.
     *
     * @param exists whether a user of that name exists
     * @throws InvalidRequestException otherwise (400)
     */
    public static List<String> requireValid(String pkg, List<String> owners, java.util.function.Predicate<String> exists) {
        if (owners.isEmpty()) {
            throw new InvalidRequestException("cannot remove all owners of " + pkg + "; add someone else first");
        }
        for (String owner : owners) {
            if (!exists.test(owner)) {
                throw new InvalidRequestException("there is no user '" + owner + "' to make an owner of " + pkg);
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(owners));
    }
}
