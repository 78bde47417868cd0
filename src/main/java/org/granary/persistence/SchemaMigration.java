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
import liquibase.resource.ClassLoaderResourceAccessor;

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
            if (hasChangeLogTable(connection, database.getDatabaseChangeLogTableName())) {
                refuseNewerSchema(database, scope);
            }
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                    .execute();
        });
        if (!connection.getAutoCommit()) {
            try {
                connection.commit();
            } catch (SQLException ignored) {
                // Liquibase commits its own work; nothing else is pending.
            }
        }
    }

    /**
     * Whether the database has Liquibase's change log table. Without one nothing was applied, so nothing can be too
     * new; and the check must not create it: {@code listUnexpectedChangeSets} would, outside Liquibase's lock, so two
     * servers starting at once on an empty database both ran {@code CREATE TABLE databasechangelog} and one failed
     * its deployment (PostgreSQL: duplicate key in {@code pg_type}). The update creates it under the lock.
     */
    static boolean hasChangeLogTable(Connection connection, String table) throws SQLException {
        String schema = connection.getSchema();
        try (java.sql.ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, "%",
                new String[] {"TABLE"})) {
            while (tables.next()) {
                if (tables.getString("TABLE_NAME").equalsIgnoreCase(table)
                        && (schema == null || schema.equalsIgnoreCase(tables.getString("TABLE_SCHEM")))) {
                    return true;
                }
            }
        }
        return false;
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
