package org.granary.format.maven;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.CachedMetadata;
import org.granary.core.ExpectedDigest;
import org.granary.core.Format;
import org.granary.core.GranaryException;
import org.granary.core.Identity;
import org.granary.core.IntegrityException;
import org.granary.core.MetadataRequest;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.ReleaseKey;
import org.granary.core.ReleaseListing;
import org.granary.core.RepositoryReads;
import org.granary.core.UpstreamTimes;
import org.granary.core.UpstreamFailureException;
import org.granary.web.FormatEndpoints;

/**
 * Maven repositories on the shared read path. Release files are immutable artifacts, verified against the
 * checksum file the upstream publishes (strongest of {@code .sha512}, {@code .sha256}, {@code .sha1}, themselves
 * read through the metadata cache, so absent ones are remembered); every {@code maven-metadata.xml} and every file
 * of a {@code -SNAPSHOT} version is mutable metadata (a hosted repository keeps snapshot files as uploads; a
 * proxy's are checked against the upstream's checksum before they replace the cached copy). Checksum files are
 * computed from the bytes Granary serves, never proxied. A group merges {@code maven-metadata.xml}
 * ({@link MavenMetadata#merge}).
 */
@ApplicationScoped
public class MavenAdapter implements FormatEndpoints {

    private static final Logger LOG = Logger.getLogger(MavenAdapter.class.getName());
    static final String METADATA_TYPE = "application/xml";

    @Inject
    RepositoryReads reads;
    @Inject
    Identity who;
    @Inject
    MavenPublishing publishing;
    @Inject
    UpstreamTimes upstreamTimes;
    @Resource
    ManagedThreadFactory threads;

    /**
     * Checksum probes: a few threads of the container's managed factory, never queued behind downloads; when all are
     * busy the request's own thread probes.
     */
    private ExecutorService probes;

    @PostConstruct
    void init() {
        probes = new ThreadPoolExecutor(0, 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads != null ? threads : Executors.defaultThreadFactory(), new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @PreDestroy
    void close() {
        probes.shutdownNow();
    }

    @Override
    public Format format() {
        return Format.MAVEN;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new MavenResource(repo, this, publishing);
    }

    /** {@code mvn deploy} PUTs every file. */

    /** The stored artifact a GET of {@code pathInRepo} reads, for the edge's fast path of hits. */
    @Override
    public Optional<ArtifactPath> artifactPath(String pathInRepo) {
        return FormatEndpoints.parsedArtifactPath(() -> MavenPath.parse(pathInRepo) instanceof MavenPath.ArtifactFile f
                && !f.snapshot() ? new ArtifactPath(f.path(), release(f)) : null);
    }
    @Override
    public boolean isPublishRequest(String method, String pathInRepo) {
        return "PUT".equals(method);
    }

    /**
     * A {@code maven-metadata.xml}: as stored or cached when one member of {@code repo} has it (byte for byte);
     * when several members of a group have it, their documents merged (versions, snapshot builds and plugins of
     * all, the earlier member winning a conflict, latest and release recomputed).
     */
    public CachedMetadata metadata(RepositoryInfo repo, MavenPath.Metadata m) {
        return materialized(reads.visible(repo, who, member -> metadataRequest(m.path()), found -> merge(m, found),
                CooldownFilter::filter));
    }

    /**
     * A {@code maven-metadata.xml} request; an artifact's document ({@code <g>/<a>/maven-metadata.xml}) lists the
     * versions the supply-chain guards judge, each timed by its POM's upstream {@code Last-Modified}.
     */
    private MetadataRequest metadataRequest(String path) {
        MetadataRequest request = new MetadataRequest(path, path, Map.of(), MavenMetadataCheck::check);
        Optional<String[]> ga = artifactOf(path);
        if (ga.isEmpty()) {
            return request;
        }
        String groupId = ga.get()[0];
        String artifactId = ga.get()[1];
        return request.withListing(new ReleaseListing(groupId + ":" + artifactId, CooldownFilter::releaseTimes,
                (member, version) -> upstreamTimes.lastModified(member, groupId.replace('.', '/') + "/" + artifactId
                        + "/" + version + "/" + artifactId + "-" + version + ".pom")));
    }

    /** The group and artifact of an artifact-level {@code maven-metadata.xml} path (not a snapshot's, not a group's). */
    static Optional<String[]> artifactOf(String metadataPath) {
        String dir = metadataPath.substring(0, Math.max(0, metadataPath.lastIndexOf('/')));
        int slash = dir.lastIndexOf('/');
        if (slash <= 0 || dir.endsWith(MavenPath.SNAPSHOT_SUFFIX)) {
            return Optional.empty();
        }
        return Optional.of(new String[] {dir.substring(0, slash).replace('/', '.'), dir.substring(slash + 1)});
    }

    /** A document whose size is known (a filtered or merged one is computed on first read): Maven gets Content-Length. */
    private static CachedMetadata materialized(CachedMetadata meta) {
        if (meta.size() >= 0) {
            return meta;
        }
        byte[] bytes = meta.bytes();
        return new CachedMetadata(org.granary.storage.Digests.sha256Hex(bytes), bytes.length, meta.contentType(),
                meta.fetchedAt(), meta.stale(), meta.source(), () -> new java.io.ByteArrayInputStream(bytes));
    }

    private static byte[] merge(MavenPath.Metadata m, List<CachedMetadata> found) throws IOException {
        List<MavenMetadata> documents = new ArrayList<>();
        IOException problem = null;
        for (CachedMetadata meta : found) {
            try {
                documents.add(MavenMetadata.parse(meta.bytes()));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Leaving the {0} of repository ''{1}'' out of the group''s merged metadata: {2}",
                        new Object[] {m.path(), meta.source().name(), e.getMessage()});
                problem = e;
            }
        }
        if (documents.isEmpty()) {
            throw new IOException("cannot merge " + m.path() + " of the group's members: " + problem.getMessage(), problem);
        }
        return MavenMetadata.merge(documents).render();
    }

    /**
     * A file of a {@code -SNAPSHOT} version (timestamped or not), from the first member of {@code repo} that has
     * it: as deployed to a hosted member, as cached from a proxy's upstream (where it may change).
     */
    public CachedMetadata snapshotFile(RepositoryInfo repo, MavenPath.ArtifactFile f) {
        return reads.first(repo, who, member -> new MetadataRequest(f.path(), f.path(), Map.of(),
                content -> verifySnapshot(member, f, content), MetadataRequest.HostedForm.UPLOAD));
    }

    /** A release file: immutable, from the first member of {@code repo} that has it. */
    public ArtifactResult releaseFile(RepositoryInfo repo, MavenPath.ArtifactFile f) {
        return reads.artifact(repo, who, f.path(), fileSource(who, f), release(f));
    }

    /** What a release file is a release of, for the supply-chain guards (the artifact's {@code maven-metadata.xml}). */
    ReleaseKey release(MavenPath.ArtifactFile f) {
        String metadataPath = f.groupId().replace('.', '/') + "/" + f.artifactId() + "/maven-metadata.xml";
        return new ReleaseKey(f.groupId() + ":" + f.artifactId(), f.version(), member -> metadataRequest(metadataPath));
    }

    /** Where a release file of a proxy member comes from, read as {@code as} (prefetch reads as Granary itself). */
    java.util.function.Function<RepositoryInfo, ArtifactSource> fileSource(Identity as, MavenPath.ArtifactFile f) {
        return member -> source(member, as, f);
    }

    /** The versions a member's {@code maven-metadata.xml} of {@code groupId:artifactId} lists. */
    List<String> versions(RepositoryInfo repo, Identity as, String groupId, String artifactId) {
        String path = groupId.replace('.', '/') + "/" + artifactId + "/maven-metadata.xml";
        CachedMetadata meta = reads.first(repo, as, member -> metadataRequest(path));
        try {
            MavenMetadata.Versioning v = MavenMetadata.parse(meta.bytes()).versioning();
            return v == null ? List.of() : v.versions();
        } catch (IOException e) {
            throw new UpstreamFailureException("the cached " + path + " is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * The checksum of the file Granary serves for {@code c.target()}, fetching that file first if it is not
     * cached: recorded hashes for stored release files, computed from the served bytes otherwise.
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
            Optional<String> recorded = algorithm.recorded(stored.artifact());
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
        if (algorithm == ChecksumAlgorithm.SHA256 && meta.size() >= 0) {
            return meta.sha256();
        }
        return algorithm.compute(meta.bytes());
    }

    private static GranaryException readFailure(String what, IOException e) {
        if (e.getCause() instanceof GranaryException g) {
            return g;
        }
        return new UpstreamFailureException("cannot read " + what + " to compute its checksum: " + e.getMessage(), e);
    }

    private ArtifactSource source(RepositoryInfo member, Identity as, MavenPath.ArtifactFile f) {
        Optional<ExpectedDigest> expected;
        try {
            expected = strongestChecksum(member, f.path());
        } catch (UpstreamFailureException e) {
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

    /**
     * The strongest checksum the upstream of {@code member} publishes for {@code path} ({@code .sha512}, else
     * {@code .sha256}, else {@code .sha1}); empty when it publishes none. The three are asked for at once (most
     * upstreams have only some of them, and asking one after the other put two extra round trips before every
     * download). An absent or unreadable checksum file is skipped; an upstream that fails fails the lookup, so
     * nothing is cached unverified because it was flaky. The reads are Granary's own, of a member the caller's walk
     * already chose, so they run as {@link Identity#SYSTEM} on the executor.
     */
    private Optional<ExpectedDigest> strongestChecksum(RepositoryInfo member, String path) {
        List<CompletableFuture<Optional<ExpectedDigest>>> probes = new ArrayList<>();
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.VERIFICATION_ORDER) {
            probes.add(probe(() -> checksumFile(member, path, algorithm)));
        }
        for (CompletableFuture<Optional<ExpectedDigest>> probe : probes) {
            Optional<ExpectedDigest> found;
            try {
                found = probe.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private CompletableFuture<Optional<ExpectedDigest>> probe(Supplier<Optional<ExpectedDigest>> read) {
        return CompletableFuture.supplyAsync(read, probes);
    }

    private Optional<ExpectedDigest> checksumFile(RepositoryInfo member, String path, ChecksumAlgorithm algorithm) {
        String file = path + "." + algorithm.extension();
        CachedMetadata checksum;
        try {
            checksum = reads.first(member, Identity.SYSTEM, m -> new MetadataRequest(file, file, Map.of(),
                    MetadataRequest.ContentCheck.ANY));
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
        Optional<String> hex = algorithm.parse(checksum.bytes());
        if (hex.isEmpty()) {
            LOG.log(Level.WARNING, "Ignoring unreadable checksum file {0} of repository ''{1}''",
                    new Object[] {file, member.name()});
            return Optional.empty();
        }
        return algorithm.expected(hex.get());
    }

    /** Refuses a changed snapshot file that does not match the checksum its upstream publishes. */
    private void verifySnapshot(RepositoryInfo member, MavenPath.ArtifactFile f, InputStream content) throws IOException {
        Optional<ExpectedDigest> expected;
        try {
            expected = strongestChecksum(member, f.path());
        } catch (GranaryException e) {
            throw new IOException("its checksum cannot be read from the upstream: " + e.getMessage(), e);
        }
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
