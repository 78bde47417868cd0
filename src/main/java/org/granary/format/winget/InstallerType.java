package org.granary.format.winget;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The installer technologies of the manifest schemas, with the first contract whose client can use each one
 * ({@code null}: none can). winget's REST deserialisers learn {@code msstore} in 1.1, {@code portable} in 1.4 and
 * {@code font} in 1.12; {@code zip} parses from 1.0 but is useless without the nested-installer fields of 1.4;
 * {@code pwa} is in the schemas but no client knows it.
 */
public enum InstallerType {
    MSIX("msix", ContractVersion.V1_0),
    MSI("msi", ContractVersion.V1_0),
    APPX("appx", ContractVersion.V1_0),
    EXE("exe", ContractVersion.V1_0),
    INNO("inno", ContractVersion.V1_0),
    NULLSOFT("nullsoft", ContractVersion.V1_0),
    WIX("wix", ContractVersion.V1_0),
    BURN("burn", ContractVersion.V1_0),
    MSSTORE("msstore", ContractVersion.V1_1),
    ZIP("zip", ContractVersion.V1_4),
    PORTABLE("portable", ContractVersion.V1_4),
    FONT("font", ContractVersion.V1_12),
    PWA("pwa", null);

    private final String json;
    private final ContractVersion since;

    InstallerType(String json, ContractVersion since) {
        this.json = json;
        this.since = since;
    }

    /** The value as manifests and REST bodies write it. */
    public String json() {
        return json;
    }

    /** Whether a client speaking {@code contract} can install with this type. */
    public boolean knownTo(ContractVersion contract) {
        return since != null && contract.atLeast(since);
    }

    /** Case-insensitive, as winget reads it. */
    public static Optional<InstallerType> of(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.json.equals(v)).findFirst();
    }
}
