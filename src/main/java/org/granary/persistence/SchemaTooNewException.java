package org.granary.persistence;

import java.util.List;

/**
 * The database was migrated by a newer Granary: it records change sets this version does not know. Starting
 * against it could write rows the newer schema does not expect, so the instance refuses to start.
 */
public class SchemaTooNewException extends IllegalStateException {

    private final List<String> unknownChangeSets;

    public SchemaTooNewException(List<String> unknownChangeSets) {
        super("The database schema is newer than this Granary: it has change sets this version does not know ("
                + String.join(", ", unknownChangeSets) + "), so a newer Granary has migrated it. Start that version "
                + "(or a newer one) against this database, or restore the backup taken before the upgrade; this "
                + "instance does not start, so that it writes nothing the newer schema does not expect.");
        this.unknownChangeSets = List.copyOf(unknownChangeSets);
    }

    public List<String> unknownChangeSets() {
        return unknownChangeSets;
    }
}
