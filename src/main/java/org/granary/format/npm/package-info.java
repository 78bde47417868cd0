/**
 * The npm registry protocol: packuments (full and abbreviated), tarballs, dist-tags and version documents,
 * for scoped ({@code @scope/name}, also requested as {@code @scope%2fname}) and unscoped packages; and for
 * hosted repositories (and groups, which write to their first hosted member) npm's write API: publish,
 * deprecate, dist-tag changes, unpublish, owners, and the account endpoints npm uses (couch login, whoami, logout,
 * tokens, user documents); for every repository npm search ({@code /-/v1/search}) and npm audit (forwarded to a
 * proxy's upstream).
 * <p>
 * {@link org.granary.format.npm.NpmPath} parses request paths; {@link org.granary.format.npm.PackumentRewriter}
 * rewrites tarball URLs and derives the abbreviated form; {@link org.granary.format.npm.NpmAdapter} names
 * upstream URLs and expected hashes for the shared cache and merges a group's packuments;
 * {@link org.granary.format.npm.PublishBody} reads a publish body in one pass, decoding its tarball to a file;
 * {@link org.granary.format.npm.TarballPublish} makes that body from a bare tarball (the console's upload);
 * {@link org.granary.format.npm.HostedPackument} holds the pure edits of a hosted packument and the group merge;
 * {@link org.granary.format.npm.NpmPublishing} applies the write API as {@code core.HostedStore} writes and
 * {@code security.RepositoryAccess}; {@link org.granary.format.npm.NpmSearch} is search's pure query, summary and
 * answer (the member walk is {@code core.PackageSearch}'s); {@link org.granary.format.npm.AuditBody} reads an audit
 * request and strips what must not leave, {@link org.granary.format.npm.NpmAudit} asks the upstream (through
 * {@code core.UpstreamQueries}); {@link org.granary.format.npm.NpmResource} is the JAX-RS edge.
 * May depend on {@code core}, {@code security}, {@code config} and {@code web}; it uses persistence types only as
 * those services hand them out (a token record from {@code security.TokenService}), never a DAO.
 * <p>
 * Deleting a hosted version through {@code core.HostedDeletes} (the REST API, the console):
 * {@link org.granary.format.npm.NpmVersionDeletion}, npm unpublish's edit.
 */
package org.granary.format.npm;
