package org.granary.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database closing itself (what H2 does after an OutOfMemoryError or a full disk) while the pool holds
 * its connections: the held connections work again without a restart, and no lost transaction is reported as done.
 */
class EmbeddedH2DataSourceTest {

    @TempDir
    Path dataDir;

    private EmbeddedH2DataSource dataSource;
    /** What the container's pool holds on to. */
    private Connection pooled;

    @BeforeEach
    void openDatabase() throws SQLException {
        dataSource = new EmbeddedH2DataSource(EmbeddedH2DataSource.url(
                GranaryConfig.of(Map.of(Setting.DATA_DIR, dataDir.toString()))));
        pooled = dataSource.getConnection();
        execute(pooled, "create table repository (name varchar(64))");
        execute(pooled, "insert into repository values ('npm-proxy')");
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        pooled.close();
    }

    @Test
    void aHeldConnectionOpensTheDatabaseAgainAfterItClosedItself() throws SQLException {
        databaseClosesItself();

        assertEquals(1, count(pooled), "the connection the pool holds answers again, with the data on disk");
        assertFalse(pooled.isClosed(), "the pool keeps using it");
    }

    @Test
    void aTransactionTheCloseCutShortFailsAndIsNotReportedAsCommitted() throws SQLException {
        pooled.setAutoCommit(false);
        execute(pooled, "insert into repository values ('pypi-proxy')");

        databaseClosesItself();

        SQLException lost = assertThrows(SQLException.class, pooled::commit);
        assertEquals("08006", lost.getSQLState());
        assertThrows(SQLException.class, () -> count(pooled), "no statement runs in what is left of the transaction");
        pooled.rollback();
        assertEquals(1, count(pooled), "after the rollback the connection works, and the lost insert is not there");
        execute(pooled, "insert into repository values ('cargo-proxy')");
        pooled.commit();
        assertEquals(2, count(pooled));
    }

    @Test
    void aNewConnectionAfterTheCloseWorksToo() throws SQLException {
        databaseClosesItself();

        try (Connection fresh = dataSource.getConnection()) {
            assertEquals(1, count(fresh));
        }
    }

    private void databaseClosesItself() throws SQLException {
        try (Connection other = dataSource.getConnection()) {
            execute(other, "SHUTDOWN");
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from repository")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
