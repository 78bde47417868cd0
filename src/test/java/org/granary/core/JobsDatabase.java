package org.granary.core;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.MethodDelegation;
import net.bytebuddy.implementation.bind.annotation.AllArguments;
import net.bytebuddy.implementation.bind.annotation.Origin;
import net.bytebuddy.implementation.bind.annotation.RuntimeType;
import net.bytebuddy.matcher.ElementMatchers;
import org.granary.persistence.SchemaMigration;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A real database (H2 in memory, or any {@link DataSource}) with Granary's schema from the Liquibase changelogs, and
 * DAOs that behave as in the container: every public method call is one transaction (the container's
 * {@code @Transactional} interceptor does not run outside it, so a generated subclass does that job here). For fast
 * tests of core services on real SQL: the cleanup and job tests ({@link StoreFixture}, {@link TwoServersTest}), which
 * need DAOs the {@link CoreHarness} does not wrap and a second server on PostgreSQL. (The persistence contract tests
 * have their own {@code org.granary.persistence.TestDatabase}.)
 */
public final class JobsDatabase implements AutoCloseable {

    private final EntityManagerFactory emf;

    public JobsDatabase(DataSource dataSource) throws Exception {
        SchemaMigration.migrate(dataSource);
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        p.put("jakarta.persistence.jtaDataSource", null);
        p.put("jakarta.persistence.nonJtaDataSource", dataSource);
        emf = Persistence.createEntityManagerFactory("granary", p);
    }

    /** A fresh in-memory H2 database (kept open until {@link #close}). */
    public static JobsDatabase h2() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:granary-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return new JobsDatabase(h2);
    }

    private static JobsDatabase shared;

    /**
     * One in-memory H2 database for the whole test run (migrating takes seconds), emptied: every table Granary
     * writes is cleared, so each caller starts from nothing.
     */
    public static synchronized JobsDatabase sharedH2() throws Exception {
        if (shared == null) {
            shared = h2();
        }
        shared.empty();
        return shared;
    }

    /**
     * Every table of the Liquibase changelogs, those that refer to another before it (so plain deletes work on H2 and
     * PostgreSQL alike).
     */
    static final java.util.List<String> TABLES = java.util.List.of("job_run_item", "job_run", "job_lease", "fetch_lease",
            "blob_tombstone", "prefetch_rule", "guard_rule", "guard_policy", "release_time", "winget_index_key",
            "cached_metadata", "artifact", "package_version", "package", "repository_member", "request_history",
            "repository_stats",
            "repository", "api_token", "app_user", "audit_event");

    /** Deletes every row of Granary's tables (the schema stays). */
    public void empty() {
        tx(em -> {
            for (String table : TABLES) {
                em.createNativeQuery("delete from " + table).executeUpdate();
            }
            return null;
        });
    }

    /** Runs {@code work} in one transaction. */
    public <T> T tx(Function<EntityManager, T> work) {
        return inTransaction(emf, work);
    }

    /** Runs {@code work} in one resource-local transaction of {@code emf}, rolled back if it throws. */
    private static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
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

    /** A DAO of {@code type} whose every public method runs in a transaction of its own, as in the container. */
    public <T> T dao(Class<T> type) {
        try {
            Constructor<T> withEm = type.getDeclaredConstructor(EntityManager.class);
            withEm.setAccessible(true);
            Class<? extends T> sub = new ByteBuddy().subclass(type)
                    .method(ElementMatchers.isPublic().and(ElementMatchers.isDeclaredBy(type)))
                    .intercept(MethodDelegation.to(new Interceptor(this, withEm)))
                    .make().load(type.getClassLoader()).getLoaded();
            return sub.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a transactional " + type.getSimpleName(), e);
        }
    }

    public static final class Interceptor {
        private final JobsDatabase db;
        private final Constructor<?> withEm;

        Interceptor(JobsDatabase db, Constructor<?> withEm) {
            this.db = db;
            this.withEm = withEm;
        }

        @RuntimeType
        public Object call(@Origin Method method, @AllArguments Object[] args) throws Throwable {
            try {
                return db.tx(em -> {
                    try {
                        return method.invoke(withEm.newInstance(em), args);
                    } catch (InvocationTargetException e) {
                        throw new Wrapped(e.getCause());
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (Wrapped w) {
                throw w.getCause();
            }
        }
    }

    private static final class Wrapped extends RuntimeException {
        Wrapped(Throwable cause) {
            super(cause);
        }
    }

    @Override
    public void close() {
        if (this != shared) {
            emf.close();
        }
    }
}
