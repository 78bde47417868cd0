package org.granary.persistence;

/** The persistence contract on the embedded default database: an H2 file, at the URL production uses. */
class H2PersistenceTest extends PersistenceContractTest {

    @Override
    protected TestDatabase startDatabase() throws Exception {
        return TestDatabase.h2();
    }
}
