/**
 * JPA entities and the data-access beans that read and write them. Liquibase (the {@code liquibase/}
 * changelogs) owns the schema; Hibernate never generates it.
 * <p>
 * Belongs here: entities ({@code Repository}, {@code PackageEntry}, {@code VersionEntry},
 * {@code ArtifactEntry}, {@code MetadataEntry}), the enums stored in their columns, the {@code *Dao} beans
 * (the only code that touches the {@code EntityManager}), the embedded default datasource and the
 * schema migrator (which refuses a schema newer than it knows). Mappings stay within what every Jakarta
 * Persistence 3.1 provider maps (Hibernate on WildFly, EclipseLink on GlassFish): {@code Instant} through
 * {@code UtcInstantConverter}, ids flushed at create. Depends on nothing else in Granary but {@code config}.
 */
package org.granary.persistence;
