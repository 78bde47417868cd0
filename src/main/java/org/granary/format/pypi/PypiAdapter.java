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
 * up by file name in the cached project page.
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

    @Override
    public Format format() {
        return Format.PYPI;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new PypiResource(repo, this, config);
    }

    /** A project page as cached, from the first member of {@code repo} that has the project. */
    public ProjectPage project(RepositoryInfo repo, String project) {
        return GroupReads.firstFound(repo, registry.members(repo), member -> {
            URI pageUrl = pageUrl(member, project);
            CachedMetadata meta = cache.metadata(member, new MetadataRequest("simple/" + project, pageUrl,
                    Map.of("Accept", UPSTREAM_ACCEPT), in -> SimplePageParser.parse(in.readAllBytes(), pageUrl, project)));
            return new ProjectPage(meta, pageUrl, project);
        });
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

    /** A cached project page with the URL it was fetched from (relative file URLs resolve against it). */
    public record ProjectPage(CachedMetadata metadata, URI pageUrl, String project) {
        public SimplePage page() {
            try (InputStream in = metadata.open()) {
                return SimplePageParser.parse(in.readAllBytes(), pageUrl, project);
            } catch (IOException e) {
                throw new UpstreamFailureException("cached project page of " + project + " is unreadable: "
                        + e.getMessage(), e);
            }
        }
    }
}
