/**
 * Maven repositories in the standard (Maven 2) layout: release files, {@code maven-metadata.xml} at group,
 * artifact and version level, snapshot files (timestamped or not) and checksum files.
 * <p>
 * {@link org.granary.format.maven.MavenPath} parses and validates request paths (pure);
 * {@link org.granary.format.maven.ChecksumAlgorithm} reads and computes checksum files (pure);
 * {@link org.granary.format.maven.MavenMetadataCheck} refuses upstream metadata that is not Maven metadata (pure);
 * {@link org.granary.format.maven.MavenAdapter} tells the shared cache which files are immutable artifacts and
 * which are mutable metadata, and what a release file must hash to (the upstream's {@code .sha512},
 * {@code .sha256} or {@code .sha1}, themselves read through the metadata cache);
 * {@link org.granary.format.maven.MavenResource} is the JAX-RS edge. Maven metadata holds no URLs, so nothing
 * is rewritten.
 * <p>
 * Hosted repositories take {@code mvn deploy} ({@link org.granary.format.maven.MavenPublishing}: immutable
 * releases, replaceable snapshot files, checksum uploads verified rather than stored) and keep their
 * {@code maven-metadata.xml} from what was deployed; {@link org.granary.format.maven.MavenMetadata} reads, changes,
 * merges (for groups) and writes metadata documents and {@link org.granary.format.maven.MavenVersionOrder} orders
 * versions for their {@code latest} and {@code release} (both pure). Who may deploy, storage, size limits,
 * immutability and the one transaction per deployed file are {@code core.HostedStore}'s.
 * <p>
 * Depends on {@code core} and {@code web} only.
 * <p>
 * Deleting a hosted version ({@code core.HostedDeletes}): {@link org.granary.format.maven.MavenVersionDeletion} edits
 * {@code maven-metadata.xml} without it.
 */
package org.granary.format.maven;
