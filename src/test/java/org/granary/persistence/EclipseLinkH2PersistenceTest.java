package org.granary.persistence;

/**
 * The persistence contract on H2 with EclipseLink, GlassFish 7's Jakarta Persistence provider: the same mappings
 * must read and write the same rows with either provider, since the one WAR runs on WildFly and GlassFish.
 */
class EclipseLinkH2PersistenceTest extends H2PersistenceTest {

    @Override
    protected String provider() {
        return "org.eclipse.persistence.jpa.PersistenceProvider";
    }
}
