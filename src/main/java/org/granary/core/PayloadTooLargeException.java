package org.granary.core;

/** An upload is larger than the repository accepts (413). */
public class PayloadTooLargeException extends GranaryException {
    public PayloadTooLargeException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 413;
    }
}
