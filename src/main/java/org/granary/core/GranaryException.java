package org.granary.core;

/** A failure with an HTTP meaning and a message fit for the client. Mapped to a response in one place. */
public abstract class GranaryException extends RuntimeException {

    protected GranaryException(String message) {
        super(message);
    }

    protected GranaryException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract int status();
}
