/**
 * The Python package index protocol: the Simple API (PEP 503 HTML and PEP 691 JSON, negotiated on
 * {@code Accept} or {@code ?format=}), with PEP 592 yanking, PEP 629 version meta, PEP 658/714 core
 * metadata files and PEP 700 fields; distribution files and their {@code .metadata} files.
 * <p>
 * URL layout of a repository {@code /granary/{repository}/}:
 * <ul>
 *   <li>{@code simple/} — the project list (answered minimally; installers never need it);</li>
 *   <li>{@code simple/{project}/} — a project page; a non-normalised name (PEP 503) or a missing trailing
 *       slash is answered with a 301 to the normalised URL;</li>
 *   <li>{@code files/{project}/{filename}} — a distribution file, and {@code files/{project}/{filename}.metadata}
 *       its core metadata. On a miss, the upstream URL and the expected sha256 are looked up by filename in
 *       the cached page of {@code project}, so a file URL needs nothing but the project and the filename.</li>
 * </ul>
 * <p>
 * Pure parts: {@link org.granary.format.pypi.PypiPath} (request paths), {@link org.granary.format.pypi.ProjectName}
 * (PEP 503 normalisation), {@link org.granary.format.pypi.HtmlAnchors} and
 * {@link org.granary.format.pypi.SimplePageParser} (upstream pages, JSON or HTML, into a
 * {@link org.granary.format.pypi.SimplePage}), {@link org.granary.format.pypi.SimplePageRenderer} (the page as
 * Granary serves it, file URLs rewritten) and {@link org.granary.format.pypi.SimpleFormat} (content negotiation).
 * {@link org.granary.format.pypi.PypiAdapter} names upstream URLs and expected hashes for the shared cache;
 * {@link org.granary.format.pypi.PypiResource} is the JAX-RS edge. Caching itself is
 * {@link org.granary.core.ProxyCache}'s.
 */
package org.granary.format.pypi;
