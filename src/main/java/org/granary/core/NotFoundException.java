package org.granary.core;

/** The thing asked for does not exist here or upstream (404). */
public class NotFoundException extends GranaryException {
    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 404;
    }
}
