package org.granary.core;

import org.granary.persistence.ArtifactEntry;

/** Turns an artifact row into the record that leaves core. */
final class StoredArtifacts {

    private StoredArtifacts() {
    }

    static StoredArtifact of(ArtifactEntry e) {
        return new StoredArtifact(e.getSize(), e.getSha1(), e.getSha256(), e.getSha512(), e.getContentType(),
                e.getFetchedAt());
    }
}
