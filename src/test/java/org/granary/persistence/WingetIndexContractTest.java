package org.granary.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.granary.format.winget.AppsAndFeaturesEntry;
import org.granary.format.winget.Architecture;
import org.granary.format.winget.IndexQuery;
import org.granary.format.winget.Installer;
import org.granary.format.winget.InstallerType;
import org.granary.format.winget.Localization;
import org.granary.format.winget.ManifestSearch;
import org.granary.format.winget.Markets;
import org.granary.format.winget.PackageSummary;
import org.granary.format.winget.SearchPage;
import org.granary.format.winget.SearchRequest;
import org.granary.format.winget.WingetManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WinGet search index on every supported database (subclasses supply it, as for
 * {@link PersistenceContractTest}): the index answers a search exactly as the in-memory matcher does, and an
 * upgrade-sized search (300 ProductCode inclusions over 10,000 packages) finds exactly its packages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WingetIndexContractTest {

    static final Instant T0 = Instant.parse("2024-03-10T01:59:58.123456Z");
    static final String SHA = "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90";

    protected DataSource dataSource;
    protected EntityManagerFactory emf;
    protected long repo;
    private TestDatabase database;

    /** Starts an empty database for this test class ({@link TestDatabase#h2()}, {@link TestDatabase#postgres()}). */
    protected abstract TestDatabase startDatabase() throws Exception;

    @BeforeAll
    void bootstrap() throws Exception {
        database = startDatabase();
        dataSource = database.dataSource();
        SchemaMigration.migrate(dataSource);
        emf = TestDatabase.entityManagerFactory(dataSource, "none");
    }

    @AfterAll
    void shutdown() throws Exception {
        try {
            if (emf != null) {
                emf.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @BeforeEach
    void freshRepository() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from repository");
        }
        repo = tx(em -> new RepositoryDao(em).create(new Repository("winget-hosted", "WINGET", "HOSTED",
                null, 300, T0)).getId());
    }

    static WingetManifest manifest(String id, String version, String name, String moniker, List<String> tags,
                                   String productCode, String upgradeCode, String familyName) {
        Installer i = new Installer(null, familyName == null ? InstallerType.MSI : InstallerType.MSIX, null,
                Architecture.X64, "https://downloads.example.test/" + id, SHA, null, null, productCode, familyName,
                upgradeCode == null ? List.of() : List.of(new AppsAndFeaturesEntry(name + " " + version + " (x64)", null,
                        version + ".0", null, upgradeCode, null)), null, null, List.of(moniker), null, null);
        return new WingetManifest(id, version, null, "1.28.0", new Localization("en-US", "Publisher of " + id, name,
                "About " + name, moniker, tags, null), List.of(), List.of(i));
    }

    static final List<WingetManifest> CATALOGUE = List.of(
            manifest("Contoso.VisualEditor", "2.0.1", "Visual Editor", "vedit", List.of("editor", "text"), "{AAAA-0001}",
                    "{UUUU-0001}", null),
            manifest("Contoso.VisualEditor", "1.9.0", "Visual Editor", "vedit", List.of("editor"), "{AAAA-0000}", null, null),
            manifest("Fabrikam.Zip", "10.0", "Fabrikam Zíp", "fzip", List.of("archive"), null, null,
                    "Fabrikam.Zip_8wekyb3d8bbwe"),
            manifest("Tailspin.Toys", "3.1.4", "Tailspin 100% Toys", "toys", List.of("games"), "{BBBB-0001}", null, null),
            manifest("tailspin.Tools", "1.0", "Tailspin Tools", "ttools", List.of("games", "tools"), "{CCCC-0001}", null,
                    null));

    /** A package offered in some markets only: 1.0 in US and CA, 2.0 everywhere but US, 3.0 two installers. */
    static final List<WingetManifest> REGIONAL = List.of(
            regional("Northwind.Regional", "1.0", new Markets(List.of("US", "CA"), List.of())),
            regional("Northwind.Regional", "2.0", new Markets(List.of(), List.of("US"))),
            regional("Northwind.Regional", "3.0", new Markets(List.of("DE"), List.of()), new Markets(List.of("FR"),
                    List.of())),
            regional("Northwind.Open", "1.0", new Markets(List.of(), List.of())));

    static WingetManifest regional(String id, String version, Markets... markets) {
        List<Installer> installers = new ArrayList<>();
        for (Markets m : markets) {
            installers.add(new Installer(null, InstallerType.MSI, null, Architecture.X64, "https://downloads.example.test/"
                    + id + installers.size(), SHA, null, null, null, null, List.of(), m, null, List.of(), null, null));
        }
        return new WingetManifest(id, version, null, "1.28.0", new Localization("en-US", "Northwind", id, "About " + id,
                null, List.of(), null), List.of(), installers);
    }

    static Stream<Arguments> marketSearches() {
        List<String> bodies = new ArrayList<>();
        for (String market : List.of("US", "ca", "DE", "fr", "JP", "USA", "*")) {
            bodies.add("{\"Filters\": [{\"PackageMatchField\": \"Market\", \"RequestMatch\": {\"KeyWord\": \"" + market
                    + "\", \"MatchType\": \"CaseInsensitive\"}}]}");
            bodies.add("{\"Query\": {\"KeyWord\": \"north\", \"MatchType\": \"Substring\"}, \"Filters\": [{\"PackageMatchField\": "
                    + "\"Market\", \"RequestMatch\": {\"KeyWord\": \"" + market + "\", \"MatchType\": \"Exact\"}}]}");
            bodies.add("{\"Inclusions\": [{\"PackageMatchField\": \"Market\", \"RequestMatch\": {\"KeyWord\": \"" + market
                    + "\", \"MatchType\": \"Exact\"}}]}");
        }
        bodies.add("{\"Filters\": [{\"PackageMatchField\": \"Market\", \"RequestMatch\": {\"KeyWord\": \"DE\", "
                + "\"MatchType\": \"Exact\"}}, {\"PackageMatchField\": \"Market\", \"RequestMatch\": {\"KeyWord\": \"FR\", "
                + "\"MatchType\": \"Exact\"}}]}");
        return bodies.stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("marketSearches")
    void aMarketFilterListsWhatTheInMemoryMatcherListsVersionsOfferedThereOnly(String body) {
        List<WingetManifest> all = new ArrayList<>(CATALOGUE);
        all.addAll(REGIONAL);
        index(all);
        SearchRequest request = SearchRequest.parse(json(body));

        assertEquals(summaries(ManifestSearch.search(request, all, null, 100)), summaries(viaIndex(request, null, 100)),
                body);
    }

    @Test
    void aVersionIsListedInTheMarketsItsInstallersAreOfferedIn() {
        index(REGIONAL);
        java.util.function.Function<String, List<String>> versionsIn = market -> viaIndex(SearchRequest.parse(json(
                "{\"Filters\": [{\"PackageMatchField\": \"PackageIdentifier\", \"RequestMatch\": {\"KeyWord\": "
                        + "\"Northwind.Regional\", \"MatchType\": \"Exact\"}}, {\"PackageMatchField\": \"Market\", "
                        + "\"RequestMatch\": {\"KeyWord\": \"" + market + "\", \"MatchType\": \"CaseInsensitive\"}}]}")), null, 100)
                .packages().stream().flatMap(p -> p.versions().stream()).map(v -> v.packageVersion()).sorted().toList();

        assertEquals(List.of("1.0"), versionsIn.apply("US"), "2.0 excludes US; 3.0 is offered in DE and FR");
        assertEquals(List.of("1.0", "2.0"), versionsIn.apply("ca"));
        assertEquals(List.of("2.0", "3.0"), versionsIn.apply("DE"));
        assertEquals(List.of("2.0"), versionsIn.apply("JP"), "everywhere but US");
    }

    void index(List<WingetManifest> manifests) {
        inTx(em -> new WingetIndexDao(em).insertNew(manifests.stream().map(m -> IndexQuery.keysOf(repo, m)).toList()));
    }

    SearchPage viaIndex(SearchRequest request, String token, int pageSize) {
        return tx(em -> {
            WingetIndexDao dao = new WingetIndexDao(em);
            return IndexQuery.search(request, token, pageSize,
                    (c, every, afterSort, afterId, limit) -> dao.findPackages(repo, c.anyOf(), c.allOf(), every, afterSort,
                            afterId, limit),
                    ids -> dao.rows(repo, ids));
        });
    }

    static Stream<Arguments> searches() {
        List<String> bodies = new ArrayList<>();
        String[] fields = {"PackageIdentifier", "PackageName", "Moniker", "Command", "Tag", "PackageFamilyName",
                "ProductCode", "UpgradeCode", "NormalizedPackageNameAndPublisher", "HasInstallerType"};
        String[] types = {"Exact", "CaseInsensitive", "StartsWith", "Substring", "Wildcard", "Fuzzy", "FuzzySubstring"};
        String[] keywords = {"Contoso.VisualEditor", "tailspin", "{uuuu-0001}", "v*t", "fab?ikam*", "100%", "_8we"};
        for (String f : fields) {
            for (String t : types) {
                for (String k : keywords) {
                    bodies.add("{\"Filters\": [{\"PackageMatchField\": \"" + f + "\", \"RequestMatch\": {\"KeyWord\": \""
                            + k + "\", \"MatchType\": \"" + t + "\"}}]}");
                }
            }
        }
        bodies.add("{\"Query\": {\"KeyWord\": \"tools\", \"MatchType\": \"Substring\"}}");
        bodies.add("{\"Query\": {\"KeyWord\": \"t\", \"MatchType\": \"StartsWith\"}, \"Filters\": [{\"PackageMatchField\": "
                + "\"Tag\", \"RequestMatch\": {\"KeyWord\": \"games\", \"MatchType\": \"Exact\"}}]}");
        bodies.add("{\"FetchAllManifests\": true}");
        bodies.add("{}");
        return bodies.stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("searches")
    void theIndexFindsWhatTheInMemoryMatcherFinds(String body) {
        index(CATALOGUE);
        SearchRequest request = SearchRequest.parse(json(body));

        assertEquals(summaries(ManifestSearch.search(request, CATALOGUE, null, 100)),
                summaries(viaIndex(request, null, 100)), body);
    }

    @Test
    void pagesFollowEachOtherInIdentifierOrder() {
        index(CATALOGUE);
        SearchRequest all = SearchRequest.parse(json("{}"));

        SearchPage first = viaIndex(all, null, 2);
        SearchPage second = viaIndex(all, first.continuationToken(), 2);

        assertEquals(List.of("Contoso.VisualEditor", "Fabrikam.Zip"), ids(first));
        assertEquals(List.of("tailspin.Tools", "Tailspin.Toys"), ids(second));
        assertNull(second.continuationToken(), "nothing follows the last page");
    }

    @Test
    void replacingAVersionRewritesItsRowsAndDeletingRemovesThem() {
        index(CATALOGUE);
        WingetManifest changed = manifest("Fabrikam.Zip", "10.0", "Fabrikam Unzip", "funzip", List.of(), "{DDDD-0001}",
                null, null);
        inTx(em -> new WingetIndexDao(em).replace(IndexQuery.keysOf(repo, changed)));

        SearchRequest byOldMoniker = SearchRequest.parse(json(filter("Moniker", "fzip", "Exact")));
        SearchRequest byNewCode = SearchRequest.parse(json(filter("ProductCode", "{DDDD-0001}", "Exact")));
        assertEquals(List.of(), ids(viaIndex(byOldMoniker, null, 10)));
        assertEquals(List.of("Fabrikam.Zip"), ids(viaIndex(byNewCode, null, 10)));

        assertEquals(true, tx(em -> new WingetIndexDao(em).deleteVersion(repo, "Contoso.VisualEditor", "1.9.0")) > 0);
        SearchRequest byOldCode = SearchRequest.parse(json(filter("ProductCode", "{AAAA-0000}", "Exact")));
        assertEquals(List.of(), ids(viaIndex(byOldCode, null, 10)));
        tx(em -> new WingetIndexDao(em).deletePackage(repo, "Fabrikam.Zip"));
        assertEquals(List.of(), ids(viaIndex(byNewCode, null, 10)));
    }

    @Test
    void anUpgradeSearchWith300ProductCodesOver10000PackagesFindsExactlyThosePackages() {
        List<WingetManifest> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            all.add(manifest("Vendor" + (i % 97) + ".Product" + i, "1." + (i % 7) + ".0", "Product " + i, "p" + i,
                    List.of("tag" + (i % 13)), productCode(i), String.format("{%08d-1111-0000-0000-000000000000}", i),
                    null));
        }
        long t0 = System.nanoTime();
        for (int from = 0; from < all.size(); from += 1000) {
            index(all.subList(from, from + 1000));
        }
        long indexed = System.nanoTime();

        StringBuilder inclusions = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            int i = k * 33 + 5;
            expected.add("Vendor" + (i % 97) + ".Product" + i);
            inclusions.append(k == 0 ? "" : ",").append("{\"PackageMatchField\": \"ProductCode\", \"RequestMatch\": ")
                    .append("{\"KeyWord\": \"").append(productCode(i)).append("\", \"MatchType\": \"Exact\"}}");
        }
        inclusions.append(",{\"PackageMatchField\": \"ProductCode\", \"RequestMatch\": {\"KeyWord\": \"{not-installed}\", "
                + "\"MatchType\": \"Exact\"}}");
        SearchRequest upgrade = SearchRequest.parse(json("{\"Inclusions\": [" + inclusions + "]}"));

        viaIndex(upgrade, null, 1000); // warm-up: query compilation, caches
        long s0 = System.nanoTime();
        SearchPage page = viaIndex(upgrade, null, 1000);
        long s1 = System.nanoTime();

        assertEquals(expected.stream().sorted(ManifestSearch.IDENTIFIER_ORDER).toList(), ids(page));
        assertEquals(1, page.packages().get(0).versions().size());
        assertEquals(List.of(productCode(5)), page.packages().stream().filter(p -> p.packageIdentifier()
                .equals("Vendor5.Product5")).findFirst().orElseThrow().versions().get(0).productCodes());
        // Not a timed test (the machine may be busy); bench/winget/ measures it. Printed to compare runs.
        System.out.printf("winget index (%s): 10,000 packages indexed in %d ms; 300-ProductCode search in %d ms%n",
                getClass().getSimpleName(), (indexed - t0) / 1_000_000, (s1 - s0) / 1_000_000);
    }

    static String productCode(int i) {
        return String.format("{%08d-0000-0000-0000-000000000000}", i);
    }

    static String filter(String field, String keyword, String type) {
        return "{\"Filters\": [{\"PackageMatchField\": \"" + field + "\", \"RequestMatch\": {\"KeyWord\": \"" + keyword
                + "\", \"MatchType\": \"" + type + "\"}}]}";
    }

    static List<String> ids(SearchPage page) {
        return page.packages().stream().map(PackageSummary::packageIdentifier).toList();
    }

    /** Comparable form; the index keeps no locale names but the default one, which is what summaries show. */
    static List<String> summaries(SearchPage page) {
        return page.packages().stream().map(p -> p.packageIdentifier() + "|" + p.packageName() + "|" + p.publisher()
                + "|" + p.versions()).toList();
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    protected <T> T tx(Function<EntityManager, T> work) {
        return TestDatabase.inTransaction(emf, work);
    }

    protected void inTx(java.util.function.Consumer<EntityManager> work) {
        tx(em -> {
            work.accept(em);
            return null;
        });
    }
}
