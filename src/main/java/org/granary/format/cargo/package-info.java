/**
 * The Cargo sparse-registry protocol (RFC 2789): {@code config.json}, index files in the
 * {@code 1/}, {@code 2/}, {@code 3/x/}, {@code ab/cd/} layout, {@code .crate} downloads, and the registry web
 * API (publish, yank, unyank, owners) for hosted repositories.
 * <p>
 * {@link org.granary.format.cargo.CargoPath} parses request paths (index names are matched
 * case-insensitively, the index layout is lower-case); {@link org.granary.format.cargo.CrateIndex} reads
 * index lines (one JSON object per published version, yanked ones included and passed on unchanged);
 * {@link org.granary.format.cargo.RegistryConfig} reads the upstream's {@code config.json} and writes
 * Granary's own, whose {@code dl} points at Granary (with {@code api} where publishing is possible and
 * {@code auth-required} where anonymous reading is off); {@link org.granary.format.cargo.DownloadTemplate}
 * expands an upstream {@code dl} template ({@code {crate}}, {@code {version}}, {@code {prefix}},
 * {@code {lowerprefix}}, {@code {sha256-checksum}}) exactly as Cargo does;
 * {@link org.granary.format.cargo.CargoAdapter} tells the shared cache where index files and crates come
 * from and that a crate must hash to its index line's {@code cksum}, and merges a group's index files (hosted
 * member first, the earlier member winning a version conflict); {@link org.granary.format.cargo.CargoResource}
 * is the JAX-RS edge.
 * <p>
 * Hosted repositories (and groups, for their first hosted member) also offer Cargo's web API:
 * {@link org.granary.format.cargo.CratePublish} reads and validates a {@code cargo publish} body,
 * {@link org.granary.format.cargo.CrateIndex} writes the index line (and flips {@code yanked}),
 * {@link org.granary.format.cargo.CargoPublishing} stores the {@code .crate} and the index file in one
 * {@code core.HostedStore} write (which checks who may), and {@link org.granary.format.cargo.CargoAdapter#errorBody}
 * gives every failure the form Cargo displays ({@code {"errors":[{"detail":...}]}}). A hosted crate's description
 * and owners live in a document of their own ({@link org.granary.format.cargo.CrateInfo}), written with its publishes
 * and by {@code cargo owner} (the rule is {@code core.PackageOwners}'); {@link org.granary.format.cargo.CargoSearch}
 * is {@code cargo search}'s pure query, summary and answer (the member walk is {@code core.PackageSearch}'s).
 * {@link org.granary.format.cargo.CrateManifest} turns a {@code .crate} (its normalised {@code Cargo.toml}) into the
 * request {@code cargo publish} would send for it, for the console's upload.
 * <p>
 * Depends on {@code core} and {@code web}; nothing here caches or stores by itself.
 */
package org.granary.format.cargo;
