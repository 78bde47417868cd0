package org.granary.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Runs the Liquibase changelogs once at start-up, before anything else touches the database; outside any
 * JTA transaction because Liquibase commits by itself.
 * <p>
 * Also declares the embedded default datasource {@code java:app/jdbc/granary} (an H2 file under the data
 * directory) that the persistence unit uses.
 */
@DataSourceDefinition(
        name = "java:app/jdbc/granary",
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

    @Resource(lookup = "java:app/jdbc/granary")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        try {
            SchemaMigration.migrate(dataSource);
            LOG.info("Database schema is up to date");
        } catch (Exception e) {
            throw new IllegalStateException("Database migration failed: " + e.getMessage(), e);
        }
    }
}
