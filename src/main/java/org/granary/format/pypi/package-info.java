/**
 * The Python package index protocol: the Simple API (PEP 503 HTML and PEP 691 JSON, negotiated on
 * {@code Accept} or {@code ?format=}), with PEP 592 yanking, PEP 629 version meta, PEP 658/714 core
 * metadata files and PEP 700 fields; distribution files and their {@code .metadata} files.
 * <p>
 * URL layout of a repository {@code /granary/{repository}/}:
 * <ul>
 *   <li>{@code simple/} — the project list: every project the repository can serve (hosted, cached, a proxy's upstream
 *       list through the metadata cache), streamed ({@link org.granary.format.pypi.ProjectList});</li>
 *   <li>{@code pypi/{project}/json}, {@code pypi/{project}/{version}/json} — PyPI's JSON API
 *       ({@link org.granary.format.pypi.PypiJson}), hosted from the info kept at upload, proxied from the upstream's
 *       JSON API beside its index, merged for groups;</li>
 *   <li>{@code simple/{project}/} — a project page; a non-normalised name (PEP 503) or a missing trailing
 *       slash is answered with a 301 to the normalised URL;</li>
 *   <li>{@code files/{project}/{filename}} — a distribution file, and {@code files/{project}/{filename}.metadata}
 *       its core metadata. On a miss, the upstream URL and the expected sha256 are looked up by filename in
 *       the cached page of {@code project}, so a file URL needs nothing but the project and the filename.</li>
 *   <li>{@code POST /} (and {@code POST legacy/}) — PyPI's legacy upload API, as twine speaks it:
 *       {@code multipart/form-data} with {@code :action=file_upload}, {@code name}, {@code version},
 *       {@code filetype}, {@code sha256_digest} ... and the file part {@code content}. A hosted repository takes
 *       the upload, a group gives it to its first hosted member.</li>
 * </ul>
 * <p>
 * Hosted repositories: {@link org.granary.format.pypi.PypiPublishing} turns an upload into one {@code core.HostedStore} write: validates the
 * form ({@link org.granary.format.pypi.UploadForm}: PEP 508 names, PEP 440 versions
 * ({@link org.granary.format.pypi.PythonVersion}), a file name naming that project and version), streams the file
 * into {@link org.granary.core.HostedStore} (size limit, declared sha256, no replacing: PyPI's "File already
 * exists"), stores a wheel's {@code .dist-info/METADATA} ({@link org.granary.format.pypi.WheelMetadata}) as
 * {@code {file}.metadata}, and adds the file to the project's document ({@link org.granary.format.pypi.HostedProject}),
 * from which the project page is rendered. A group's project page merges its members' pages, hosted first
 * ({@link org.granary.format.pypi.SimplePage#merge}).
 * <p>
 * Yank/unyank and delete of hosted files: {@link org.granary.format.pypi.PypiFilesResource} (under
 * {@code /granary/api/repositories/{repo}/pypi/}) calling {@link org.granary.format.pypi.PypiPublishing}; a whole version
 * is deleted through {@code core.HostedDeletes} with {@link org.granary.format.pypi.PypiVersionDeletion}.
 * <p>
 * Pure parts: {@link org.granary.format.pypi.PypiPath} (request paths), {@link org.granary.format.pypi.ProjectName}
 * (PEP 503 normalisation), {@link org.granary.format.pypi.HtmlAnchors} and
 * {@link org.granary.format.pypi.SimplePageParser} (upstream pages, JSON or HTML, into a
 * {@link org.granary.format.pypi.SimplePage}), {@link org.granary.format.pypi.SimplePageRenderer} (the page as
 * Granary serves it, file URLs rewritten) and {@link org.granary.format.pypi.SimpleFormat} (content negotiation).
 * {@link org.granary.format.pypi.PypiAdapter} names upstream URLs and expected hashes for the shared cache;
 * {@link org.granary.format.pypi.PypiResource} is the JAX-RS edge (multipart read with the standard
 * {@link jakarta.ws.rs.core.EntityPart}, which spools large parts to disk). Caching itself is
 * {@link org.granary.core.RepositoryReads}'s.
 */
package org.granary.format.pypi;
