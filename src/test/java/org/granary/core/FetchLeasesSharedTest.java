package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which databases other servers can share, so that a miss must claim a fetch lease. */
class FetchLeasesSharedTest {

    @Test
    void theEmbeddedDefaultIsOneServersOwn() {
        assertFalse(FetchLeases.sharedDatabase("jdbc:h2:file:/var/lib/granary/db/granary;DB_CLOSE_ON_EXIT=FALSE;MODE=LEGACY"));
        assertFalse(FetchLeases.sharedDatabase("jdbc:h2:/tmp/x"));
        assertFalse(FetchLeases.sharedDatabase("jdbc:h2:mem:test"));
    }

    @Test
    void serverDatabasesAndAutoServerH2AreShared() {
        assertTrue(FetchLeases.sharedDatabase("jdbc:postgresql://db:5432/granary"));
        assertTrue(FetchLeases.sharedDatabase("jdbc:h2:tcp://db/granary"));
        assertTrue(FetchLeases.sharedDatabase("jdbc:h2:file:/shared/granary;AUTO_SERVER=TRUE"));
        assertTrue(FetchLeases.sharedDatabase(null));
    }
}
