package org.granary.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.format.winget.IndexQuery;
import org.granary.format.winget.SearchPage;
import org.granary.format.winget.SearchRequest;
import org.granary.format.winget.WingetManifest;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The WinGet index on the embedded default database, plus the upgrade-sized search over 10,000 packages. */
class H2WingetIndexTest extends WingetIndexContractTest {

    private Path dataDir;
    private Connection keepOpen;

    @Override
    protected DataSource openDatabase() throws Exception {
        dataDir = Files.createTempDirectory("granary-winget-h2-");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(EmbeddedH2DataSource.url(GranaryConfig.of(Map.of(Setting.DATA_DIR, dataDir.toString()))));
        h2.setUser("sa");
        h2.setPassword("");
        keepOpen = h2.getConnection();
        return h2;
    }

    @Override
    protected void closeDatabase() throws Exception {
        if (keepOpen != null) {
            try (Statement s = keepOpen.createStatement()) {
                s.execute("SHUTDOWN");
            }
            keepOpen.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void anUpgradeSearchWith300ProductCodesOver10000PackagesUsesTheIndex() {
        List<WingetManifest> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            all.add(manifest("Vendor" + (i % 97) + ".Product" + i, "1." + (i % 7) + ".0", "Product " + i, "p" + i,
                    List.of("tag" + (i % 13)), String.format("{%08d-0000-0000-0000-000000000000}", i),
                    String.format("{%08d-1111-0000-0000-000000000000}", i), null));
        }
        long t0 = System.nanoTime();
        for (int from = 0; from < all.size(); from += 500) {
            index(all.subList(from, from + 500));
        }
        long indexed = System.nanoTime();

        StringBuilder inclusions = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            int i = k * 33 + 5;
            expected.add("Vendor" + (i % 97) + ".Product" + i);
            inclusions.append(k == 0 ? "" : ",").append("{\"PackageMatchField\": \"ProductCode\", \"RequestMatch\": ")
                    .append("{\"KeyWord\": \"").append(String.format("{%08d-0000-0000-0000-000000000000}", i))
                    .append("\", \"MatchType\": \"Exact\"}}");
        }
        SearchRequest upgrade = SearchRequest.parse(json("{\"Inclusions\": [" + inclusions + "]}"));

        viaIndex(upgrade, null, 1000); // warm-up: query compilation, caches
        long s0 = System.nanoTime();
        SearchPage page = viaIndex(upgrade, null, 1000);
        long s1 = System.nanoTime();

        assertEquals(expected.stream().sorted(Comparator.comparing((String s) -> s.toLowerCase(java.util.Locale.ROOT))
                .thenComparing(Comparator.naturalOrder())).toList(), ids(page));
        assertEquals(1, page.packages().get(0).versions().size());
        System.out.printf("winget index: 10,000 packages indexed in %d ms; 300-ProductCode search answered in %d ms%n",
                (indexed - t0) / 1_000_000, (s1 - s0) / 1_000_000);
        IndexQuery.Conditions c = IndexQuery.conditions(upgrade);
        assertEquals(1, c.anyOf().size(), "300 equalities on one field are one IN-list condition");
    }
}
