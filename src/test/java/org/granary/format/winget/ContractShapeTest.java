package org.granary.format.winget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a client of each served contract is shown, field by field and value by value: a table of what winget-cli's
 * REST deserialisers learned in which contract ({@code Rest/Schema/1_x/Json/ManifestDeserializer_1_x.cpp}), checked
 * for every contract from 1.1.0 to 1.28.0. A client must never receive what it cannot parse.
 */
class ContractShapeTest {

    /** One row: what is looked at, the first contract that may see it, and how to find it in a shaped version. */
    record Row(String what, ContractVersion since, JsonObject installer, JsonObject locale, Probe seen) {
    }

    @FunctionalInterface
    interface Probe {
        boolean in(Optional<JsonObject> shapedVersion);
    }

    static final JsonObject MSI = Json.createObjectBuilder().add("InstallerIdentifier", "x64-msi")
            .add("Architecture", "x64").add("InstallerType", "msi")
            .add("InstallerUrl", "https://downloads.example.test/a.msi").add("InstallerSha256", WingetFixtures.SHA).build();
    static final JsonObject LOCALE = Json.createObjectBuilder().add("PackageLocale", "en-US").add("Publisher", "Contoso")
            .add("PackageName", "Tools").add("ShortDescription", "Tools").add("License", "MIT").build();

    static Row installerField(String field, ContractVersion since, jakarta.json.JsonValue value) {
        return new Row("installer field " + field, since, Json.createObjectBuilder(MSI).add(field, value).build(), LOCALE,
                v -> v.map(x -> x.getJsonArray("Installers").getJsonObject(0).containsKey(field)).orElse(false));
    }

    static Row localeField(String field, ContractVersion since) {
        return new Row("locale field " + field, since, MSI, Json.createObjectBuilder(LOCALE).add(field, "x").build(),
                v -> v.map(x -> x.getJsonObject("DefaultLocale").containsKey(field)).orElse(false));
    }

    static Row installerType(String type, ContractVersion since) {
        return new Row("InstallerType " + type, since, Json.createObjectBuilder(MSI).add("InstallerType", type).build(),
                LOCALE, Optional::isPresent);
    }

    static List<Row> rows() {
        jakarta.json.JsonValue yes = jakarta.json.JsonValue.TRUE;
        return List.of(
                installerField("ReleaseDate", ContractVersion.V1_1, Json.createValue("2024-05-31")),
                installerField("ElevationRequirement", ContractVersion.V1_1, Json.createValue("elevatesSelf")),
                installerField("DisplayInstallWarnings", ContractVersion.V1_4, yes),
                installerField("DownloadCommandProhibited", ContractVersion.V1_6, yes),
                installerField("RepairBehavior", ContractVersion.V1_7, Json.createValue("modify")),
                installerField("ArchiveBinariesDependOnPath", ContractVersion.V1_9, yes),
                installerField("Authentication", ContractVersion.V1_10, Json.createObjectBuilder()
                        .add("AuthenticationType", "microsoftEntraId").build()),
                installerField("DesiredStateConfiguration", ContractVersion.V1_28, Json.createObjectBuilder().build()),
                localeField("ReleaseNotes", ContractVersion.V1_1),
                localeField("PurchaseUrl", ContractVersion.V1_4),
                localeField("InstallationNotes", ContractVersion.V1_4),
                installerType("msi", ContractVersion.V1_1),
                installerType("msstore", ContractVersion.V1_1),
                installerType("portable", ContractVersion.V1_4),
                installerType("zip", ContractVersion.V1_4),
                installerType("font", ContractVersion.V1_12),
                new Row("InstallerSwitches.Repair", ContractVersion.V1_7, Json.createObjectBuilder(MSI)
                        .add("InstallerSwitches", Json.createObjectBuilder().add("Silent", "/q").add("Repair", "/r")).build(),
                        LOCALE, v -> v.orElseThrow().getJsonArray("Installers").getJsonObject(0)
                        .getJsonObject("InstallerSwitches").containsKey("Repair")),
                new Row("UpgradeBehavior deny", ContractVersion.V1_6, Json.createObjectBuilder(MSI)
                        .add("UpgradeBehavior", "deny").build(), LOCALE, v -> {
                    JsonObject i = v.orElseThrow().getJsonArray("Installers").getJsonObject(0);
                    // before 1.6 the nearest meaning winget knows: pinned from upgrade
                    assertEquals(!i.containsKey("UpgradeBehavior"), i.getBoolean("RequireExplicitUpgrade", false));
                    return i.containsKey("UpgradeBehavior");
                }),
                new Row("ExpectedReturnCodes custom", ContractVersion.V1_4, Json.createObjectBuilder(MSI)
                        .add("ExpectedReturnCodes", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("InstallerReturnCode", 7).add("ReturnResponse", "custom"))).build(), LOCALE,
                        v -> !v.orElseThrow().getJsonArray("Installers").getJsonObject(0)
                                .getJsonArray("ExpectedReturnCodes").isEmpty()));
    }

    static Stream<Arguments> table() {
        List<Arguments> out = new ArrayList<>();
        for (Row r : rows()) {
            for (ContractVersion c : ContractVersion.SERVED) {
                out.add(Arguments.of(r.what(), c, r));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} for a {1} client")
    @MethodSource("table")
    void aClientSeesOnlyWhatItsContractKnows(String what, ContractVersion contract, Row row) {
        JsonObject version = Json.createObjectBuilder().add("PackageVersion", "1.0").add("DefaultLocale", row.locale())
                .add("Installers", Json.createArrayBuilder().add(row.installer())).build();

        Optional<JsonObject> shaped = ContractShape.version(version, contract);

        assertEquals(contract.atLeast(row.since()), row.seen().in(shaped), what + " for " + contract);
    }

    @ParameterizedTest(name = "search results for a {0} client")
    @MethodSource("contracts")
    void searchResultsCarryUpgradeCodesAndArpVersionsFrom14(ContractVersion contract) {
        JsonObject v = Json.createObjectBuilder().add("PackageVersion", "1.0").add("ProductCodes", Json.createArrayBuilder())
                .add("UpgradeCodes", Json.createArrayBuilder().add("{U}"))
                .add("AppsAndFeaturesEntryVersions", Json.createArrayBuilder().add("1.0.0.0")).build();

        JsonObject shaped = ContractShape.searchVersion(v, contract);

        assertEquals(contract.atLeast(ContractVersion.V1_4), shaped.containsKey("UpgradeCodes"));
        assertEquals(contract.atLeast(ContractVersion.V1_4), shaped.containsKey("AppsAndFeaturesEntryVersions"));
        assertEquals(true, shaped.containsKey("ProductCodes"));
    }

    @ParameterizedTest(name = "information for a {0} client")
    @MethodSource("contracts")
    void informationAnnouncesAuthenticationFrom17AndListsEveryServedContract(ContractVersion contract) {
        JsonObject data = WingetResponses.information(SourceInformation.of("Granary.winget"), contract).getJsonObject("Data");

        assertEquals(contract.atLeast(ContractVersion.V1_7), data.containsKey("Authentication"));
        assertEquals(ContractVersion.servedList(), data.getJsonArray("ServerSupportedVersions")
                .getValuesAs(jakarta.json.JsonString::getString));
    }

    static Stream<ContractVersion> contracts() {
        return ContractVersion.SERVED.stream();
    }
}
