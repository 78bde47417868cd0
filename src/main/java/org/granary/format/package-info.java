/**
 * One sub-package per ecosystem (npm, pypi, cargo, maven, go; winget later), protocol only. Each holds: a JAX-RS
 * sub-resource, a pure path parser (URL to coordinates), pure document functions (rewrite, merge, edit), an adapter
 * bean that tells {@link org.granary.core.RepositoryReads} what to read from one member and how a group's documents
 * merge, a pure {@code CooldownFilter} (release times out of its documents, hidden versions out of them) for the
 * supply-chain guards, and a {@code <Eco>Publishing} bean that turns the client's write API into a
 * {@link org.granary.core.HostedStore} write. Walking members, access, caching and storing are never
 * re-implemented here.
 */
package org.granary.format;
