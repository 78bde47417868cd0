package org.granary.format.winget;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a search condition looks at ({@code PackageMatchField}). {@code NormalizedPackageNameAndPublisher} is the
 * package name normalised the way winget correlates installed programs (see {@link NameNormalizer}; winget's REST
 * client sends only the name part). {@code Market} matches a version available in that market.
 * {@code HasInstallerType} (restsource OpenAPI) matches a version with an installer of that type.
 */
public enum PackageMatchField {
    PACKAGE_IDENTIFIER("PackageIdentifier"),
    PACKAGE_NAME("PackageName"),
    MONIKER("Moniker"),
    COMMAND("Command"),
    TAG("Tag"),
    PACKAGE_FAMILY_NAME("PackageFamilyName"),
    PRODUCT_CODE("ProductCode"),
    UPGRADE_CODE("UpgradeCode"),
    NORMALIZED_PACKAGE_NAME_AND_PUBLISHER("NormalizedPackageNameAndPublisher"),
    MARKET("Market"),
    HAS_INSTALLER_TYPE("HasInstallerType");

    private final String json;

    PackageMatchField(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<PackageMatchField> of(String value) {
        return Arrays.stream(values()).filter(f -> f.json.equalsIgnoreCase(value)).findFirst();
    }
}
