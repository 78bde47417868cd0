package org.granary.core;

/** The caller is known but may not do this (403). */
public class ForbiddenException extends GranaryException {
    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 403;
    }
}
