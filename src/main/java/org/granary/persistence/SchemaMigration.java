package org.granary.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Brings a database's schema up to date with the changelogs under {@code liquibase/}. */
public final class SchemaMigration {

    public static final String CHANGELOG = "liquibase/master.xml";

    private SchemaMigration() {
    }

    public static void migrate(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            migrate(connection);
        }
    }

    public static void migrate(Connection connection) throws Exception {
        Map<String, Object> scope = Map.of(
                Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(SchemaMigration.class.getClassLoader()),
                "liquibase.analytics.enabled", false,
                "liquibase.showBanner", false,
                "liquibase.checks.enabled", false);
        Scope.child(scope, () -> {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
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
}
