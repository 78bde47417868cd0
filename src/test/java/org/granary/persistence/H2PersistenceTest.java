package org.granary.persistence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.h2.jdbcx.JdbcDataSource;

/** The persistence contract on the embedded default database: an H2 file, at the URL production uses. */
class H2PersistenceTest extends PersistenceContractTest {

    private Path dataDir;
    private Connection keepOpen;

    @Override
    protected DataSource openDatabase() throws Exception {
        dataDir = Files.createTempDirectory("granary-h2-");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(EmbeddedH2DataSource.url(GranaryConfig.of(Map.of(Setting.DATA_DIR, dataDir.toString()))));
        h2.setUser("sa");
        h2.setPassword("");
        // The container's pool keeps connections open; so does this one, or H2 would close the file after each.
        keepOpen = h2.getConnection();
        return h2;
    }

    @Override
    protected DataSource emptyDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:granary-empty-" + System.nanoTime());
        h2.setUser("sa");
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
}
