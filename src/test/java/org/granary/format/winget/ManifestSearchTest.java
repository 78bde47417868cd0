package org.granary.format.winget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.granary.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestSearchTest {

    static final List<WingetManifest> CATALOGUE = WingetFixtures.catalogue();
    static final String EDITOR = "Contoso.VisualEditor";
    static final String ZIP = "Fabrikam.Zip";
    static final String FONT = "Northwind.Font";
    static final String TOYS = "Tailspin.Toys";

    /** Field × MatchType × keyword → the packages found (in identifier order). */
    static Stream<Arguments> cases() {
        return Stream.of(
                // PackageIdentifier
                Arguments.of("PackageIdentifier", "Exact", "Contoso.VisualEditor", List.of(EDITOR)),
                Arguments.of("PackageIdentifier", "Exact", "contoso.visualeditor", List.of()),
                Arguments.of("PackageIdentifier", "CaseInsensitive", "contoso.visualeditor", List.of(EDITOR)),
                Arguments.of("PackageIdentifier", "StartsWith", "fabrikam.", List.of(ZIP)),
                Arguments.of("PackageIdentifier", "Substring", "ND.F", List.of(FONT)),
                Arguments.of("PackageIdentifier", "Wildcard", "*.?ip", List.of(ZIP)),
                Arguments.of("PackageIdentifier", "Wildcard", "Contoso.*", List.of(EDITOR)),
                Arguments.of("PackageIdentifier", "Wildcard", "Contoso", List.of()),
                Arguments.of("PackageIdentifier", "Fuzzy", "tailspin toys", List.of(TOYS)),
                Arguments.of("PackageIdentifier", "FuzzySubstring", "visual-edit", List.of(EDITOR)),
                // PackageName
                Arguments.of("PackageName", "Exact", "Visual Editor", List.of(EDITOR)),
                Arguments.of("PackageName", "CaseInsensitive", "VISUAL EDITOR", List.of(EDITOR)),
                Arguments.of("PackageName", "StartsWith", "north", List.of(FONT)),
                Arguments.of("PackageName", "Substring", "toy", List.of(TOYS)),
                Arguments.of("PackageName", "Wildcard", "* Sans", List.of(FONT)),
                Arguments.of("PackageName", "Fuzzy", "fabrikam zip", List.of(ZIP)),
                Arguments.of("PackageName", "FuzzySubstring", "kamzi", List.of(ZIP)),
                // Moniker
                Arguments.of("Moniker", "Exact", "vedit", List.of(EDITOR)),
                Arguments.of("Moniker", "CaseInsensitive", "FZIP", List.of(ZIP)),
                Arguments.of("Moniker", "StartsWith", "to", List.of(TOYS)),
                Arguments.of("Moniker", "Substring", "edi", List.of(EDITOR)),
                Arguments.of("Moniker", "Wildcard", "?zip", List.of(ZIP)),
                Arguments.of("Moniker", "Fuzzy", "V-Edit", List.of(EDITOR)),
                Arguments.of("Moniker", "FuzzySubstring", "oy", List.of(TOYS)),
                // Command
                Arguments.of("Command", "Exact", "unzip", List.of(ZIP)),
                Arguments.of("Command", "CaseInsensitive", "UNZIP", List.of(ZIP)),
                Arguments.of("Command", "StartsWith", "un", List.of(ZIP)),
                Arguments.of("Command", "Substring", "zip", List.of(ZIP)),
                Arguments.of("Command", "Wildcard", "*o*", List.of(TOYS)),
                Arguments.of("Command", "Fuzzy", "Un-Zip", List.of(ZIP)),
                Arguments.of("Command", "FuzzySubstring", "ved", List.of(EDITOR)),
                // Tag
                Arguments.of("Tag", "Exact", "font", List.of(FONT)),
                Arguments.of("Tag", "CaseInsensitive", "Archive", List.of(ZIP)),
                Arguments.of("Tag", "StartsWith", "gam", List.of(TOYS)),
                Arguments.of("Tag", "Substring", "ex", List.of(EDITOR)),
                Arguments.of("Tag", "Wildcard", "*", List.of(EDITOR, ZIP, FONT, TOYS)),
                Arguments.of("Tag", "Fuzzy", "GAMES!", List.of(TOYS)),
                Arguments.of("Tag", "FuzzySubstring", "chiv", List.of(ZIP)),
                // PackageFamilyName
                Arguments.of("PackageFamilyName", "Exact", "Fabrikam.Zip_8wekyb3d8bbwe", List.of(ZIP)),
                Arguments.of("PackageFamilyName", "CaseInsensitive", "fabrikam.zip_8WEKYB3D8BBWE", List.of(ZIP)),
                Arguments.of("PackageFamilyName", "StartsWith", "Fabrikam.Zip_", List.of(ZIP)),
                Arguments.of("PackageFamilyName", "Substring", "_8we", List.of(ZIP)),
                Arguments.of("PackageFamilyName", "Wildcard", "*_8wekyb3d8bbwe", List.of(ZIP)),
                Arguments.of("PackageFamilyName", "Fuzzy", "fabrikamzip8wekyb3d8bbwe", List.of(ZIP)),
                Arguments.of("PackageFamilyName", "FuzzySubstring", "zip8we", List.of(ZIP)),
                // ProductCode: an installer's own, or its ARP entry's; any version counts
                Arguments.of("ProductCode", "Exact", "{AAAA-0000}", List.of(EDITOR)),
                Arguments.of("ProductCode", "Exact", "{aaaa-0000}", List.of()),
                Arguments.of("ProductCode", "CaseInsensitive", "{aaaa-0000}", List.of(EDITOR)),
                Arguments.of("ProductCode", "StartsWith", "{BBBB", List.of(TOYS)),
                Arguments.of("ProductCode", "Substring", "-000", List.of(EDITOR, TOYS)),
                Arguments.of("ProductCode", "Wildcard", "{????-0001}", List.of(EDITOR, TOYS)),
                Arguments.of("ProductCode", "Fuzzy", "bbbb0001", List.of(TOYS)),
                Arguments.of("ProductCode", "FuzzySubstring", "a0001", List.of(EDITOR)),
                // UpgradeCode (from AppsAndFeaturesEntries)
                Arguments.of("UpgradeCode", "Exact", "{UUUU-0001}", List.of(EDITOR)),
                Arguments.of("UpgradeCode", "CaseInsensitive", "{uuuu-0001}", List.of(EDITOR)),
                Arguments.of("UpgradeCode", "StartsWith", "{UU", List.of(EDITOR)),
                Arguments.of("UpgradeCode", "Substring", "U-0", List.of(EDITOR)),
                Arguments.of("UpgradeCode", "Wildcard", "{*}", List.of(EDITOR)),
                Arguments.of("UpgradeCode", "Fuzzy", "uuuu0001", List.of(EDITOR)),
                Arguments.of("UpgradeCode", "FuzzySubstring", "uu00", List.of(EDITOR)),
                // NormalizedPackageNameAndPublisher: what winget list sends for an installed program's ARP name
                Arguments.of("NormalizedPackageNameAndPublisher", "Exact", "contosovisualeditor", List.of(EDITOR)),
                Arguments.of("NormalizedPackageNameAndPublisher", "Exact", "Contoso Visual Editor 2.0 (x64)", List.of(EDITOR)),
                Arguments.of("NormalizedPackageNameAndPublisher", "CaseInsensitive", "VisualEditor", List.of(EDITOR)),
                Arguments.of("NormalizedPackageNameAndPublisher", "StartsWith", "northwind", List.of(FONT)),
                Arguments.of("NormalizedPackageNameAndPublisher", "Substring", "spin", List.of(TOYS)),
                Arguments.of("NormalizedPackageNameAndPublisher", "Wildcard", "fabrikam*", List.of(ZIP)),
                Arguments.of("NormalizedPackageNameAndPublisher", "Fuzzy", "fabrikam zip", List.of(ZIP)),
                Arguments.of("NormalizedPackageNameAndPublisher", "FuzzySubstring", "wind", List.of(FONT)),
                // Market: availability of some installer, whatever the MatchType
                Arguments.of("Market", "Exact", "US", List.of(EDITOR, ZIP, TOYS)),
                Arguments.of("Market", "CaseInsensitive", "de", List.of(EDITOR, FONT, TOYS)),
                Arguments.of("Market", "StartsWith", "U", List.of()),
                Arguments.of("Market", "Exact", "USA", List.of()),
                // HasInstallerType
                Arguments.of("HasInstallerType", "Exact", "font", List.of(FONT)),
                Arguments.of("HasInstallerType", "CaseInsensitive", "MSIX", List.of(ZIP)),
                Arguments.of("HasInstallerType", "StartsWith", "ms", List.of(EDITOR, ZIP)));
    }

    @ParameterizedTest(name = "{0} {1} \"{2}\" -> {3}")
    @MethodSource("cases")
    void eachMatchTypeOnEachFieldFindsWhatItShould(String field, String matchType, String keyword, List<String> expected) {
        SearchRequest request = SearchRequest.parse(WingetFixtures.body("""
                {"Filters": [{"PackageMatchField": "%s", "RequestMatch": {"KeyWord": "%s", "MatchType": "%s"}}]}
                """.formatted(field, keyword.replace("\"", "\\\""), matchType)));

        assertEquals(expected, ids(ManifestSearch.search(request, CATALOGUE, null, 100)));
    }

    @Test
    void aQueryLooksInIdentifierNameMonikerCommandTagAndCodesAndListsEveryVersion() {
        SearchRequest request = SearchRequest.parse(WingetFixtures.body(
                "{\"Query\": {\"KeyWord\": \"edit\", \"MatchType\": \"Substring\"}}"));

        SearchPage page = ManifestSearch.search(request, CATALOGUE, null, 100);

        assertEquals(List.of(EDITOR), ids(page));
        PackageSummary editor = page.packages().get(0);
        assertEquals("Visual Editor", editor.packageName());
        assertEquals("Contoso Ltd", editor.publisher());
        assertEquals(List.of("2.0.1", "1.9.0"), editor.versions().stream().map(v -> v.packageVersion()).toList(),
                "every version, newest first, so that winget upgrade sees the newer one");
        assertEquals(List.of("{AAAA-0001}"), editor.versions().get(0).productCodes());
        assertEquals(List.of("{UUUU-0001}"), editor.versions().get(0).upgradeCodes());
        assertEquals(List.of("2.0.1.0"), editor.versions().get(0).appsAndFeaturesEntryVersions());
    }

    @Test
    void inclusionsAreAlternativesAndFiltersMustAllHold() {
        String inclusions = """
                "Inclusions": [{"PackageMatchField": "ProductCode", "RequestMatch": {"KeyWord": "{AAAA-0000}", "MatchType": "Exact"}},
                               {"PackageMatchField": "ProductCode", "RequestMatch": {"KeyWord": "{BBBB-0001}", "MatchType": "Exact"}},
                               {"PackageMatchField": "PackageFamilyName", "RequestMatch": {"KeyWord": "Fabrikam.Zip_8wekyb3d8bbwe", "MatchType": "Exact"}}]
                """;
        assertEquals(List.of(EDITOR, ZIP, TOYS), ids(ManifestSearch.search(SearchRequest.parse(
                WingetFixtures.body("{" + inclusions + "}")), CATALOGUE, null, 100)));

        SearchRequest filtered = SearchRequest.parse(WingetFixtures.body("{" + inclusions + """
                , "Filters": [{"PackageMatchField": "Tag", "RequestMatch": {"KeyWord": "games", "MatchType": "Exact"}}]}
                """));
        assertEquals(List.of(TOYS), ids(ManifestSearch.search(filtered, CATALOGUE, null, 100)));
    }

    @Test
    void aMarketFilterListsOnlyTheVersionsOfferedThere() {
        List<WingetManifest> withOld = new java.util.ArrayList<>(CATALOGUE);
        withOld.add(WingetFixtures.manifest(ZIP, "9.0", WingetFixtures.locale("Fabrikam Zíp", "Fabrikam", "fzip",
                List.of()), WingetFixtures.installer(InstallerType.MSIX, null, null, List.of(),
                new Markets(List.of("DE"), List.of()), List.of())));
        SearchRequest request = SearchRequest.parse(WingetFixtures.body("""
                {"Query": {"KeyWord": "fzip", "MatchType": "Exact"},
                 "Filters": [{"PackageMatchField": "Market", "RequestMatch": {"KeyWord": "DE", "MatchType": "CaseInsensitive"}}]}"""));

        SearchPage page = ManifestSearch.search(request, withOld, null, 100);

        assertEquals(List.of("9.0"), page.packages().get(0).versions().stream().map(v -> v.packageVersion()).toList());
    }

    @Test
    void fetchAllManifestsAndAnEmptyBodyListEverythingPageByPage() {
        SearchRequest all = SearchRequest.parse(WingetFixtures.body("{\"FetchAllManifests\": true}"));

        SearchPage first = ManifestSearch.search(all, CATALOGUE, null, 3);
        assertEquals(List.of(EDITOR, ZIP, FONT), ids(first));
        SearchPage second = ManifestSearch.search(all, CATALOGUE, first.continuationToken(), 3);
        assertEquals(List.of(TOYS), ids(second));
        assertNull(second.continuationToken(), "the last page has no token");

        assertEquals(List.of(EDITOR, ZIP, FONT, TOYS),
                ids(ManifestSearch.search(SearchRequest.parse(WingetFixtures.body("{}")), CATALOGUE, null, 100)));
    }

    @Test
    void maximumResultsStopsTheListingAcrossPages() {
        SearchRequest three = SearchRequest.parse(WingetFixtures.body("{\"MaximumResults\": 3}"));

        SearchPage first = ManifestSearch.search(three, CATALOGUE, null, 2);
        assertEquals(List.of(EDITOR, ZIP), ids(first));
        SearchPage second = ManifestSearch.search(three, CATALOGUE, first.continuationToken(), 2);
        assertEquals(List.of(FONT), ids(second));
        assertNull(second.continuationToken(), "three packages were wanted");
    }

    @Test
    void aTokenThisSourceDidNotIssueIsRefused() {
        SearchRequest all = SearchRequest.parse(WingetFixtures.body("{}"));
        for (String token : List.of("garbage!", "Z2Fy", "x".repeat(5000))) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> ManifestSearch.search(all, CATALOGUE, token, 10));
            assertEquals("ContinuationToken is not one this source issued; repeat the search without it", e.getMessage());
        }
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("[]", "the manifestSearch body must be a JSON object"),
                Arguments.of("{\"MaximumResults\": -1}", "MaximumResults must be a whole number of 0 or more"),
                Arguments.of("{\"MaximumResults\": \"ten\"}", "MaximumResults must be a whole number of 0 or more"),
                Arguments.of("{\"FetchAllManifests\": \"yes\"}", "FetchAllManifests must be true or false"),
                Arguments.of("{\"Query\": {\"KeyWord\": \"x\"}}", "Query.MatchType must be a string"),
                Arguments.of("{\"Query\": {\"KeyWord\": \"x\", \"MatchType\": \"Regex\"}}", "Query.MatchType 'Regex' is not "
                        + "one of Exact, CaseInsensitive, StartsWith, Substring, Wildcard, Fuzzy, FuzzySubstring"),
                Arguments.of("{\"Filters\": {}}", "Filters must be an array"),
                Arguments.of("{\"Inclusions\": [{\"PackageMatchField\": \"Colour\", \"RequestMatch\": {\"KeyWord\": \"x\", "
                        + "\"MatchType\": \"Exact\"}}]}", "Inclusions[0].PackageMatchField 'Colour' is not a package match field"),
                Arguments.of("{\"Inclusions\": [{\"PackageMatchField\": \"Tag\"}]}",
                        "Inclusions[0].RequestMatch must be an object with KeyWord and MatchType"),
                Arguments.of("{\"Query\": {\"KeyWord\": \"" + "k".repeat(256) + "\", \"MatchType\": \"Exact\"}}",
                        "Query.KeyWord is longer than 255 characters"));
    }

    @ParameterizedTest(name = "{0} -> 400")
    @MethodSource("badBodies")
    void aMalformedSearchIsTheClientsMistake(String body, String message) {
        jakarta.json.JsonValue json = jakarta.json.Json.createReader(new java.io.StringReader(body)).readValue();
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> SearchRequest.parse(json));
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }

    @Test
    void packageManifestsQueryParametersNarrowVersionsAndInstallers() {
        List<WingetManifest> zip = CATALOGUE.stream().filter(m -> m.packageIdentifier().equals(ZIP)).toList();
        assertEquals(1, ManifestSearch.forQuery(zip, "10.0", null, "US").size());
        assertTrue(ManifestSearch.forQuery(zip, "10.0", null, "DE").isEmpty(), "no installer is offered in DE");
        assertTrue(ManifestSearch.forQuery(zip, "11.0", null, null).isEmpty());
    }

    @Test
    void namesAreNormalisedAsWingetCorrelatesInstalledPrograms() {
        assertEquals("contosovisualeditor", NameNormalizer.name("Contoso Visual Editor 2.0 (x64)"));
        assertEquals("contosotools", NameNormalizer.name("Contoso Tools version 3.1.4 64-bit"));
        assertEquals("contosotools", NameNormalizer.name("contosotools"));
        assertEquals("contoso", NameNormalizer.publisher("Contoso, Ltd."));
        assertEquals("fabrikamzip", NameNormalizer.name("Fabrikam Zíp x86"));
    }

    static List<String> ids(SearchPage page) {
        return page.packages().stream().map(PackageSummary::packageIdentifier).toList();
    }
}
