package org.granary.persistence;

import java.util.List;

/**
 * "Field {@code field} has a value that … one of {@code values}". Several values of one condition are
 * alternatives (an SQL {@code IN} list for the equalities).
 */
public record WingetIndexCondition(String field, Comparison comparison, List<String> values) {

    public WingetIndexCondition {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a condition needs at least one value");
        }
        values = List.copyOf(values);
    }

    public enum Comparison {
        /** The value as written equals one of the values. */
        EXACT,
        /** The folded value equals one of the (folded) values. */
        FOLDED_EQUALS,
        /** The folded value is {@code LIKE} one of the patterns ({@code \} escapes). */
        FOLDED_LIKE,
        /** The fuzzy-folded value equals one of the values. */
        FUZZY_EQUALS,
        /** The fuzzy-folded value is {@code LIKE} one of the patterns. */
        FUZZY_LIKE
    }
}
