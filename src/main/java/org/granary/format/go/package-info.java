/**
 * The Go module proxy protocol (GOPROXY): {@code <module>/@v/list} and {@code <module>/@latest} as mutable
 * metadata, a release's {@code .info}, {@code .mod} and {@code .zip} as immutable artifacts, with module
 * paths and versions case-encoded ({@code !x} for an upper-case letter) in URLs and storage keys.
 * <p>
 * {@link org.granary.format.go.GoPath} parses request paths; {@link org.granary.format.go.ModulePath} and
 * {@link org.granary.format.go.ModuleVersion} validate and encode module paths and versions by go's rules;
 * {@link org.granary.format.go.ModuleZip} verifies module zips and computes their go.sum {@code h1:} hash
 * (all pure); {@link org.granary.format.go.GoAdapter} names upstream URLs and the checks for the shared cache;
 * {@link org.granary.format.go.GoResource} is the JAX-RS edge. Depends on {@code core} and {@code web} only.
 */
package org.granary.format.go;
