package org.granary.persistence;

/** The WinGet index on the embedded default database (an H2 file), the upgrade-sized search included. */
class H2WingetIndexTest extends WingetIndexContractTest {

    @Override
    protected TestDatabase startDatabase() throws Exception {
        return TestDatabase.h2();
    }
}
