package org.granary.storage;

import java.io.IOException;

/** The blob asked for does not exist. */
public class BlobNotFoundException extends IOException {
    public BlobNotFoundException(StoragePath path) {
        super("no blob at " + path);
    }
}
