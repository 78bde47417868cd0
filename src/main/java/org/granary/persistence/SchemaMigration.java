package org.granary.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
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
 * <p>
 * A start whose changelogs are exactly those the last successful migration applied in full (the table
 * {@code schema_state} holds their SHA-256) has nothing to do and does not run Liquibase at all: about 1.3 s of every
 * restart. Every other start runs Liquibase as before (the check for a newer schema, then the update, under Liquibase's
 * lock) and then records its own fingerprint. A newer Granary records a different one, so an older Granary started
 * on its database still runs the check and is refused. To force a full run, set {@code changelog_sha256} to {@code -}.
 */
public final class SchemaMigration {

    public static final String CHANGELOG = "liquibase/master.xml";
    private static final Pattern INCLUDE = Pattern.compile("<include\\s+file=\"([^\"]+)\"");

    /** What a start found. */
    public enum Outcome {
        /** The changelogs are those last applied in full: Liquibase was not run. */
        UNCHANGED,
        /** Liquibase ran: it applied what was missing, if anything, and the fingerprint was recorded. */
        MIGRATED
    }

    private SchemaMigration() {
    }

    public static Outcome migrate(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return migrate(connection);
        }
    }

    /** @throws SchemaTooNewException when the database has change sets that this version's changelogs lack */
    public static Outcome migrate(Connection connection) throws Exception {
        String fingerprint = fingerprint();
        if (fingerprint.equals(recorded(connection))) {
            return Outcome.UNCHANGED;
        }
        LiquibaseRun.update(connection, fingerprint);
        if (!connection.getAutoCommit()) {
            try {
                connection.commit();
            } catch (SQLException ignored) {
                // Liquibase commits its own work; the fingerprint's update was committed with auto-commit or here
            }
        }
        return Outcome.MIGRATED;
    }

    /**
     * The SHA-256 of the master changelog and of every file it includes, in order, as this build has them.
     */
    static String fingerprint() throws IOException {
        ClassLoader loader = SchemaMigration.class.getClassLoader();
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        byte[] master = read(loader, CHANGELOG);
        sha256.update(master);
        Matcher include = INCLUDE.matcher(new String(master, StandardCharsets.UTF_8));
        while (include.find()) {
            sha256.update(read(loader, "liquibase/" + include.group(1)));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static byte[] read(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the changelog " + resource + " is missing from the application");
            }
            return in.readAllBytes();
        }
    }

    /** The fingerprint the last full migration recorded; {@code null} when there is none (no table yet: older schema). */
    private static String recorded(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("select changelog_sha256 from schema_state where id = 1");
             ResultSet r = s.executeQuery()) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException noTable) {
            if (!connection.getAutoCommit()) {
                connection.rollback(); // PostgreSQL refuses every further statement of a failed transaction
            }
            return null;
        }
    }

    /** The Liquibase part, in a class of its own so that a start which skips it loads none of Liquibase's classes. */
    private static final class LiquibaseRun {

        static void update(Connection connection, String fingerprint) throws Exception {
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
                // The fingerprint under the lock again, after checking once more that no newer Granary migrated the
                // database meanwhile: a fingerprint is only ever recorded for changelogs that are applied in full and
                // that nothing newer has gone beyond.
                lock.waitForLock();
                try {
                    refuseNewerSchema(database, scope);
                    record(connection, fingerprint);
                } finally {
                    lock.releaseLock();
                }
            });
        }

        private static void record(Connection connection, String fingerprint) throws SQLException {
            try (PreparedStatement s = connection.prepareStatement(
                    "update schema_state set changelog_sha256 = ?, migrated_at = current_timestamp where id = 1")) {
                s.setString(1, fingerprint);
                s.executeUpdate();
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
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
}
