package org.granary.core;

/** The caller must authenticate (401); clients are told to send Basic or Bearer credentials. */
public class UnauthorizedException extends GranaryException {
    public UnauthorizedException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 401;
    }
}
