package org.granary.storage;

/** A path that is not a safe storage key. The message is fit to show to a client. */
public class InvalidPathException extends IllegalArgumentException {
    public InvalidPathException(String message) {
        super(message);
    }
}
