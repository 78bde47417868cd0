package org.granary.persistence;

/** A document changed between the moment a writer read it and the moment it tried to commit its change. */
public class StaleDocumentException extends RuntimeException {

    public StaleDocumentException(String path) {
        super("document " + path + " was changed by another writer");
    }
}
