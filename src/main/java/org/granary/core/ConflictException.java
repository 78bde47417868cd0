package org.granary.core;

/** The thing exists already and may not be replaced, e.g. a released version (409). */
public class ConflictException extends GranaryException {
    public ConflictException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 409;
    }
}
