package org.granary.persistence;

/** The persistence contract on PostgreSQL with EclipseLink, GlassFish 7's Jakarta Persistence provider. */
class EclipseLinkPostgresPersistenceTest extends PostgresPersistenceTest {

    @Override
    protected String provider() {
        return "org.eclipse.persistence.jpa.PersistenceProvider";
    }
}
