package org.granary.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.granary.config.GranaryConfig;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded default database: an H2 file under the data directory ({@code GRANARY_DATA_DIR/db}).
 * Named as the class of the application's {@code @DataSourceDefinition}, so the container pools it; the
 * file location comes from configuration at run time rather than from the annotation.
 * <p>
 * Its connections re-open the database when H2 has closed it after a fatal error ({@link ReopeningConnection}), so
 * the container's pool and {@code /health} recover without a restart: standard datasource definitions cannot ask a
 * pool to validate connections, and WildFly takes no URL parameters there (RUNTIME-NOTES pitfall 5), so the
 * datasource class itself does it. Once the application closes the database on purpose ({@link #closing()}, at
 * undeployment) nothing re-opens it.
 */
public class EmbeddedH2DataSource implements DataSource {

    /** Set when this deployment shuts the database down; one flag per deployment (per class loader). */
    private static volatile boolean closing;

    private final JdbcDataSource h2 = new JdbcDataSource();

    public EmbeddedH2DataSource() {
        this(url(GranaryConfig.fromEnvironment()));
    }

    /** On an explicit H2 URL (tests). */
    EmbeddedH2DataSource(String url) {
        h2.setURL(url);
        h2.setUser("sa");
        h2.setPassword("");
    }

    /** The application is shutting the database down: from now on a closed database stays closed. */
    static void closing() {
        closing = true;
    }

    /**
     * The H2 URL. Store compaction (at close and in the background) is switched off: a redeployment test run
     * saw H2 2.3's MVStore corrupt its file ("Double mark") right after a close, and the embedded default
     * trades some unreclaimed space for a file that always opens. Production uses PostgreSQL.
     * <p>
     * {@code MODE=LEGACY} keeps H2 1.x's {@code IDENTITY()} function, which EclipseLink 4.0 (GlassFish's provider)
     * reads generated keys with; Hibernate uses {@code getGeneratedKeys} and is unaffected (both providers run the
     * persistence contract tests on this URL).
     */
    public static String url(GranaryConfig config) {
        return "jdbc:h2:file:" + config.dataDir().resolve("db").resolve("granary")
                + ";DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=0;AUTO_COMPACT_FILL_RATE=0;MODE=LEGACY";
    }

    /** Containers set these from the datasource definition. */
    public void setUser(String user) {
        h2.setUser(user);
    }

    public void setPassword(String password) {
        h2.setPassword(password);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return ReopeningConnection.open(h2::getConnection, () -> !closing);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return ReopeningConnection.open(() -> h2.getConnection(username, password), () -> !closing);
    }

    @Override
    public PrintWriter getLogWriter() {
        return h2.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        h2.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        h2.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return h2.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return h2.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || h2.isWrapperFor(iface);
    }
}
