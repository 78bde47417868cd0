package org.granary.persistence;

import java.util.List;

/** Everything the index holds for one package version of one repository. */
public record WingetIndexVersion(long repositoryId, String packageIdentifier, String packageSort, String packageVersion,
                                 List<WingetIndexKey> keys) {
    public WingetIndexVersion {
        keys = List.copyOf(keys);
    }
}
