package org.granary.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Runs the Liquibase changelogs once at start-up, before anything else touches the database; outside any
 * JTA transaction because Liquibase commits by itself.
 * <p>
 * Also declares the embedded default datasource {@code java:app/jdbc/granary-embedded} (an H2 file under the data
 * directory). The persistence unit and this bean use the logical datasource {@code java:app/env/jdbc/granary}
 * (web.xml), which the server binds to its own datasource when the operator configured one (WildFly: the system
 * property {@code granary.datasource}; GlassFish: a deployment plan), and otherwise to the embedded default.
 */
@DataSourceDefinition(
        name = "java:app/jdbc/granary-embedded",
        className = "org.granary.persistence.EmbeddedH2DataSource",
        user = "sa",
        password = "",
        minPoolSize = 1,
        maxPoolSize = 32)
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    @Resource(lookup = "java:app/env/jdbc/granary")
    DataSource dataSource;

    /**
     * Closes the embedded H2 database when the application stops, so that a redeployment (which brings its
     * own copy of H2 in a new class loader) never opens the file while the old engine is still writing it.
     * Runs last: every start-up bean that uses the database depends on this one.
     */
    @PreDestroy
    void closeEmbeddedDatabase() {
        try (Connection c = dataSource.getConnection()) {
            if ("H2".equals(c.getMetaData().getDatabaseProductName())) {
                EmbeddedH2DataSource.closing();
                try (Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
                LOG.info("Embedded database closed");
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Could not close the embedded database cleanly", e);
        }
    }

    @PostConstruct
    void migrate() {
        LOG.info(() -> "Database: " + describe());
        try {
            SchemaMigration.Outcome outcome = SchemaMigration.migrate(dataSource);
            LOG.info(outcome == SchemaMigration.Outcome.UNCHANGED
                    ? "Database schema is up to date (the changelogs are those last applied in full: Liquibase not run)"
                    : "Database schema is up to date");
        } catch (SchemaTooNewException e) {
            LOG.severe(e.getMessage());
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Database migration failed: " + e.getMessage(), e);
        }
    }

    /** The database in use, for the log: product and URL (no credentials), so an operator sees which one it is. */
    private String describe() {
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            return c.getMetaData().getDatabaseProductName() + " at " + (url == null ? "?" : url.replaceAll("[;?].*$", ""));
        } catch (SQLException e) {
            return "unreachable (" + e.getMessage() + ")";
        }
    }
}
