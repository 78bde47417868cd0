package org.granary.core;

/** The client's request is malformed: a bad name, version or path (400). */
public class InvalidRequestException extends GranaryException {
    public InvalidRequestException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 400;
    }
}
