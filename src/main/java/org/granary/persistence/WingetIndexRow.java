package org.granary.persistence;

/** One indexed value as read back: enough to build a search result's package summary. */
public record WingetIndexRow(String packageIdentifier, String packageVersion, String field, String value) {
}
