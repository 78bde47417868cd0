/**
 * One sub-package per ecosystem (npm, pypi, cargo, maven, go; winget later). Each holds only: a JAX-RS
 * sub-resource, a pure path parser (URL to coordinates), a metadata rewriter, and the adapter bean that
 * tells {@link org.granary.core.ProxyCache} where things come from. Caching is never re-implemented here.
 */
package org.granary.format;
