/**
 * WinGet: the REST source protocol (contracts 1.1.0 … 1.28.0) for hosted, proxy and group repositories, manifest
 * import and the allow-list mirror.
 * <p>
 * Pure building blocks:
 * <ul>
 * <li>{@link org.granary.format.winget.ContractVersion}: the contracts served, the {@code Version} header,
 *     negotiation as winget does it;</li>
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
 *     of {@code persistence.WingetIndexDao});</li>
 * <li>{@link org.granary.format.winget.WingetPath} (request paths), {@link org.granary.format.winget.WingetDocuments}
 *     (a package's {@code packageManifests/{id}} document: edits, a group's merge, the rendering for one client) and
 *     {@link org.granary.format.winget.InstallerFiles} (where installers live and their URLs);</li>
 * <li>{@link org.granary.format.winget.MirrorRules}: the mirror's allow-list, version rules and source;
 *     {@link org.granary.format.winget.ManifestTree}: a winget-pkgs manifest tree (a directory or a zip) read as far
 *     as an allow-list asks.</li>
 * </ul>
 * On the core seam (no member walk or cache of its own):
 * <ul>
 * <li>{@link org.granary.format.winget.WingetAdapter}: reads through {@code core.RepositoryReads}: manifests as
 *     metadata, installers as artifacts with {@code InstallerSha256} as the expected digest, search (hosted: the index;
 *     group: members merged); WinGet's error bodies. A proxy passes {@code POST manifestSearch} to its upstream, as a
 *     POST through the metadata cache ({@code core.MetadataRequest#postBody}, cached under the hash of body, contract
 *     and page token: max age, revalidation and the stale copy on failure apply), rather than answering from an
 *     index of the manifests it has cached: that index would know only packages somebody already installed, while
 *     {@code winget search} and {@code winget upgrade} ask about everything the upstream has;</li>
 * <li>{@link org.granary.format.winget.WingetPublishing}: every write as one {@code core.HostedStore.Write}, then
 *     {@link org.granary.format.winget.WingetIndex} indexes the package;</li>
 * <li>{@link org.granary.format.winget.WingetMirror}: the updater: the {@code winget-mirror} job ({@code core.FormatJob}) and the
 *     REST API;</li>
 * <li>{@link org.granary.format.winget.WingetPrefetch}: WinGet's part in {@code core.Prefetch} (allow-list rules of a
 *     proxy repository: manifests and installers cached ahead of need);</li>
 * <li>{@link org.granary.format.winget.WingetResource}: the JAX-RS edge.</li>
 * </ul>
 * Depends on {@code core}, {@code web}, {@code format.PathText}, {@code persistence}'s index DAO and records,
 * {@code upstream} (the mirror's archive and installer downloads),
 * Jakarta JSON-P, SnakeYAML Engine and dev.harrel json-schema.
 */
package org.granary.format.winget;
