package org.granary.format.pypi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.CachedMetadata;
import org.granary.core.ExpectedDigest;
import org.granary.core.Format;
import org.granary.core.GranaryException;
import org.granary.core.PackageSearch;
import org.granary.core.Identity;
import org.granary.core.MetadataRequest;
import org.granary.core.NotFoundException;
import org.granary.core.ReleaseKey;
import org.granary.core.ReleaseListing;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.core.UpstreamFailureException;
import org.granary.web.FormatEndpoints;

/**
 * PyPI on the shared read path: a project page request (PEP 691 JSON asked for, HTML accepted), where a
 * distribution file or its {@code .metadata} comes from and what it must hash to (looked up by file name in the
 * member's project page), and how a group's pages merge ({@link SimplePage#merge}). A hosted member's page is its
 * document of uploads ({@link HostedProject}). Walking members, access and caching are core's.
 */
@ApplicationScoped
public class PypiAdapter implements FormatEndpoints {

    /** What Granary asks upstreams for: JSON preferred, either HTML flavour accepted. */
    static final String UPSTREAM_ACCEPT = "application/vnd.pypi.simple.v1+json, "
            + "application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1";
    static final String FILE_TYPE = "application/octet-stream";
    static final String METADATA_TYPE = "text/plain; charset=utf-8";

    /** Where a group's merged page lives while it is being served (its file URLs are never fetched). */
    private static final URI MERGED_BASE = URI.create("http://localhost/merged/files/");

    @Inject
    RepositoryReads reads;
    @Inject
    Identity who;
    @Inject
    GranaryConfig config;
    @Inject
    PypiPublishing publishing;
    @Inject
    PackageSearch search;

    private static final Logger LOG = Logger.getLogger(PypiAdapter.class.getName());

    @Override
    public Format format() {
        return Format.PYPI;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new PypiResource(repo, this, publishing, config);
    }

    /** Uploads ({@code POST} of the legacy upload form) write to the hosted repository. */

    /** The stored artifact a GET of {@code pathInRepo} reads, for the edge's fast path of hits. */
    @Override
    public Optional<ArtifactPath> artifactPath(String pathInRepo) {
        return FormatEndpoints.parsedArtifactPath(() -> {
            PypiPath path = PypiPath.parse(pathInRepo);
            return path instanceof PypiPath.File f ? new ArtifactPath(f.artifactPath(), release(f.project(), f.filename()))
                    : path instanceof PypiPath.CoreMetadata m
                    ? new ArtifactPath(m.artifactPath(), release(m.project(), m.filename())) : null;
        });
    }
    @Override
    public boolean isPublishRequest(String method, String pathInRepo) {
        return "POST".equals(method);
    }

    /**
     * A project page: of every member of {@code repo} that has the project, merged in member order (hosted first;
     * a file name listed by an earlier member hides the same file name in a later one). Read it with {@link #page}.
     */
    public CachedMetadata project(RepositoryInfo repo, String project) {
        return guardedProject(repo, project).document();
    }

    /**
     * {@link #project}, with the gate of the supply-chain guards: the page a client sees is
     * {@code CooldownFilter.filter(page(document), gate::allows)}, for HTML and JSON alike.
     */
    public RepositoryReads.GuardedDocument guardedProject(RepositoryInfo repo, String project) {
        return reads.guarded(repo, who, member -> pageRequest(member, project), pages -> merge(project, pages));
    }

    /** The page as kept by the repository it came from: an upstream page, a hosted document, or a group's merge. */
    public static SimplePage page(CachedMetadata meta, String project) {
        RepositoryInfo source = meta.source();
        byte[] bytes = meta.bytes();
        try {
            if (source.isHosted()) {
                return HostedProject.page(bytes, project, source.name());
            }
            return SimplePageParser.parse(bytes, source.isGroup() ? MERGED_BASE : pageUrl(source, project), project);
        } catch (IOException e) {
            throw new UpstreamFailureException("the stored project page of " + project + " in repository '"
                    + source.name() + "' is unreadable: " + e.getMessage(), e);
        }
    }

    private static byte[] merge(String project, List<CachedMetadata> pages) {
        SimplePage merged = SimplePage.merge(project, pages.stream().map(p -> page(p, project)).toList());
        return SimplePageRenderer.json(merged, MERGED_BASE.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static MetadataRequest pageRequest(RepositoryInfo member, String project) {
        return new MetadataRequest("simple/" + project, project + "/", Map.of("Accept", UPSTREAM_ACCEPT),
                in -> SimplePageParser.parse(in.readAllBytes(), pageUrl(member, project), project))
                .withListing(new ReleaseListing(project, bytes -> CooldownFilter.releaseTimes(member.isHosted()
                        ? HostedProject.page(bytes, project, member.name())
                        : SimplePageParser.parse(bytes, pageUrl(member, project), project))));
    }

    /** A distribution file, from the first member of {@code repo} whose page of the project lists it. */
    public ArtifactResult file(RepositoryInfo repo, PypiPath.File f) {
        return artifact(repo, f.artifactPath(), f.project(), f.filename(), fileSource(who, f));
    }

    /** Where a distribution file of a proxy member comes from, read as {@code as} (prefetch reads as Granary itself). */
    java.util.function.Function<RepositoryInfo, ArtifactSource> fileSource(Identity as, PypiPath.File f) {
        return member -> fileSource(member, as, f);
    }

    /** Where the core metadata of a file of a proxy member comes from, read as {@code as}. */
    java.util.function.Function<RepositoryInfo, ArtifactSource> coreMetadataSource(Identity as, PypiPath.CoreMetadata m) {
        return member -> coreMetadataSource(member, as, m);
    }

    /** A member's page of {@code project}, read as {@code as}. */
    SimplePage memberPage(RepositoryInfo member, Identity as, String project) {
        return page(reads.first(member, as, m -> pageRequest(m, project)), project);
    }

    /** The core metadata of a distribution file (PEP 658), when its project page says it exists. */
    public ArtifactResult coreMetadata(RepositoryInfo repo, PypiPath.CoreMetadata m) {
        return artifact(repo, m.artifactPath(), m.project(), m.filename(), coreMetadataSource(who, m));
    }

    /** A file of a release, if the supply-chain guards let the release through (a file named oddly: unguarded). */
    private ArtifactResult artifact(RepositoryInfo repo, String path, String project, String filename,
                                    java.util.function.Function<RepositoryInfo, ArtifactSource> source) {
        ReleaseKey release = release(project, filename);
        if (release == null) {
            return reads.artifact(repo, who, path, source);
        }
        return reads.artifact(repo, who, path, source, release);
    }

    /** What a file of {@code project} is a release of, for the supply-chain guards; {@code null}: named oddly. */
    static ReleaseKey release(String project, String filename) {
        String version = DistributionFilename.version(project, filename);
        return version == null ? null : new ReleaseKey(project, version, m -> pageRequest(m, project));
    }

    /**
     * The project list ({@code simple/}) of {@code repo}, streamed to {@code out}: every project a member can serve, in
     * member order, each once — a hosted member's projects, a proxy member's cached project pages and its upstream's
     * own list (cached as metadata, within the repository's metadata size limit; when the upstream cannot answer and
     * nothing is cached, the cached pages alone).
     */
    public void projectList(RepositoryInfo repo, ProjectList.Output out) throws IOException {
        Map<Long, List<String>> local = new LinkedHashMap<>();
        for (PackageSearch.Found<String> f : search.find(repo, who, LOCAL_PROJECTS, name -> true)) {
            local.computeIfAbsent(f.member().id(), k -> new ArrayList<>()).add(f.summary());
        }
        List<ProjectList.Names> lists = new ArrayList<>();
        for (RepositoryInfo member : reads.readableMembers(repo, who)) {
            List<String> names = local.getOrDefault(member.id(), List.of());
            lists.add(names::forEach);
            if (member.isProxy()) {
                try {
                    CachedMetadata root = reads.first(member, who, m -> ROOT_REQUEST);
                    lists.add(name -> {
                        try (InputStream in = root.open()) {
                            ProjectList.read(in, name);
                        }
                    });
                } catch (GranaryException e) {
                    LOG.log(Level.FINE, "The project list of repository '" + member.name() + "' has only its cached "
                            + "projects: " + e.getMessage(), e);
                }
            }
        }
        try {
            ProjectList.merge(lists, name -> {
                try {
                    out.name(name);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The upstream's project list, kept as the proxy's document {@code projects}. */
    static final MetadataRequest ROOT_REQUEST = new MetadataRequest("projects", "", Map.of("Accept", UPSTREAM_ACCEPT),
            in -> ProjectList.read(in, name -> { }));

    /** The projects a member keeps a page of (hosted documents, cached upstream pages), named by the path alone. */
    private static final PackageSearch.Catalog<String> LOCAL_PROJECTS = new PackageSearch.Catalog<>() {
        @Override
        public String pathPrefix() {
            return "simple/";
        }

        @Override
        public Optional<String> summary(String path, String sha256, java.util.function.Supplier<byte[]> bytes) {
            String name = path.substring("simple/".length());
            return ProjectName.isValid(name) && ProjectName.normalise(name).equals(name) ? Optional.of(name)
                    : Optional.empty();
        }

        @Override
        public String packageName(String summary) {
            return summary;
        }

        @Override
        public MetadataRequest listing(String packageName) {
            return new MetadataRequest("simple/" + packageName, packageName + "/", Map.of("Accept", UPSTREAM_ACCEPT),
                    MetadataRequest.ContentCheck.ANY);
        }
    };

    /**
     * PyPI's JSON API document of {@code project} ({@code version} {@code null}) or of one version, merged over the
     * members (hosted first: a hosted member's from its project document, a proxy member's the upstream's
     * {@code /pypi/<project>/json} through the metadata cache), with the gate of the supply-chain guards.
     *
     * @throws NotFoundException when no member has the project
     */
    public RepositoryReads.GuardedDocument guardedJson(RepositoryInfo repo, String project, String version) {
        try {
            return reads.guarded(repo, who, member -> jsonRequest(member, project, version),
                    docs -> PypiJson.write(PypiJson.merge(docs.stream().map(PypiAdapter::jsonDoc).toList())));
        } catch (NotFoundException e) {
            throw new NotFoundException("repository '" + repo.name() + "' has no project " + project
                    + (version == null ? "" : " with version " + version) + " (PyPI JSON API): " + e.getMessage());
        }
    }

    /** A member's (or a group's merged) JSON API document, read. */
    public static PypiJson.Doc jsonDoc(CachedMetadata meta) {
        RepositoryInfo source = meta.source();
        try {
            return source.isHosted() ? PypiJson.hosted(meta.bytes())
                    : source.isGroup() ? PypiJson.read(meta.bytes()) : PypiJson.upstream(meta.bytes());
        } catch (IOException e) {
            throw new UpstreamFailureException("the stored JSON API document in repository '" + source.name()
                    + "' is unreadable: " + e.getMessage(), e);
        }
    }

    /** A hosted member's project document; a proxy member's {@code <upstream>/../pypi/<project>[/<version>]/json}. */
    private static MetadataRequest jsonRequest(RepositoryInfo member, String project, String version) {
        if (member.isHosted()) {
            return pageRequest(member, project);
        }
        String path = project + "/" + (version == null ? "" : PypiPath.encodeSegment(version) + "/") + "json";
        return new MetadataRequest("pypi/" + path, "../pypi/" + path, Map.of("Accept", PypiJson.CONTENT_TYPE),
                in -> PypiJson.upstream(in.readAllBytes()))
                .withListing(new ReleaseListing(project, bytes -> PypiJson.releaseTimes(PypiJson.upstream(bytes))));
    }

    private ArtifactSource fileSource(RepositoryInfo member, Identity as, PypiPath.File f) {
        SimplePage.Distribution d = distribution(member, as, f.project(), f.filename());
        return new ArtifactSource(d.url(), expected(d.hashes()), coordinates(f.project(), d), FILE_TYPE);
    }

    private ArtifactSource coreMetadataSource(RepositoryInfo member, Identity as, PypiPath.CoreMetadata m) {
        SimplePage.Distribution d = distribution(member, as, m.project(), m.filename());
        if (!d.hasCoreMetadata()) {
            throw new NotFoundException(m.filename() + " of project " + m.project()
                    + " has no core metadata file upstream (PEP 658)");
        }
        return new ArtifactSource(d.coreMetadataUrl(), expected(d.coreMetadata()), coordinates(m.project(), d),
                METADATA_TYPE);
    }

    private SimplePage.Distribution distribution(RepositoryInfo member, Identity as, String project, String filename) {
        return page(reads.first(member, as, m -> pageRequest(m, project)), project).file(filename).orElseThrow(() -> new NotFoundException(
                filename + " is not a file of project " + project + " in repository '" + member.name() + "'"));
    }

    /** The strongest hash the core verifies: sha256 (what PEP 503 recommends), else sha512, else sha1. */
    static Optional<ExpectedDigest> expected(Map<String, String> hashes) {
        for (ExpectedDigest.Algorithm alg : List.of(ExpectedDigest.Algorithm.SHA256, ExpectedDigest.Algorithm.SHA512,
                ExpectedDigest.Algorithm.SHA1)) {
            String hex = hashes.get(alg.name().toLowerCase(Locale.ROOT));
            if (hex != null) {
                return Optional.of(new ExpectedDigest(alg, hex));
            }
        }
        return Optional.empty();
    }

    private static ArtifactSource.Coordinates coordinates(String project, SimplePage.Distribution d) {
        Instant released = null;
        if (d.uploadTime() != null) {
            try {
                released = Instant.parse(d.uploadTime());
            } catch (DateTimeParseException ignored) {
                // the upload time is informative only
            }
        }
        return new ArtifactSource.Coordinates(project, "pypi", project,
                DistributionFilename.version(project, d.filename()), released);
    }

    /** {@code <upstream index>/<project>/}. */
    static URI pageUrl(RepositoryInfo member, String project) {
        if (!member.isProxy()) {
            return MERGED_BASE;
        }
        return member.upstreamUrl(project + "/");
    }

}
