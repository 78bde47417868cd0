package org.granary.core;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.granary.persistence.SchemaMigration;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The database of the core harness: one H2 in-memory database per test JVM, migrated by the real Liquibase
 * changelogs, with the persistence unit {@code granary} switched to resource-local (as the persistence tests do).
 * <p>
 * The DAOs are {@code @Transactional} CDI beans whose interceptor does not run here. In its place
 * {@link #required} / {@link #requiresNew} open a resource-local transaction bound to the calling thread, and
 * {@link #entityManager()} is what the DAOs get injected: an {@link EntityManager} that forwards to the thread's
 * current transaction, as the container's transaction-scoped persistence context does. A DAO method called
 * outside such a transaction fails loudly instead of silently running in none.
 */
final class HarnessDatabase {

    private static HarnessDatabase shared;

    private final JdbcDataSource dataSource;
    private final EntityManagerFactory emf;
    private final ThreadLocal<EntityManager> current = new ThreadLocal<>();
    private final EntityManager entityManager;
    private final java.util.concurrent.atomic.AtomicLong transactions = new java.util.concurrent.atomic.AtomicLong();

    private HarnessDatabase() throws Exception {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:granary-core-harness;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        SchemaMigration.migrate(dataSource);
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        p.put("jakarta.persistence.jtaDataSource", null);
        p.put("jakarta.persistence.nonJtaDataSource", dataSource);
        p.put("jakarta.persistence.schema-generation.database.action", "none");
        p.put("hibernate.hbm2ddl.auto", "none");
        emf = Persistence.createEntityManagerFactory("granary", p);
        entityManager = (EntityManager) Proxy.newProxyInstance(EntityManager.class.getClassLoader(),
                new Class<?>[] {EntityManager.class}, (proxy, method, args) -> {
                    EntityManager em = current.get();
                    if (em == null) {
                        throw new IllegalStateException("EntityManager." + method.getName() + " called outside a "
                                + "transaction: wrap the DAO method in HarnessDaos like its other methods");
                    }
                    try {
                        return method.invoke(em, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The database shared by every harness in this JVM (migrated once; {@link #clean() emptied} per harness). */
    static synchronized HarnessDatabase shared() {
        if (shared == null) {
            try {
                shared = new HarnessDatabase();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the harness database", e);
            }
        }
        return shared;
    }

    /** What a DAO gets injected: the calling thread's transaction's EntityManager. */
    EntityManager entityManager() {
        return entityManager;
    }

    /** Runs {@code work} in the thread's transaction, or in a new one committed at the end (JTA REQUIRED). */
    /** How many transactions were begun so far (as the container would begin them: one per outermost DAO call). */
    long transactions() {
        return transactions.get();
    }

    <T> T required(Supplier<T> work) {
        return current.get() != null ? work.get() : requiresNew(work);
    }

    void required(Runnable work) {
        required(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} in a transaction of its own (JTA REQUIRES_NEW): committed when it returns, rolled back when
     * it throws; a transaction the thread already has is suspended meanwhile.
     */
    <T> T requiresNew(Supplier<T> work) {
        transactions.incrementAndGet();
        EntityManager outer = current.get();
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        current.set(em);
        try {
            tx.begin();
            T result = work.get();
            tx.commit();
            return result;
        } catch (RuntimeException | Error e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    /** Counts rows with plain JDBC, outside any transaction ({@code select count(*) from ...}). */
    long count(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Empties every table Granary owns (the schema and Liquibase's own tables stay). */
    void clean() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("select table_name from information_schema.tables "
                    + "where table_schema = 'PUBLIC' and table_type = 'BASE TABLE' "
                    + "and table_name not like 'DATABASECHANGELOG%'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            s.execute("set referential_integrity false");
            for (String t : tables) {
                s.execute("truncate table \"" + t + "\"");
            }
            s.execute("set referential_integrity true");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the harness database", e);
        }
    }
}
