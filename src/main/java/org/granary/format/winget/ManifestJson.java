package org.granary.format.winget;

import org.granary.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Manifests as the REST contract writes them, in full (no contract applied yet: see {@link ContractShape}):
 * one element of {@code packageManifests}' {@code Versions}, with {@code DefaultLocale}, {@code Locales} and
 * {@code Installers}. Reading expects a body that has passed the manifest schema (see {@link ManifestImport}).
 */
public final class ManifestJson {

    static final Set<String> LOCALE_TYPED = Set.of("PackageLocale", "Publisher", "PackageName", "ShortDescription",
            "Moniker", "Tags");
    static final Set<String> INSTALLER_TYPED = Set.of("InstallerIdentifier", "InstallerType", "NestedInstallerType",
            "Architecture", "InstallerUrl", "InstallerSha256", "Scope", "InstallerLocale", "ProductCode",
            "PackageFamilyName", "AppsAndFeaturesEntries", "Markets", "ReleaseDate", "Commands",
            "DesiredStateConfiguration");

    private ManifestJson() {
    }

    /** {@code {PackageIdentifier, Versions: [...]}}: the {@code Data} of {@code packageManifests/{id}}. */
    public static JsonObject packageManifest(String packageIdentifier, List<WingetManifest> versions) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        versions.forEach(v -> list.add(version(v)));
        return Json.createObjectBuilder().add("PackageIdentifier", packageIdentifier).add("Versions", list).build();
    }

    /** One element of {@code Versions}. */
    public static JsonObject version(WingetManifest m) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("PackageVersion", m.packageVersion());
        if (m.channel() != null) {
            b.add("Channel", m.channel());
        }
        b.add("DefaultLocale", localization(m.defaultLocale()));
        JsonArrayBuilder locales = Json.createArrayBuilder();
        m.locales().forEach(l -> locales.add(localization(l)));
        b.add("Locales", locales);
        JsonArrayBuilder installers = Json.createArrayBuilder();
        m.installers().forEach(i -> installers.add(installer(i)));
        return b.add("Installers", installers).build();
    }

    public static JsonObject localization(Localization l) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("PackageLocale", l.packageLocale());
        put(b, "Publisher", l.publisher());
        put(b, "PackageName", l.packageName());
        put(b, "ShortDescription", l.shortDescription());
        put(b, "Moniker", l.moniker());
        if (!l.tags().isEmpty()) {
            b.add("Tags", Json.createArrayBuilder(l.tags()));
        }
        l.other().forEach(b::add);
        return b.build();
    }

    public static JsonObject installer(Installer i) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        put(b, "InstallerIdentifier", i.installerIdentifier());
        b.add("Architecture", i.architecture().json());
        b.add("InstallerType", i.installerType().json());
        if (i.nestedInstallerType() != null) {
            b.add("NestedInstallerType", i.nestedInstallerType().json());
        }
        put(b, "InstallerUrl", i.installerUrl());
        put(b, "InstallerSha256", i.installerSha256());
        put(b, "Scope", i.scope());
        put(b, "InstallerLocale", i.installerLocale());
        put(b, "ProductCode", i.productCode());
        put(b, "PackageFamilyName", i.packageFamilyName());
        if (i.releaseDate() != null) {
            b.add("ReleaseDate", i.releaseDate().toString());
        }
        if (!i.commands().isEmpty()) {
            b.add("Commands", Json.createArrayBuilder(i.commands()));
        }
        if (!i.appsAndFeaturesEntries().isEmpty()) {
            JsonArrayBuilder entries = Json.createArrayBuilder();
            for (AppsAndFeaturesEntry e : i.appsAndFeaturesEntries()) {
                JsonObjectBuilder eb = Json.createObjectBuilder();
                put(eb, "DisplayName", e.displayName());
                put(eb, "Publisher", e.publisher());
                put(eb, "DisplayVersion", e.displayVersion());
                put(eb, "ProductCode", e.productCode());
                put(eb, "UpgradeCode", e.upgradeCode());
                if (e.installerType() != null) {
                    eb.add("InstallerType", e.installerType().json());
                }
                entries.add(eb);
            }
            b.add("AppsAndFeaturesEntries", entries);
        }
        if (i.markets() != null) {
            JsonObjectBuilder mb = Json.createObjectBuilder();
            if (!i.markets().allowedMarkets().isEmpty()) {
                mb.add("AllowedMarkets", Json.createArrayBuilder(i.markets().allowedMarkets()));
            }
            if (!i.markets().excludedMarkets().isEmpty()) {
                mb.add("ExcludedMarkets", Json.createArrayBuilder(i.markets().excludedMarkets()));
            }
            b.add("Markets", mb);
        }
        if (i.desiredStateConfiguration() != null) {
            b.add("DesiredStateConfiguration", i.desiredStateConfiguration());
        }
        i.other().forEach(b::add);
        return b.build();
    }

    // ------------------------------------------------------------------ reading

    /** Reads one element of {@code Versions} (schema-valid). */
    public static WingetManifest readVersion(String packageIdentifier, String manifestVersion, JsonObject v) {
        Localization defaultLocale = readLocalization(v.getJsonObject("DefaultLocale"));
        List<Localization> locales = new ArrayList<>();
        for (JsonValue l : array(v, "Locales")) {
            locales.add(readLocalization(l.asJsonObject()));
        }
        List<Installer> installers = new ArrayList<>();
        for (JsonValue i : array(v, "Installers")) {
            installers.add(readInstaller(i.asJsonObject()));
        }
        return new WingetManifest(packageIdentifier, string(v, "PackageVersion"), string(v, "Channel"), manifestVersion,
                defaultLocale, locales, installers);
    }

    public static Localization readLocalization(JsonObject o) {
        return new Localization(string(o, "PackageLocale"), string(o, "Publisher"), string(o, "PackageName"),
                string(o, "ShortDescription"), string(o, "Moniker"), strings(o, "Tags"), without(o, LOCALE_TYPED));
    }

    /**
     * Reads an installer (schema-valid, defaults applied).
     *
     * @throws IllegalArgumentException if it has no known InstallerType or Architecture, or a ReleaseDate that is
     *                                  no date (the caller reports it)
     */
    public static Installer readInstaller(JsonObject o) {
        InstallerType type = InstallerType.of(string(o, "InstallerType"))
                .orElseThrow(() -> new IllegalArgumentException("InstallerType is missing or unknown"));
        Architecture arch = Architecture.of(string(o, "Architecture"))
                .orElseThrow(() -> new IllegalArgumentException("Architecture is missing or unknown"));
        List<AppsAndFeaturesEntry> entries = new ArrayList<>();
        for (JsonValue e : array(o, "AppsAndFeaturesEntries")) {
            JsonObject eo = e.asJsonObject();
            entries.add(new AppsAndFeaturesEntry(string(eo, "DisplayName"), string(eo, "Publisher"),
                    string(eo, "DisplayVersion"), string(eo, "ProductCode"), string(eo, "UpgradeCode"),
                    InstallerType.of(string(eo, "InstallerType")).orElse(null)));
        }
        Markets markets = null;
        if (o.get("Markets") instanceof JsonObject mo) {
            markets = new Markets(strings(mo, "AllowedMarkets"), strings(mo, "ExcludedMarkets"));
        }
        LocalDate releaseDate = null;
        String date = string(o, "ReleaseDate");
        if (date != null) {
            try {
                releaseDate = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("ReleaseDate '" + date + "' is not a date such as 2024-05-31");
            }
        }
        JsonObject dsc = o.get("DesiredStateConfiguration") instanceof JsonObject d ? d : null;
        return new Installer(string(o, "InstallerIdentifier"), type,
                InstallerType.of(string(o, "NestedInstallerType")).orElse(null), arch, string(o, "InstallerUrl"),
                string(o, "InstallerSha256"), string(o, "Scope"), string(o, "InstallerLocale"), string(o, "ProductCode"),
                string(o, "PackageFamilyName"), entries, markets, releaseDate, strings(o, "Commands"), dsc,
                without(o, INSTALLER_TYPED));
    }

    // ------------------------------------------------------------------ helpers

    static String string(JsonObject o, String key) {
        return o != null && o.get(key) instanceof JsonString s ? s.getString() : null;
    }

    static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        for (JsonValue v : array(o, key)) {
            if (v instanceof JsonString s) {
                out.add(s.getString());
            }
        }
        return out;
    }

    static JsonArray array(JsonObject o, String key) {
        return o != null && o.get(key) instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
    }

    static JsonObject without(JsonObject o, Set<String> keys) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            if (!keys.contains(e.getKey()) && e.getValue().getValueType() != JsonValue.ValueType.NULL) {
                b.add(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    private static void put(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }
}
