/**
 * The Go module proxy protocol (GOPROXY): {@code <module>/@v/list} and {@code <module>/@latest} as mutable
 * metadata, a release's {@code .info}, {@code .mod} and {@code .zip} as immutable artifacts, with module
 * paths and versions case-encoded ({@code !x} for an upper-case letter) in URLs and storage keys.
 * <p>
 * {@link org.granary.format.go.GoPath} parses request paths; {@link org.granary.format.go.ModulePath} and
 * {@link org.granary.format.go.ModuleVersion} validate and encode module paths and versions by go's rules;
 * {@link org.granary.format.go.ModuleZip} verifies module zips and computes their go.sum {@code h1:} hash
 * (all pure); {@link org.granary.format.go.GoAdapter} names upstream URLs and the checks for the shared cache;
 * {@link org.granary.format.go.GoResource} is the JAX-RS edge. Under {@code sumdb/<name>/} the checksum databases
 * {@link org.granary.format.go.SumDbConfig} names are proxied: {@link org.granary.format.go.SumDbPath} parses
 * their paths (pure), {@link org.granary.format.go.GoSumDbProxy} reads them through the shared caches (tiles as
 * artifacts, {@code latest} and lookups as metadata). Depends on {@code core}, {@code config} and {@code web} only.
 */
package org.granary.format.go;
