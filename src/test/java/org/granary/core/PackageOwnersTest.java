package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may write to a hosted package that has owners, and what an owners list may be. */
class PackageOwnersTest {

    private static final Identity ALICE = Identity.of("alice", Set.of(Identity.PUBLISHER), "127.0.0.1");
    private static final Identity CAROL = Identity.of("carol", Set.of(Identity.PUBLISHER), "127.0.0.1");
    private static final Identity ADMIN = Identity.of("root", Set.of(Identity.ADMIN), "127.0.0.1");

    @Test
    void aPackageWithOwnersTakesWritesFromItsOwnersAndAdministratorsOnly() {
        List<String> owners = List.of("alice", "bob");
        assertDoesNotThrow(() -> PackageOwners.requireOwner(ALICE, "alice", "left-pad", owners, "publish to"));
        assertDoesNotThrow(() -> PackageOwners.requireOwner(ADMIN, "root", "left-pad", owners, "publish to"));
        assertDoesNotThrow(() -> PackageOwners.requireOwner(CAROL, "carol", "left-pad", List.of(), "publish to"),
                "without owners the repository's rules alone decide");
        ForbiddenException refused = assertThrows(ForbiddenException.class,
                () -> PackageOwners.requireOwner(CAROL, "carol", "left-pad", owners, "publish to"));
        assertEquals("user 'carol' may not publish to left-pad: it is owned by alice, bob (an owner or an administrator "
                + "may add you)", refused.getMessage());
        assertEquals(403, refused.status());
    }

    @Test
    void anOwnersListIsNeverEmptyAndNamesOnlyUsersThatExist() {
        assertEquals(List.of("alice", "bob"), PackageOwners.requireValid("left-pad", List.of("alice", "bob", "alice"),
                Set.of("alice", "bob")::contains));
        assertEquals("cannot remove all owners of left-pad; add someone else first", assertThrows(
                InvalidRequestException.class, () -> PackageOwners.requireValid("left-pad", List.of(), u -> true)).getMessage());
        assertEquals("there is no user 'mallory' to make an owner of left-pad", assertThrows(InvalidRequestException.class,
                () -> PackageOwners.requireValid("left-pad", List.of("alice", "mallory"), Set.of("alice")::contains))
                .getMessage());
    }
}
