/**
 * The npm registry protocol: packuments (full and abbreviated), tarballs, dist-tags and version documents,
 * for scoped ({@code @scope/name}, also requested as {@code @scope%2fname}) and unscoped packages.
 * <p>
 * {@link org.granary.format.npm.NpmPath} parses request paths; {@link org.granary.format.npm.PackumentRewriter}
 * rewrites tarball URLs and derives the abbreviated form; {@link org.granary.format.npm.NpmAdapter} names
 * upstream URLs and expected hashes for the shared cache; {@link org.granary.format.npm.NpmResource} is the
 * JAX-RS edge.
 */
package org.granary.format.npm;
