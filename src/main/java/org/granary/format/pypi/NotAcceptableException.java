package org.granary.format.pypi;

import org.granary.core.GranaryException;

/** The client accepts none of the Simple API's representations (406), as PEP 691 allows a server to say. */
public class NotAcceptableException extends GranaryException {

    public NotAcceptableException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 406;
    }
}
