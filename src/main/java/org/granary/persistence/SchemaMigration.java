package org.granary.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.RanChangeSet;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.snapshot.SnapshotGeneratorFactory;

/**
 * Brings a database's schema up to date with the changelogs under {@code liquibase/}, on any database Liquibase
 * supports (H2, PostgreSQL); refuses ({@link SchemaTooNewException}) a database that a newer Granary migrated.
 */
public final class SchemaMigration {

    public static final String CHANGELOG = "liquibase/master.xml";

    private SchemaMigration() {
    }

    public static void migrate(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            migrate(connection);
        }
    }

    /** @throws SchemaTooNewException when the database has change sets that this version's changelogs lack */
    public static void migrate(Connection connection) throws Exception {
        Map<String, Object> scope = Map.of(
                Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(SchemaMigration.class.getClassLoader()),
                "liquibase.analytics.enabled", false,
                "liquibase.showBanner", false,
                "liquibase.checks.enabled", false);
        Scope.child(scope, () -> {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            // Liquibase's lock is taken first and held for the check and the whole update (the update's own
            // acquisition finds it held by this same lock service and goes on): the update reads, and on an empty
            // database creates, the change log table while parsing the changelog, before it takes the lock itself, so
            // two servers starting at once on an empty PostgreSQL database both ran CREATE TABLE databasechangelog
            // and one deployment failed ("relation databasechangelog already exists", seen in SeveralInstancesIT).
            LockService lock = LockServiceFactory.getInstance().getLockService(database);
            lock.waitForLock();
            try {
                // Without a change log table nothing was applied, so nothing is too new; and the check must not
                // create it (listUnexpectedChangeSets would).
                if (SnapshotGeneratorFactory.getInstance().hasDatabaseChangeLogTable(database)) {
                    refuseNewerSchema(database, scope);
                }
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                        .execute();
            } finally {
                // the update releases the lock when it ends; release it here only if it did not (it failed early),
                // never after that, when the lock may be another server's
                if (lock.hasChangeLogLock()) {
                    lock.releaseLock();
                }
            }
        });
        if (!connection.getAutoCommit()) {
            try {
                connection.commit();
            } catch (SQLException ignored) {
                // Liquibase commits its own work; nothing else is pending.
            }
        }
    }

    /** Change sets the database records as applied that this version's changelogs do not contain. */
    private static void refuseNewerSchema(Database database, Map<String, Object> scope) throws Exception {
        @SuppressWarnings("deprecation") // the one API of 4.33 that returns them rather than printing them
        Liquibase liquibase = new Liquibase(CHANGELOG, (liquibase.resource.ResourceAccessor)
                scope.get(Scope.Attr.resourceAccessor.name()), database);
        List<String> unknown = liquibase.listUnexpectedChangeSets(new Contexts(), new LabelExpression()).stream()
                .map(RanChangeSet::getId).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new SchemaTooNewException(unknown);
        }
    }
}
