package org.granary.core;

/** The upstream's bytes do not match the hash its metadata declares; nothing was cached (502). */
public class IntegrityException extends UpstreamFailureException {
    public IntegrityException(String message) {
        super(message);
    }
}
