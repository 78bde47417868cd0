package org.granary.core;

import java.util.Locale;

/** The package ecosystems Granary speaks. */
public enum Format {
    NPM, PYPI, CARGO, MAVEN, GO, WINGET;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
