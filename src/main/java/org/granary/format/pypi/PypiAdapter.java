package org.granary.format.pypi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.CachedMetadata;
import org.granary.core.ExpectedDigest;
import org.granary.core.GroupReads;
import org.granary.core.MetadataRequest;
import org.granary.core.NotFoundException;
import org.granary.core.ProxyCache;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.core.UpstreamFailureException;
import org.granary.persistence.Format;
import org.granary.web.FormatEndpoints;

/**
 * PyPI on the shared cache: names the upstream URL of a project page (asked for as PEP 691 JSON, HTML
 * accepted), and for a distribution file or its {@code .metadata} the upstream URL and expected hash, looked
 * up by file name in the cached project page. A hosted member's page is its document of uploads
 * ({@link HostedProject}); a group's page merges its members' pages.
 */
@ApplicationScoped
public class PypiAdapter implements FormatEndpoints {

    /** What Granary asks upstreams for: JSON preferred, either HTML flavour accepted. */
    static final String UPSTREAM_ACCEPT = "application/vnd.pypi.simple.v1+json, "
            + "application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1";
    static final String FILE_TYPE = "application/octet-stream";
    static final String METADATA_TYPE = "text/plain; charset=utf-8";

    @Inject
    ProxyCache cache;
    @Inject
    RepositoryRegistry registry;
    @Inject
    GranaryConfig config;
    @Inject
    PypiPublisher publisher;

    @Override
    public Format format() {
        return Format.PYPI;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new PypiResource(repo, this, publisher, config);
    }

    /**
     * A project page: of every member of {@code repo} that has the project, merged in member order (hosted first;
     * a file name listed by an earlier member hides the same file name in a later one).
     */
    public ProjectPage project(RepositoryInfo repo, String project) {
        return new ProjectPage(project, GroupReads.allFound(repo, registry.members(repo), member -> memberPage(member, project)));
    }

    private MemberPage memberPage(RepositoryInfo member, String project) {
        URI pageUrl = pageUrl(member, project);
        CachedMetadata meta = cache.metadata(member, new MetadataRequest("simple/" + project, pageUrl,
                Map.of("Accept", UPSTREAM_ACCEPT), in -> SimplePageParser.parse(in.readAllBytes(), pageUrl, project)));
        return new MemberPage(member, meta, pageUrl);
    }

    /** A distribution file, from the first member of {@code repo} whose page of the project lists it. */
    public ArtifactResult file(RepositoryInfo repo, PypiPath.File f) {
        return GroupReads.firstFound(repo, registry.members(repo), member ->
                cache.artifact(member, f.artifactPath(), () -> fileSource(member, f)));
    }

    /** The core metadata of a distribution file (PEP 658), when its project page says it exists. */
    public ArtifactResult coreMetadata(RepositoryInfo repo, PypiPath.CoreMetadata m) {
        return GroupReads.firstFound(repo, registry.members(repo), member ->
                cache.artifact(member, m.artifactPath(), () -> coreMetadataSource(member, m)));
    }

    /** The project list Granary answers with: empty (installers never read it; the upstream's is huge). */
    public List<String> projectList(RepositoryInfo repo) {
        return List.of();
    }

    private ArtifactSource fileSource(RepositoryInfo member, PypiPath.File f) {
        SimplePage.Distribution d = distribution(member, f.project(), f.filename());
        return new ArtifactSource(checkedHttp(d.url(), f), expected(d.hashes()), coordinates(f.project(), d), FILE_TYPE);
    }

    private ArtifactSource coreMetadataSource(RepositoryInfo member, PypiPath.CoreMetadata m) {
        SimplePage.Distribution d = distribution(member, m.project(), m.filename());
        if (!d.hasCoreMetadata()) {
            throw new NotFoundException(m.filename() + " of project " + m.project()
                    + " has no core metadata file upstream (PEP 658)");
        }
        return new ArtifactSource(d.coreMetadataUrl(), expected(d.coreMetadata()), coordinates(m.project(), d),
                METADATA_TYPE);
    }

    private SimplePage.Distribution distribution(RepositoryInfo member, String project, String filename) {
        return project(member, project).page().file(filename).orElseThrow(() -> new NotFoundException(
                filename + " is not a file of project " + project + " in repository '" + member.name() + "'"));
    }

    private static URI checkedHttp(URI url, PypiPath.File f) {
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new UpstreamFailureException("the upstream page of " + f.project() + " points " + f.filename()
                    + " at a non-HTTP URL");
        }
        return url;
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
        return member.upstreamUrl(project + "/");
    }

    /** One member's page of a project: an upstream page as cached, or a hosted repository's document. */
    public record MemberPage(RepositoryInfo member, CachedMetadata metadata, URI pageUrl) {
        public SimplePage page(String project) {
            try (InputStream in = metadata.open()) {
                byte[] bytes = in.readAllBytes();
                return member.isHosted() ? HostedProject.page(bytes, project, member.name())
                        : SimplePageParser.parse(bytes, pageUrl, project);
            } catch (IOException e) {
                throw new UpstreamFailureException("cached project page of " + project + " in repository '"
                        + member.name() + "' is unreadable: " + e.getMessage(), e);
            }
        }
    }

    /** A project page as served: the pages of the members that have the project, merged on reading. */
    public record ProjectPage(String project, List<MemberPage> members) {

        /** What the served page derives from (its ETag): the one member's page, or all members' together. */
        public CachedMetadata metadata() {
            if (members.size() == 1) {
                return members.get(0).metadata();
            }
            StringBuilder sources = new StringBuilder();
            long size = 0;
            Instant fetchedAt = null;
            boolean stale = false;
            for (MemberPage m : members) {
                CachedMetadata c = m.metadata();
                sources.append(m.member().name()).append('=').append(c.sha256()).append('\n');
                size += c.size();
                fetchedAt = fetchedAt == null || (c.fetchedAt() != null && c.fetchedAt().isAfter(fetchedAt))
                        ? c.fetchedAt() : fetchedAt;
                stale |= c.stale();
            }
            return new CachedMetadata(sha256(sources.toString()), size, null, fetchedAt, stale, () -> {
                throw new IOException("a merged project page has no stored copy");
            });
        }

        public SimplePage page() {
            return SimplePage.merge(project, members.stream().map(m -> m.page(project)).toList());
        }

        private static String sha256(String s) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
