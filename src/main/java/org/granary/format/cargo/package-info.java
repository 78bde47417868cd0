/**
 * The Cargo sparse-registry protocol (RFC 2789): {@code config.json}, index files in the
 * {@code 1/}, {@code 2/}, {@code 3/x/}, {@code ab/cd/} layout, and {@code .crate} downloads.
 * <p>
 * {@link org.granary.format.cargo.CargoPath} parses request paths (index names are matched
 * case-insensitively, the index layout is lower-case); {@link org.granary.format.cargo.CrateIndex} reads
 * index lines (one JSON object per published version, yanked ones included and passed on unchanged);
 * {@link org.granary.format.cargo.RegistryConfig} reads the upstream's {@code config.json} and writes
 * Granary's own, whose {@code dl} points at Granary; {@link org.granary.format.cargo.DownloadTemplate}
 * expands an upstream {@code dl} template ({@code {crate}}, {@code {version}}, {@code {prefix}},
 * {@code {lowerprefix}}, {@code {sha256-checksum}}) exactly as Cargo does;
 * {@link org.granary.format.cargo.CargoAdapter} tells the shared cache where index files and crates come
 * from and that a crate must hash to its index line's {@code cksum}; {@link org.granary.format.cargo.CargoResource}
 * is the JAX-RS edge.
 * <p>
 * Depends on {@code core} and {@code web}; nothing here caches by itself.
 */
package org.granary.format.cargo;
