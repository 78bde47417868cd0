package org.granary.format.maven;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.CachedMetadata;
import org.granary.core.ExpectedDigest;
import org.granary.core.GranaryException;
import org.granary.core.GroupReads;
import org.granary.core.MetadataRequest;
import org.granary.core.NotFoundException;
import org.granary.core.ProxyCache;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.core.UpstreamFailureException;
import org.granary.persistence.ArtifactEntry;
import org.granary.persistence.Format;
import org.granary.upstream.UpstreamClient;
import org.granary.web.FormatEndpoints;

/**
 * Maven repositories on the shared cache. Release files are immutable artifacts, verified against the
 * checksum file the upstream publishes (strongest of {@code .sha512}, {@code .sha256}, {@code .sha1}); every
 * {@code maven-metadata.xml} and every file of a {@code -SNAPSHOT} version is mutable metadata, revalidated
 * by the shared cache (snapshot files are still checked against the upstream's checksum before they replace
 * the cached copy). Checksum files are computed from the bytes Granary serves, never proxied, so they always
 * agree with them. A hosted member serves what was deployed to it ({@link MavenDeployments}); a group serves
 * files from its first member that has them and merges the {@code maven-metadata.xml} of all that have one.
 */
@ApplicationScoped
public class MavenAdapter implements FormatEndpoints {

    private static final Logger LOG = Logger.getLogger(MavenAdapter.class.getName());
    static final String METADATA_TYPE = "application/xml";

    @Inject
    ProxyCache cache;
    @Inject
    RepositoryRegistry registry;
    @Inject
    UpstreamClient upstreamClient;
    @Inject
    MavenDeployments deployments;

    private UpstreamChecksums checksums;

    @PostConstruct
    void init() {
        checksums = new UpstreamChecksums(upstreamClient);
    }

    @Override
    public Format format() {
        return Format.MAVEN;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new MavenResource(repo, this, deployments);
    }

    /**
     * A {@code maven-metadata.xml}: as stored or cached when one member of {@code repo} has it (byte for byte);
     * when several members of a group have it, their documents merged (versions, snapshot builds and plugins of
     * all, the earlier member winning a conflict, latest and release recomputed).
     */
    public CachedMetadata metadata(RepositoryInfo repo, MavenPath.Metadata m) {
        List<CachedMetadata> found = GroupReads.allFound(repo, registry.members(repo), member -> cache.metadata(member,
                new MetadataRequest(m.path(), member.upstreamUrl(m.path()), Map.of(), MavenMetadataCheck::check)));
        return found.size() == 1 ? found.get(0) : merged(m, found);
    }

    private static CachedMetadata merged(MavenPath.Metadata m, List<CachedMetadata> found) {
        List<MavenMetadata> documents = new ArrayList<>();
        IOException problem = null;
        for (CachedMetadata meta : found) {
            try (InputStream in = meta.open()) {
                documents.add(MavenMetadata.parse(in.readAllBytes()));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Leaving a member''s {0} out of the group''s merged metadata: {1}",
                        new Object[] {m.path(), e.getMessage()});
                problem = e;
            }
        }
        if (documents.isEmpty()) {
            throw new UpstreamFailureException("cannot merge " + m.path() + " of the group's members: "
                    + problem.getMessage(), problem);
        }
        byte[] bytes = MavenMetadata.merge(documents).render();
        Instant fetchedAt = found.stream().map(CachedMetadata::fetchedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new CachedMetadata(ChecksumAlgorithm.SHA256.compute(bytes), bytes.length, METADATA_TYPE, fetchedAt,
                found.stream().anyMatch(CachedMetadata::stale), () -> new ByteArrayInputStream(bytes));
    }

    /**
     * A file of a {@code -SNAPSHOT} version (timestamped or not), from the first member of {@code repo} that has
     * it: as deployed to a hosted member, as cached from a proxy's upstream (where it may change).
     */
    public CachedMetadata snapshotFile(RepositoryInfo repo, MavenPath.ArtifactFile f) {
        return GroupReads.firstFound(repo, registry.members(repo), member -> member.isHosted()
                ? deployedSnapshotFile(member, f)
                : cache.metadata(member, new MetadataRequest(f.path(), member.upstreamUrl(f.path()), Map.of(),
                        content -> verifySnapshot(member, f, content))));
    }

    /** A snapshot file deployed to a hosted repository is stored as an (replaceable) artifact. */
    private CachedMetadata deployedSnapshotFile(RepositoryInfo hosted, MavenPath.ArtifactFile f) {
        ArtifactResult result = cache.artifact(hosted, f.path(), () -> {
            throw new NotFoundException(f.path() + " is not in repository '" + hosted.name() + "'");
        });
        ArtifactEntry e = ((ArtifactResult.Stored) result).entry();
        return new CachedMetadata(e.getSha256(), e.getSize(), e.getContentType(), e.getFetchedAt(), false,
                () -> result.open(0));
    }

    /** A release file: immutable, from the first member of {@code repo} that has it. */
    public ArtifactResult releaseFile(RepositoryInfo repo, MavenPath.ArtifactFile f) {
        return GroupReads.firstFound(repo, registry.members(repo), member ->
                cache.artifact(member, f.path(), () -> source(member, f)));
    }

    /**
     * The checksum of the file Granary serves for {@code c.target()}, fetching that file first if it is not
     * cached: recorded hashes for cached release files, computed from the served bytes otherwise.
     */
    public String checksum(RepositoryInfo repo, MavenPath.Checksum c) {
        ChecksumAlgorithm algorithm = c.algorithm();
        if (c.target() instanceof MavenPath.Metadata m) {
            return of(metadata(repo, m), algorithm);
        }
        MavenPath.ArtifactFile f = (MavenPath.ArtifactFile) c.target();
        if (f.snapshot()) {
            return of(snapshotFile(repo, f), algorithm);
        }
        ArtifactResult result = releaseFile(repo, f);
        if (result instanceof ArtifactResult.Stored stored) {
            Optional<String> recorded = algorithm.recorded(stored.entry());
            if (recorded.isPresent()) {
                return recorded.get();
            }
        }
        try (InputStream in = result.open(0)) {
            return algorithm.compute(in);
        } catch (IOException e) {
            throw readFailure(f.path(), e);
        }
    }

    private static String of(CachedMetadata meta, ChecksumAlgorithm algorithm) {
        if (algorithm == ChecksumAlgorithm.SHA256) {
            return meta.sha256();
        }
        try (InputStream in = meta.open()) {
            return algorithm.compute(in);
        } catch (IOException e) {
            throw readFailure("cached file", e);
        }
    }

    private static GranaryException readFailure(String what, IOException e) {
        if (e.getCause() instanceof GranaryException g) {
            return g;
        }
        return new UpstreamFailureException("cannot read " + what + " to compute its checksum: " + e.getMessage(), e);
    }

    private ArtifactSource source(RepositoryInfo member, MavenPath.ArtifactFile f) {
        Optional<ExpectedDigest> expected;
        try {
            expected = checksums.strongest(member, f.path());
        } catch (IOException e) {
            throw new UpstreamFailureException("cannot verify " + f.display() + " from the upstream of repository '"
                    + member.name() + "': " + e.getMessage() + "; nothing was cached", e);
        }
        if (expected.isEmpty()) {
            LOG.log(Level.INFO, "The upstream of repository ''{0}'' publishes no checksum (.sha512, .sha256, .sha1) "
                    + "for {1}: if it has the file, it is cached without verification", new Object[] {member.name(), f.path()});
        }
        return new ArtifactSource(member.upstreamUrl(f.path()), expected,
                new ArtifactSource.Coordinates(f.groupId() + ":" + f.artifactId(), "maven",
                        f.groupId() + "/" + f.artifactId(), f.version(), null),
                contentType(f.extension()));
    }

    /** Refuses a changed snapshot file that does not match the checksum its upstream publishes. */
    private void verifySnapshot(RepositoryInfo member, MavenPath.ArtifactFile f, InputStream content) throws IOException {
        Optional<ExpectedDigest> expected = checksums.strongest(member, f.path());
        if (expected.isEmpty()) {
            LOG.log(Level.INFO, "The upstream of repository ''{0}'' publishes no checksum for snapshot file {1}: "
                    + "cached without verification", new Object[] {member.name(), f.path()});
            return;
        }
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.valueOf(expected.get().algorithm().name());
        String actual = algorithm.compute(content);
        if (!actual.equals(expected.get().hex())) {
            throw new IOException("integrity check failed for " + f.display() + ": the upstream's "
                    + algorithm.extension() + " file declares " + expected.get() + " but the downloaded file has "
                    + algorithm.extension() + ":" + actual);
        }
    }

    /** The media type a file of the Maven layout is served with, by extension. */
    static String contentType(String extension) {
        String ext = extension.toLowerCase(Locale.ROOT);
        if (ext.endsWith(".asc")) {
            return "text/plain";
        }
        return switch (ext) {
            case "jar", "war", "ear", "rar", "aar", "hpi", "jpi", "nbm" -> "application/java-archive";
            case "pom", "xml" -> "application/xml";
            case "module", "json" -> "application/json";
            case "zip" -> "application/zip";
            case "tar.gz", "tgz" -> "application/gzip";
            case "tar.bz2" -> "application/x-bzip2";
            case "txt", "properties" -> "text/plain";
            default -> "application/octet-stream";
        };
    }
}
