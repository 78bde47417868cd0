package org.granary.format.winget;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;

/** Small manifests for the search and rendering tests. */
final class WingetFixtures {

    static final String SHA = "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90";

    private WingetFixtures() {
    }

    static Localization locale(String name, String publisher, String moniker, List<String> tags) {
        return new Localization("en-US", publisher, name, "About " + name, moniker, tags, JsonObject.EMPTY_JSON_OBJECT);
    }

    static Installer installer(InstallerType type, String productCode, String familyName, List<AppsAndFeaturesEntry> arp,
                               Markets markets, List<String> commands) {
        return new Installer(null, type, null, Architecture.X64, "https://downloads.example.test/" + type.json(), SHA,
                null, null, productCode, familyName, arp, markets, null, commands, null, JsonObject.EMPTY_JSON_OBJECT);
    }

    static WingetManifest manifest(String id, String version, Localization locale, Installer... installers) {
        return new WingetManifest(id, version, null, "1.28.0", locale, List.of(), List.of(installers));
    }

    /** Four packages, two versions of one, covering every searchable field. */
    static List<WingetManifest> catalogue() {
        return List.of(
                manifest("Contoso.VisualEditor", "2.0.1", locale("Visual Editor", "Contoso Ltd", "vedit", List.of("editor", "text")),
                        installer(InstallerType.MSI, "{AAAA-0001}", null,
                                List.of(new AppsAndFeaturesEntry("Contoso Visual Editor 2.0 (x64)", "Contoso", "2.0.1.0",
                                        null, "{UUUU-0001}", InstallerType.MSI)), null, List.of("vedit"))),
                manifest("Contoso.VisualEditor", "1.9.0", locale("Visual Editor", "Contoso Ltd", "vedit", List.of("editor")),
                        installer(InstallerType.MSI, "{AAAA-0000}", null, List.of(), null, List.of("vedit"))),
                manifest("Fabrikam.Zip", "10.0", locale("Fabrikam Zíp", "Fabrikam", "fzip", List.of("archive")),
                        installer(InstallerType.MSIX, null, "Fabrikam.Zip_8wekyb3d8bbwe", List.of(),
                                new Markets(List.of("US"), List.of()), List.of("fzip", "unzip"))),
                manifest("Northwind.Font", "1.0", locale("Northwind Sans", "Northwind", null, List.of("font")),
                        installer(InstallerType.FONT, null, null, List.of(), new Markets(List.of(), List.of("US")),
                                List.of())),
                manifest("Tailspin.Toys", "3.1.4", locale("Tailspin Toys", "Tailspin", "toys", List.of("games")),
                        installer(InstallerType.EXE, "{BBBB-0001}", null, List.of(), null, List.of("toys"))));
    }

    static JsonObject body(String json) {
        return Json.createReader(new java.io.StringReader(json)).readObject();
    }
}
