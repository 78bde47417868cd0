package org.granary.core;

/** A write refused because the disk is below its free-space reserve (507 Insufficient Storage). */
public class InsufficientStorageException extends GranaryException {
    public InsufficientStorageException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 507;
    }
}
