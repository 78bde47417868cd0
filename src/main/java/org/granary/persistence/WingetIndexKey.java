package org.granary.persistence;

import java.util.Objects;

/**
 * A value to index, in the three forms the index compares: as written, folded to lower case, and fuzzy-folded
 * (computed by the WinGet format, which owns those rules).
 */
public record WingetIndexKey(String field, String value, String folded, String fuzzy) {
    public WingetIndexKey {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(folded, "folded");
        Objects.requireNonNull(fuzzy, "fuzzy");
    }
}
