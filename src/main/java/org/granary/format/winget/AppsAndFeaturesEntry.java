package org.granary.format.winget;

/**
 * What an installer writes to Programs and Features (ARP), so that winget can recognise the installed program.
 * Every part may be {@code null}.
 */
public record AppsAndFeaturesEntry(String displayName, String publisher, String displayVersion, String productCode,
                                   String upgradeCode, InstallerType installerType) {
}
