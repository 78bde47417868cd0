package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A repository's publisher list names users, and directory groups as group:<name>. */
class PublisherListTest {

    private final List<String> publishers = List.of("ci-bot", "group:Developers");

    @Test
    void aUserNamedInTheListOrInANamedGroupMayPublish() {
        assertTrue(AccessRules.mayPublishByList(publishers, "ci-bot", Set.of()));
        assertTrue(AccessRules.mayPublishByList(publishers, "alice", Set.of("platform", "developers")));
    }

    @Test
    void otherUsersAndAUserNamedLikeTheGroupMayNot() {
        assertFalse(AccessRules.mayPublishByList(publishers, "bob", Set.of("granary-admins")));
        assertFalse(AccessRules.mayPublishByList(publishers, "Developers", Set.of()), "a user name is not a group");
    }
}
