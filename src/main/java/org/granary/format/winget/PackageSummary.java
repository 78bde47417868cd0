package org.granary.format.winget;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a {@code manifestSearch} result: a package with every version and what winget correlates installed
 * programs by. Versions come newest first.
 */
public record PackageSummary(String packageIdentifier, String packageName, String publisher,
                             List<VersionSummary> versions) {

    public PackageSummary {
        Objects.requireNonNull(packageIdentifier, "packageIdentifier");
        versions = versions.stream().sorted(Comparator.comparing(VersionSummary::packageVersion,
                WingetVersionOrder.INSTANCE).reversed()).toList();
    }

    public record VersionSummary(String packageVersion, String channel, List<String> packageFamilyNames,
                                 List<String> productCodes, List<String> upgradeCodes,
                                 List<String> appsAndFeaturesEntryVersions) {
        public VersionSummary {
            packageFamilyNames = List.copyOf(packageFamilyNames);
            productCodes = List.copyOf(productCodes);
            upgradeCodes = List.copyOf(upgradeCodes);
            appsAndFeaturesEntryVersions = List.copyOf(appsAndFeaturesEntryVersions);
        }

        public static VersionSummary of(WingetManifest m) {
            return new VersionSummary(m.packageVersion(), m.channel(), new ArrayList<>(m.packageFamilyNames()),
                    new ArrayList<>(m.productCodes()), new ArrayList<>(m.upgradeCodes()),
                    new ArrayList<>(m.appsAndFeaturesVersions()));
        }
    }

    /** The summary of one package's versions; name and publisher are those of its newest version. */
    public static PackageSummary of(List<WingetManifest> versions) {
        WingetManifest newest = versions.stream()
                .max(Comparator.comparing(WingetManifest::packageVersion, WingetVersionOrder.INSTANCE)).orElseThrow();
        return new PackageSummary(newest.packageIdentifier(), newest.defaultLocale().packageName(),
                newest.defaultLocale().publisher(), versions.stream().map(VersionSummary::of).toList());
    }
}
