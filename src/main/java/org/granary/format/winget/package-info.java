/**
 * The WinGet REST source protocol and manifest formats, as pure building blocks (no CDI beans, no JAX-RS yet):
 * <ul>
 * <li>{@link org.granary.format.winget.ContractVersion}: the contracts served (1.1.0 … 1.28.0), the {@code Version}
 *     header, negotiation as winget does it;</li>
 * <li>the manifest model as records ({@link org.granary.format.winget.WingetManifest},
 *     {@link org.granary.format.winget.Localization}, {@link org.granary.format.winget.Installer}, …) and its REST JSON
 *     form ({@link org.granary.format.winget.ManifestJson});</li>
 * <li>{@link org.granary.format.winget.ManifestImport}: YAML singleton and multi-file manifests, zips of a
 *     winget-pkgs tree and REST bodies, validated against the bundled winget-cli schemas
 *     ({@link org.granary.format.winget.ManifestSchemas}), all or nothing;</li>
 * <li>{@link org.granary.format.winget.WingetResponses} and {@link org.granary.format.winget.ContractShape}: the JSON
 *     bodies, cut to what each contract's client can parse;</li>
 * <li>search: {@link org.granary.format.winget.SearchRequest} (the body), {@link org.granary.format.winget.ManifestSearch}
 *     (the semantics, in memory) and {@link org.granary.format.winget.IndexQuery} (the same through the database index
 *     of {@code persistence.WingetIndexDao}).</li>
 * </ul>
 * Depends on {@code core} (for {@code InvalidRequestException}), {@code format.PathText}, {@code persistence}'s index
 * records, Jakarta JSON-P, SnakeYAML Engine and dev.harrel json-schema.
 */
package org.granary.format.winget;
