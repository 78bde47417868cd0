package org.granary.format.winget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A package's document as repositories keep it, and what a client is shown of it: installers Granary serves under
 * the URL of the repository asked, a proxy's upstream URLs replaced by the proxy's own, a group's copies merged
 * hosted first, the query narrowing versions and installers.
 */
class WingetDocumentsTest {

    static final String REPO = "https://repo.example.test/granary/winget/";
    static final String SHA = WingetFixtures.SHA;

    static JsonObject installer(String id, String url, String market) {
        var b = Json.createObjectBuilder().add("InstallerIdentifier", id).add("Architecture", "x64")
                .add("InstallerType", "msi").add("InstallerUrl", url).add("InstallerSha256", SHA);
        if (market != null) {
            b.add("Markets", Json.createObjectBuilder().add("AllowedMarkets", Json.createArrayBuilder().add(market)));
        }
        return b.build();
    }

    static JsonObject version(String v, String publisher, JsonObject... installers) {
        var list = Json.createArrayBuilder();
        for (JsonObject i : installers) {
            list.add(i);
        }
        return Json.createObjectBuilder().add("PackageVersion", v).add("DefaultLocale", Json.createObjectBuilder()
                .add("PackageLocale", "en-US").add("Publisher", publisher).add("PackageName", "Tools")
                .add("ShortDescription", "Tools").add("License", "MIT")).add("Installers", list).build();
    }

    static JsonObject data(JsonObject... versions) {
        JsonObject d = WingetDocuments.empty("Contoso.Tools");
        for (JsonObject v : versions) {
            d = WingetDocuments.withVersion(d, v);
        }
        return d;
    }

    static List<String> versions(JsonObject data) {
        return WingetDocuments.versions(data).stream().map(v -> v.getString("PackageVersion")).toList();
    }

    static JsonObject firstInstaller(Optional<JsonObject> response) {
        return response.orElseThrow().getJsonObject("Data").getJsonArray("Versions").getJsonObject(0)
                .getJsonArray("Installers").getJsonObject(0);
    }

    @Test
    void anInstallerGranaryKeepsIsShownUnderTheRepositoryAskedAndOthersKeepTheirUrl() {
        JsonObject d = data(version("1.0", "Contoso",
                installer("ours", "installers/Contoso.Tools/1.0/setup+x.msi", null),
                installer("theirs", "https://downloads.example.test/other.msi", null)));

        Optional<JsonObject> shown = WingetDocuments.render(new WingetDocuments.Copy(d, false), REPO,
                ContractVersion.V1_10, null, null, null);

        var installers = shown.orElseThrow().getJsonObject("Data").getJsonArray("Versions").getJsonObject(0)
                .getJsonArray("Installers");
        assertEquals(REPO + "installers/Contoso.Tools/1.0/setup%2Bx.msi", installers.getJsonObject(0).getString("InstallerUrl"));
        assertEquals("https://downloads.example.test/other.msi", installers.getJsonObject(1).getString("InstallerUrl"));
    }

    @Test
    void aProxysCopyNamesEachInstallerByThePathTheProxyServesItAtKeyedBySha256() {
        JsonObject upstream = data(version("2.0", "Contoso",
                installer("x64", "https://cdn.example.test/dl/Tools%20Setup.msi?sig=1", null)));

        JsonObject served = WingetDocuments.proxied(upstream);

        assertEquals("installers/Contoso.Tools/2.0/" + SHA.toLowerCase() + "/Tools_Setup.msi",
                WingetDocuments.versions(served).get(0).getJsonArray("Installers").getJsonObject(0).getString("InstallerUrl"));
        assertEquals(REPO + "installers/Contoso.Tools/2.0/" + SHA.toLowerCase() + "/Tools_Setup.msi",
                firstInstaller(WingetDocuments.render(new WingetDocuments.Copy(upstream, true), REPO,
                        ContractVersion.V1_28, null, null, null)).getString("InstallerUrl"));
    }

    @Test
    void aGroupHasEveryMembersVersionsNewestFirstAndTheHostedCopyWinsAVersionBothHave() {
        JsonObject hosted = data(version("1.10", "hosted", installer("a", "installers/Contoso.Tools/1.10/a.msi", null)));
        JsonObject proxied = data(version("1.10", "upstream", installer("a", "https://cdn.example.test/a.msi", null)),
                version("1.9", "upstream", installer("a", "https://cdn.example.test/a9.msi", null)));

        JsonObject merged = WingetDocuments.merge(List.of(new WingetDocuments.Copy(hosted, false),
                new WingetDocuments.Copy(proxied, true)));

        assertEquals(List.of("1.10", "1.9"), versions(merged), "winget's order: 1.10 after 1.9");
        assertEquals("hosted", WingetDocuments.versions(merged).get(0).getJsonObject("DefaultLocale").getString("Publisher"));
        assertTrue(WingetDocuments.versions(merged).get(1).getJsonArray("Installers").getJsonObject(0)
                .getString("InstallerUrl").startsWith("installers/Contoso.Tools/1.9/"), "the proxy's installers, proxied");
    }

    @Test
    void theQueryNarrowsVersionsAndMarketsAndNothingLeftIsNoAnswer() {
        JsonObject d = data(version("1.0", "Contoso", installer("us", "https://d.example.test/us.msi", "US"),
                installer("any", "https://d.example.test/any.msi", null)), version("2.0", "Contoso",
                installer("ca", "https://d.example.test/ca.msi", "CA")));
        WingetDocuments.Copy copy = new WingetDocuments.Copy(d, false);

        Optional<JsonObject> inGermany = WingetDocuments.render(copy, REPO, ContractVersion.V1_10, null, null, "DE");
        Optional<JsonObject> v1InUs = WingetDocuments.render(copy, REPO, ContractVersion.V1_10, "1.0", null, "US");

        var versions = inGermany.orElseThrow().getJsonObject("Data").getJsonArray("Versions");
        assertEquals(1, versions.size(), "2.0 has no installer offered in DE");
        assertEquals("any", versions.getJsonObject(0).getJsonArray("Installers").getJsonObject(0)
                .getString("InstallerIdentifier"));
        assertEquals(2, v1InUs.orElseThrow().getJsonObject("Data").getJsonArray("Versions").getJsonObject(0)
                .getJsonArray("Installers").size());
        assertEquals(Optional.empty(), WingetDocuments.render(copy, REPO, ContractVersion.V1_10, "3.0", null, null));
        assertEquals(Optional.empty(), WingetDocuments.render(copy, REPO, ContractVersion.V1_10, "2.0", "beta", null));
    }

    @Test
    void replacingAndDeletingVersionsKeepsTheRestAndTheirInstallerPaths() {
        JsonObject d = data(version("1.0", "Contoso", installer("a", "installers/Contoso.Tools/1.0/a.msi", null)),
                version("2.0", "Contoso", installer("a", "installers/Contoso.Tools/2.0/a.msi", null)));

        JsonObject replaced = WingetDocuments.withVersion(d, version("2.0", "Contoso Ltd",
                installer("a", "https://d.example.test/a.msi", null)));
        JsonObject deleted = WingetDocuments.withoutVersion(replaced, "1.0");

        assertEquals(List.of("2.0", "1.0"), versions(replaced));
        assertEquals(java.util.Set.of("installers/Contoso.Tools/1.0/a.msi"),
                WingetDocuments.installerPaths(WingetDocuments.versions(replaced)));
        assertEquals(List.of("2.0"), versions(deleted));
        assertEquals(java.util.Set.of(), WingetDocuments.installerPaths(WingetDocuments.versions(deleted)));
    }

    @Test
    void storedVersionsGetAnInstallerIdentifierEachUniqueAndReadable() {
        WingetManifest m = WingetFixtures.manifest("Contoso.Tools", "1.0", WingetFixtures.locale("Tools", "Contoso", null,
                List.of()), WingetFixtures.installer(InstallerType.MSI, null, null, List.of(), null, List.of()),
                WingetFixtures.installer(InstallerType.MSI, null, null, List.of(), null, List.of()));

        JsonObject stored = WingetDocuments.stored(m, i -> i);

        assertEquals(List.of("x64-msi", "x64-msi-2"), stored.getJsonArray("Installers").stream()
                .map(i -> i.asJsonObject().getString("InstallerIdentifier")).toList());
    }

    @Test
    void aDocumentIsReadFromTheStoredFormOrAnUpstreamsAnswerAndGarbageIsRefused() throws IOException {
        JsonObject d = data(version("1.0", "Contoso", installer("a", "https://d.example.test/a.msi", null)));

        assertEquals(d, WingetDocuments.data(WingetDocuments.document(d)));
        assertEquals(d, WingetDocuments.data(d.toString().getBytes()));
        for (String garbage : List.of("[]", "{\"Data\":{}}", "not json", "{\"Data\":{\"PackageIdentifier\":\"A.B\","
                + "\"Versions\":{}}}")) {
            try {
                WingetDocuments.data(garbage.getBytes());
                throw new AssertionError("accepted " + garbage);
            } catch (IOException expected) {
                assertTrue(!expected.getMessage().isBlank());
            }
        }
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, WingetDocuments.empty("A.B").getJsonArray("Versions"));
    }
}
