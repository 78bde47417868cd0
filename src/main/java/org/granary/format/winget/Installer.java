package org.granary.format.winget;

import jakarta.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One installer of a package version, with the manifest's root-level defaults applied.
 *
 * @param installerIdentifier       the REST source's key of the installer; {@code null} until one is assigned
 * @param installerType             the technology (required once defaults are applied)
 * @param nestedInstallerType       for {@code zip}: the type of the installer inside; else {@code null}
 * @param architecture              the target architecture
 * @param installerUrl              where it is downloaded from ({@code null} for {@code msstore})
 * @param installerSha256           its SHA-256, hex as the manifest writes it ({@code null} for {@code msstore})
 * @param scope                     {@code user}, {@code machine} or {@code null}
 * @param installerLocale           or {@code null}
 * @param productCode               the MSI/ARP product code, or {@code null}
 * @param packageFamilyName         the MSIX family name, or {@code null}
 * @param appsAndFeaturesEntries    what the installer writes to Programs and Features
 * @param markets                   where it may be offered, or {@code null} for everywhere
 * @param releaseDate               or {@code null}
 * @param commands                  command-line aliases it provides
 * @param desiredStateConfiguration the DSC resources it ships (contract 1.28), or {@code null}
 * @param other                     every further field (switches, return codes, dependencies, …) as the manifest has it
 */
public record Installer(String installerIdentifier, InstallerType installerType, InstallerType nestedInstallerType,
                        Architecture architecture, String installerUrl, String installerSha256, String scope,
                        String installerLocale, String productCode, String packageFamilyName,
                        List<AppsAndFeaturesEntry> appsAndFeaturesEntries, Markets markets, LocalDate releaseDate,
                        List<String> commands, JsonObject desiredStateConfiguration, JsonObject other) {

    public Installer {
        Objects.requireNonNull(installerType, "installerType");
        Objects.requireNonNull(architecture, "architecture");
        appsAndFeaturesEntries = List.copyOf(appsAndFeaturesEntries);
        commands = List.copyOf(commands);
        other = other == null ? JsonObject.EMPTY_JSON_OBJECT : other;
    }

    /** Whether a client in {@code market} (two upper-case letters) may be offered this installer. */
    public boolean availableIn(String market) {
        return markets == null || markets.includes(market);
    }

    /** The same installer downloaded from elsewhere (a proxy or mirror rewriting {@code InstallerUrl}). */
    public Installer withInstallerUrl(String url) {
        return new Installer(installerIdentifier, installerType, nestedInstallerType, architecture, url, installerSha256,
                scope, installerLocale, productCode, packageFamilyName, appsAndFeaturesEntries, markets, releaseDate,
                commands, desiredStateConfiguration, other);
    }

    /** The same installer under a REST key. */
    public Installer withInstallerIdentifier(String identifier) {
        return new Installer(identifier, installerType, nestedInstallerType, architecture, installerUrl, installerSha256,
                scope, installerLocale, productCode, packageFamilyName, appsAndFeaturesEntries, markets, releaseDate,
                commands, desiredStateConfiguration, other);
    }
}
