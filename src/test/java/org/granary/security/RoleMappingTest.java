package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Groups (or claim values) to roles: each role's list grants it, * grants it to everyone, none at all refuses. */
class RoleMappingTest {

    private final RoleMapping mapping = RoleMapping.of("Granary-Admins", "developers, release", null);

    @Test
    void anAdminIsAlsoPublisherAndReaderAndAPublisherAlsoAReader() {
        assertEquals(Set.of("admin", "publisher", "reader"), mapping.roles(List.of("granary-admins")));
        assertEquals(Set.of("publisher", "reader"), mapping.roles(List.of("release", "other")));
    }

    @Test
    void namesCompareWithoutCaseAsDirectoriesCompareThem() {
        assertEquals(Set.of("publisher", "reader"), mapping.roles(List.of("DEVELOPERS")));
    }

    @Test
    void aUserInNoListedGroupGetsNoRoleUnlessReadersAreEveryone() {
        assertEquals(Set.of(), mapping.roles(List.of("sales")));
        assertEquals(Set.of(), mapping.roles(List.of()));
        RoleMapping everyoneReads = RoleMapping.of(null, "developers", "*");
        assertEquals(Set.of("reader"), everyoneReads.roles(List.of()));
        assertEquals(Set.of("publisher", "reader"), everyoneReads.roles(List.of("developers")));
    }
}
