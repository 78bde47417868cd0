package org.granary.format.winget;

import static org.granary.format.winget.ContractVersion.V1_0;
import static org.granary.format.winget.ContractVersion.V1_1;
import static org.granary.format.winget.ContractVersion.V1_10;
import static org.granary.format.winget.ContractVersion.V1_28;
import static org.granary.format.winget.ContractVersion.V1_4;
import static org.granary.format.winget.ContractVersion.V1_5;
import static org.granary.format.winget.ContractVersion.V1_6;
import static org.granary.format.winget.ContractVersion.V1_7;
import static org.granary.format.winget.ContractVersion.V1_9;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cuts a full manifest or search body down to what a client of one contract can read: only the fields its
 * deserialisers know, only enum values they know; an installer it could not use is left out, and a version
 * with no installer left is left out. The tables follow winget-cli's REST deserialisers
 * ({@code Rest/Schema/1_x/Json/ManifestDeserializer_1_x.cpp}): a field not listed is never sent.
 * <p>
 * Works on JSON so that it shapes hosted manifests and bodies fetched from an upstream source alike.
 */
public final class ContractShape {

    private static final Map<String, ContractVersion> VERSION_FIELDS = table(
            V1_0, "PackageVersion", "Channel", "DefaultLocale", "Locales", "Installers");

    private static final Map<String, ContractVersion> LOCALE_FIELDS = table(
            V1_0, "PackageLocale", "Publisher", "PublisherUrl", "PublisherSupportUrl", "PrivacyUrl", "Author",
            "PackageName", "PackageUrl", "License", "LicenseUrl", "Copyright", "CopyrightUrl", "ShortDescription",
            "Description", "Tags",
            V1_1, "ReleaseNotes", "ReleaseNotesUrl", "Agreements",
            V1_4, "InstallationNotes", "PurchaseUrl", "Documentations",
            V1_5, "Icons");

    private static final Map<String, ContractVersion> INSTALLER_FIELDS = table(
            V1_0, "InstallerIdentifier", "InstallerSha256", "InstallerUrl", "Architecture", "InstallerLocale",
            "Platform", "MinimumOSVersion", "InstallerType", "Scope", "SignatureSha256", "InstallModes",
            "InstallerSwitches", "InstallerSuccessCodes", "UpgradeBehavior", "Commands", "Protocols", "FileExtensions",
            "Dependencies", "PackageFamilyName", "ProductCode", "Capabilities", "RestrictedCapabilities",
            V1_1, "MSStoreProductIdentifier", "ReleaseDate", "InstallerAbortsTerminal", "InstallLocationRequired",
            "RequireExplicitUpgrade", "ElevationRequirement", "UnsupportedOSArchitectures", "AppsAndFeaturesEntries",
            "Markets", "ExpectedReturnCodes",
            V1_4, "NestedInstallerType", "DisplayInstallWarnings", "UnsupportedArguments", "NestedInstallerFiles",
            "InstallationMetadata",
            V1_6, "DownloadCommandProhibited",
            V1_7, "RepairBehavior",
            V1_9, "ArchiveBinariesDependOnPath",
            V1_10, "Authentication",
            V1_28, "DesiredStateConfiguration");

    private static final Map<String, ContractVersion> SWITCHES = table(
            V1_0, "Silent", "SilentWithProgress", "Interactive", "InstallLocation", "Log", "Upgrade", "Custom",
            V1_7, "Repair");

    private static final Map<String, ContractVersion> RETURN_CODE_FIELDS = table(
            V1_1, "InstallerReturnCode", "ReturnResponse",
            V1_4, "ReturnResponseUrl");

    /** {@code ExpectedReturnCodes[].ReturnResponse}, lower-cased as winget compares them. */
    private static final Map<String, ContractVersion> RETURN_RESPONSES = table(
            V1_1, "packageinuse", "installinprogress", "fileinuse", "missingdependency", "diskfull",
            "insufficientmemory", "nonetwork", "contactsupport", "rebootrequiredtofinish", "rebootrequiredforinstall",
            "rebootinitiated", "cancelledbyuser", "alreadyinstalled", "downgrade", "blockedbypolicy",
            V1_4, "custom", "packageinusebyapplication", "invalidparameter", "systemnotsupported");

    private static final Map<String, ContractVersion> UPGRADE_BEHAVIORS = table(
            V1_0, "install", "uninstallprevious",
            V1_6, "deny");

    private static final Map<String, ContractVersion> SEARCH_VERSION_FIELDS = table(
            V1_0, "PackageVersion", "Channel", "PackageFamilyNames", "ProductCodes",
            V1_4, "UpgradeCodes", "AppsAndFeaturesEntryVersions");

    private ContractShape() {
    }

    /**
     * The {@code Data} of {@code packageManifests/{id}} for {@code contract}; empty when no version has an installer
     * that client can use.
     */
    public static Optional<JsonObject> packageManifest(JsonObject data, ContractVersion contract) {
        JsonArrayBuilder versions = Json.createArrayBuilder();
        int kept = 0;
        for (JsonValue v : ManifestJson.array(data, "Versions")) {
            Optional<JsonObject> shaped = version(v.asJsonObject(), contract);
            if (shaped.isPresent()) {
                versions.add(shaped.get());
                kept++;
            }
        }
        if (kept == 0) {
            return Optional.empty();
        }
        return Optional.of(Json.createObjectBuilder()
                .add("PackageIdentifier", data.getString("PackageIdentifier"))
                .add("Versions", versions).build());
    }

    /** One element of {@code Versions}; empty when no installer is left for {@code contract}. */
    public static Optional<JsonObject> version(JsonObject v, ContractVersion contract) {
        JsonArrayBuilder installers = Json.createArrayBuilder();
        int kept = 0;
        for (JsonValue i : ManifestJson.array(v, "Installers")) {
            Optional<JsonObject> shaped = installer(i.asJsonObject(), contract);
            if (shaped.isPresent()) {
                installers.add(shaped.get());
                kept++;
            }
        }
        if (kept == 0) {
            return Optional.empty();
        }
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : v.entrySet()) {
            if (!allowed(VERSION_FIELDS, e.getKey(), contract)) {
                continue;
            }
            switch (e.getKey()) {
                case "DefaultLocale" -> b.add("DefaultLocale", locale(e.getValue().asJsonObject(), contract, true));
                case "Locales" -> {
                    JsonArrayBuilder locales = Json.createArrayBuilder();
                    ManifestJson.array(v, "Locales").forEach(l -> locales.add(locale(l.asJsonObject(), contract, false)));
                    b.add("Locales", locales);
                }
                case "Installers" -> b.add("Installers", installers);
                default -> b.add(e.getKey(), e.getValue());
            }
        }
        return Optional.of(b.build());
    }

    static JsonObject locale(JsonObject l, ContractVersion contract, boolean defaultLocale) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : l.entrySet()) {
            if (allowed(LOCALE_FIELDS, e.getKey(), contract) || (defaultLocale && e.getKey().equals("Moniker"))) {
                b.add(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    /** An installer for {@code contract}; empty when that client does not know its type. */
    static Optional<JsonObject> installer(JsonObject i, ContractVersion contract) {
        if (!InstallerType.of(ManifestJson.string(i, "InstallerType")).map(t -> t.knownTo(contract)).orElse(false)) {
            return Optional.empty();
        }
        String nested = ManifestJson.string(i, "NestedInstallerType");
        if (nested != null && !InstallerType.of(nested).map(t -> t.knownTo(contract)).orElse(false)) {
            return Optional.empty();
        }
        JsonObjectBuilder b = Json.createObjectBuilder();
        boolean pinned = false;
        for (Map.Entry<String, JsonValue> e : i.entrySet()) {
            String key = e.getKey();
            if (!allowed(INSTALLER_FIELDS, key, contract)) {
                continue;
            }
            JsonValue value = e.getValue();
            switch (key) {
                case "InstallerSwitches" -> b.add(key, only(value.asJsonObject(), SWITCHES, contract));
                case "ExpectedReturnCodes" -> b.add(key, returnCodes(value, contract));
                case "AppsAndFeaturesEntries" -> b.add(key, appsAndFeatures(value, contract));
                case "UpgradeBehavior" -> {
                    if (value instanceof JsonString s && allowed(UPGRADE_BEHAVIORS, lower(s), contract)) {
                        b.add(key, value);
                    } else if (value instanceof JsonString s && lower(s).equals("deny")) {
                        // deny (1.6) is unknown before: the nearest older meaning is "pinned from upgrade" (1.1).
                        pinned = true;
                    }
                }
                default -> b.add(key, value);
            }
        }
        if (pinned && contract.atLeast(V1_1)) {
            b.add("RequireExplicitUpgrade", true);
        }
        return Optional.of(b.build());
    }

    /** One element of a {@code manifestSearch} result's {@code Versions} for {@code contract}. */
    public static JsonObject searchVersion(JsonObject v, ContractVersion contract) {
        return only(v, SEARCH_VERSION_FIELDS, contract);
    }

    private static JsonValue returnCodes(JsonValue codes, ContractVersion contract) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        if (codes.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue c : codes.asJsonArray()) {
                if (c instanceof JsonObject o && o.get("ReturnResponse") instanceof JsonString r
                        && allowed(RETURN_RESPONSES, lower(r), contract)) {
                    out.add(only(o, RETURN_CODE_FIELDS, contract));
                }
            }
        }
        return out.build();
    }

    private static JsonValue appsAndFeatures(JsonValue entries, ContractVersion contract) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        if (entries.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue e : entries.asJsonArray()) {
                if (!(e instanceof JsonObject o)) {
                    continue;
                }
                JsonObjectBuilder b = Json.createObjectBuilder();
                o.forEach((k, v) -> {
                    boolean typeUnknown = k.equals("InstallerType")
                            && !InstallerType.of(v instanceof JsonString s ? s.getString() : null)
                            .map(t -> t.knownTo(contract)).orElse(false);
                    if (!typeUnknown) {
                        b.add(k, v);
                    }
                });
                out.add(b);
            }
        }
        return out.build();
    }

    private static JsonObject only(JsonObject o, Map<String, ContractVersion> fields, ContractVersion contract) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        o.forEach((k, v) -> {
            if (allowed(fields, k, contract)) {
                b.add(k, v);
            }
        });
        return b.build();
    }

    private static boolean allowed(Map<String, ContractVersion> table, String key, ContractVersion contract) {
        ContractVersion since = table.get(key);
        return since != null && contract.atLeast(since);
    }

    private static String lower(JsonString s) {
        return s.getString().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code table(V1_0, "A", "B", V1_4, "C")}: each name with the contract written before it. */
    private static Map<String, ContractVersion> table(Object... entries) {
        Map<String, ContractVersion> t = new LinkedHashMap<>();
        ContractVersion since = null;
        for (Object e : entries) {
            if (e instanceof ContractVersion c) {
                since = c;
            } else {
                t.put((String) e, since);
            }
        }
        return Map.copyOf(t);
    }
}
