package org.granary.format.winget;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The processor architecture an installer targets. */
public enum Architecture {
    X86("x86"), X64("x64"), ARM("arm"), ARM64("arm64"), NEUTRAL("neutral");

    private final String json;

    Architecture(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<Architecture> of(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.json.equals(v)).findFirst();
    }
}
