package org.granary.format.winget;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One version of a package, complete: what a singleton manifest or a multi-file set (version, defaultLocale,
 * locale, installer) describes, and what one element of {@code packageManifests/{id}}'s {@code Versions} carries.
 *
 * @param packageIdentifier e.g. {@code Contoso.Tools}
 * @param packageVersion    e.g. {@code 1.2.0}
 * @param channel           {@code null} unless the manifest names one (winget ignores channels today)
 * @param manifestVersion   the schema version the manifest was written for, e.g. {@code 1.10.0}
 * @param defaultLocale     the localisation that must be complete (publisher, name, licence, short description)
 * @param locales           further localisations, each with only what differs
 * @param installers        one or more, with the root-level defaults of a manifest already applied
 */
public record WingetManifest(String packageIdentifier, String packageVersion, String channel, String manifestVersion,
                             Localization defaultLocale, List<Localization> locales, List<Installer> installers) {

    public WingetManifest {
        Objects.requireNonNull(packageIdentifier, "packageIdentifier");
        Objects.requireNonNull(packageVersion, "packageVersion");
        Objects.requireNonNull(defaultLocale, "defaultLocale");
        locales = List.copyOf(locales);
        installers = List.copyOf(installers);
    }

    /** Every package name: the default one, then each locale's. */
    public Set<String> packageNames() {
        Set<String> names = new LinkedHashSet<>();
        add(names, defaultLocale.packageName());
        locales.forEach(l -> add(names, l.packageName()));
        return names;
    }

    /** Tags of every localisation. */
    public Set<String> tags() {
        Set<String> tags = new LinkedHashSet<>(defaultLocale.tags());
        locales.forEach(l -> tags.addAll(l.tags()));
        return tags;
    }

    /** The product codes winget correlates installed programs with: the installers' and their ARP entries'. */
    public Set<String> productCodes() {
        Set<String> codes = new LinkedHashSet<>();
        for (Installer i : installers) {
            add(codes, i.productCode());
            i.appsAndFeaturesEntries().forEach(e -> add(codes, e.productCode()));
        }
        return codes;
    }

    public Set<String> upgradeCodes() {
        Set<String> codes = new LinkedHashSet<>();
        installers.forEach(i -> i.appsAndFeaturesEntries().forEach(e -> add(codes, e.upgradeCode())));
        return codes;
    }

    public Set<String> packageFamilyNames() {
        Set<String> names = new LinkedHashSet<>();
        installers.forEach(i -> add(names, i.packageFamilyName()));
        return names;
    }

    /** The {@code DisplayVersion}s of the ARP entries: what winget maps an installed version back with. */
    public Set<String> appsAndFeaturesVersions() {
        Set<String> versions = new LinkedHashSet<>();
        installers.forEach(i -> i.appsAndFeaturesEntries().forEach(e -> add(versions, e.displayVersion())));
        return versions;
    }

    public Set<String> commands() {
        Set<String> commands = new LinkedHashSet<>();
        installers.forEach(i -> commands.addAll(i.commands()));
        return commands;
    }

    /** The ARP display names, which winget also correlates by (normalised). */
    public List<String> appsAndFeaturesNames() {
        List<String> names = new ArrayList<>();
        installers.forEach(i -> i.appsAndFeaturesEntries().forEach(e -> add(names, e.displayName())));
        return names;
    }

    /** The same manifest with other installers (e.g. those available in one market). */
    public WingetManifest withInstallers(List<Installer> replaced) {
        return new WingetManifest(packageIdentifier, packageVersion, channel, manifestVersion, defaultLocale, locales,
                replaced);
    }

    private static void add(java.util.Collection<String> to, String value) {
        if (value != null && !value.isEmpty()) {
            to.add(value);
        }
    }
}
