package org.granary.core;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ArtifactEntry;
import org.granary.persistence.MetadataDao;
import org.granary.persistence.MetadataEntry;
import org.granary.persistence.NewArtifact;
import org.granary.storage.BlobStore;
import org.granary.storage.Digests;
import org.granary.storage.HashingInputStream;
import org.granary.storage.StoragePath;
import org.granary.upstream.UpstreamClient;
import org.granary.upstream.UpstreamResponse;

/**
 * The one cache flow every format adapter uses. Adapters map URLs to coordinates and upstream URLs;
 * this class decides what is cached, when to ask the upstream, and what to answer when it fails.
 */
@ApplicationScoped
public class ProxyCache {

    private static final Logger LOG = Logger.getLogger(ProxyCache.class.getName());
    private static final int BUFFER = 64 * 1024;
    /** How long an artifact that failed verification is fetched in full before anyone is answered. */
    private static final Duration VERIFY_FIRST_AFTER_FAILURE = Duration.ofMinutes(10);

    @Inject
    BlobStore blobs;
    @Inject
    UpstreamClient upstream;
    @Inject
    Clock clock;
    @Inject
    GranaryConfig config;
    @Inject
    MetadataDao metadataDao;
    @Inject
    ArtifactDao artifactDao;
    @Inject
    AccessRecorder access;
    @Resource
    ManagedExecutorService managedExecutor;

    Executor executor;
    private Path spoolDir;
    private final SingleFlight<String, CachedMetadata> metadataFlights = new SingleFlight<>();
    private final ConcurrentHashMap<String, Download> downloads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> recentIntegrityFailures = new ConcurrentHashMap<>();
    /** Upstream 404/410 answers remembered until the given instant, so clients that probe (Maven) stay cheap. */
    private final ConcurrentHashMap<String, Instant> notFoundUntil = new ConcurrentHashMap<>();
    private Duration negativeCacheTtl;

    @PostConstruct
    void init() {
        if (executor == null) {
            executor = managedExecutor;
        }
        spoolDir = config.dataDir().resolve("spool");
        negativeCacheTtl = config.duration(Setting.NEGATIVE_CACHE_TTL);
        try {
            Files.createDirectories(spoolDir);
            try (var leftovers = Files.list(spoolDir)) {
                leftovers.forEach(Download::deleteQuietly);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare spool directory " + spoolDir, e);
        }
    }

    // ------------------------------------------------------------------ metadata

    /**
     * Mutable metadata: the cached copy while it is younger than the repository's max age; otherwise
     * revalidated upstream (one request however many clients ask); the stale copy when the upstream
     * fails; {@link NotFoundException} when the upstream says 404/410; {@link UpstreamFailureException}
     * when the upstream fails and nothing is cached.
     */
    public CachedMetadata metadata(RepositoryInfo repo, MetadataRequest request) {
        StoragePath key = metadataKey(repo, request.path());
        Optional<MetadataEntry> cached = metadataDao.find(repo.id(), request.path());
        if (repo.isHosted()) {
            // A hosted repository's documents are authoritative: there is no upstream to ask. A group asking a
            // hosted member for something it does not have is not a request to that member.
            MetadataEntry entry = cached.filter(e -> blobs.exists(key))
                    .orElseThrow(() -> new NotFoundException(notFoundMessage(repo, request.path())));
            access.request(repo);
            return served(repo, entry, key, false);
        }
        access.request(repo);
        if (cached.isPresent() && Freshness.isFresh(cached.get().getFetchedAt(), repo.metadataMaxAge(), clock.instant())) {
            return served(repo, cached.get(), key, false);
        }
        String flightKey = repo.id() + "\n" + request.path();
        rejectIfKnownMissing(flightKey, () -> notFoundMessage(repo, request.path()));
        try {
            return metadataFlights.run(flightKey, () -> revalidate(repo, request, key));
        } catch (NotFoundException e) {
            rememberMissing(flightKey);
            throw e;
        }
    }

    private CachedMetadata revalidate(RepositoryInfo repo, MetadataRequest request, StoragePath key) {
        Optional<MetadataEntry> cached = metadataDao.find(repo.id(), request.path())
                .filter(e -> blobs.exists(key));
        if (cached.isPresent() && Freshness.isFresh(cached.get().getFetchedAt(), repo.metadataMaxAge(), clock.instant())) {
            return served(repo, cached.get(), key, false);
        }
        Map<String, String> headers = new HashMap<>(request.headers());
        cached.ifPresent(c -> {
            if (c.getEtag() != null) {
                headers.put("If-None-Match", c.getEtag());
            }
            if (c.getLastModified() != null) {
                headers.put("If-Modified-Since", c.getLastModified());
            }
        });
        String problem;
        Throwable cause = null;
        try (UpstreamResponse response = upstream.get(request.upstream(), headers)) {
            int status = response.status();
            if (status == 304 && cached.isPresent()) {
                Instant now = clock.instant();
                metadataDao.markRevalidated(cached.get().getId(), now);
                return served(repo, cached.get(), key, false);
            }
            if (status == 200) {
                return store(repo, request, key, response);
            }
            if (status == 404 || status == 410) {
                throw new NotFoundException(notFoundMessage(repo, request.path()));
            }
            problem = "upstream answered HTTP " + status;
        } catch (IOException e) {
            problem = e.getMessage();
            cause = e;
        }
        if (cached.isPresent()) {
            LOG.log(Level.WARNING, "Serving stale {0}/{1}: {2}", new Object[] {repo.name(), request.path(), problem});
            return served(repo, cached.get(), key, true);
        }
        throw new UpstreamFailureException("cannot fetch " + request.path() + " from the upstream of repository '"
                + repo.name() + "' and nothing is cached: " + problem, cause);
    }

    private CachedMetadata store(RepositoryInfo repo, MetadataRequest request, StoragePath key,
                                 UpstreamResponse response) throws IOException {
        Path spool = Files.createTempFile(spoolDir, "meta-", ".part");
        try {
            HashingInputStream hashing = new HashingInputStream(response.body());
            Files.copy(hashing, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Digests digests = hashing.digests();
            try (InputStream in = Files.newInputStream(spool)) {
                request.check().check(in);
            }
            blobs.putFile(key, spool);
            MetadataEntry entry = metadataDao.saveFetched(repo.id(), request.path(), key.toString(), digests.size(),
                    digests.sha256(), response.header("Content-Type"), response.header("ETag"),
                    response.header("Last-Modified"), clock.instant());
            return served(repo, entry, key, false);
        } finally {
            Download.deleteQuietly(spool);
        }
    }

    private CachedMetadata served(RepositoryInfo repo, MetadataEntry e, StoragePath key, boolean stale) {
        return new CachedMetadata(e.getSha256(), e.getSize(), e.getContentType(), e.getFetchedAt(), stale,
                () -> access.counting(repo, blobs.open(key, 0)));
    }

    private void rejectIfKnownMissing(String flightKey, java.util.function.Supplier<String> message) {
        Instant until = notFoundUntil.get(flightKey);
        if (until != null) {
            if (clock.instant().isBefore(until)) {
                throw new NotFoundException(message.get());
            }
            notFoundUntil.remove(flightKey, until);
        }
    }

    private void rememberMissing(String flightKey) {
        if (!negativeCacheTtl.isZero()) {
            notFoundUntil.put(flightKey, clock.instant().plus(negativeCacheTtl));
        }
    }

    private static StoragePath metadataKey(RepositoryInfo repo, String path) {
        return StoragePath.of("metadata", repo.name()).resolve(path);
    }

    private static String notFoundMessage(RepositoryInfo repo, String path) {
        return path + " was not found in repository '" + repo.name() + "'" + (repo.isHosted() ? "" : " or its upstream");
    }

    // ------------------------------------------------------------------ artifacts

    /**
     * An immutable artifact: from the cache, or fetched from upstream once however many clients ask,
     * streamed to them while it downloads, verified against the declared hash and only then committed.
     *
     * @param path     the artifact's path inside the repository (validated as a storage path)
     * @param resolver where the artifact comes from; called only on a miss, once per fetch
     */
    public ArtifactResult artifact(RepositoryInfo repo, String path, ArtifactSource.Resolver resolver) {
        return artifact(repo, path, resolver, ArtifactCheck.NONE);
    }

    /**
     * As {@link #artifact(RepositoryInfo, String, ArtifactSource.Resolver)}, and {@code check} inspects the
     * complete download before it is committed (a refusal is an {@link IntegrityException}; nothing is
     * cached). With a check other than {@link ArtifactCheck#NONE} clients get the bytes only once they are
     * verified, never streamed during the download.
     */
    public ArtifactResult artifact(RepositoryInfo repo, String path, ArtifactSource.Resolver resolver,
                                   ArtifactCheck check) {
        StoragePath key = artifactKey(repo, path);
        Optional<ArtifactEntry> hit = artifactDao.find(repo.id(), path);
        if (hit.isPresent()) {
            access.hit(repo, hit.get());
            return stored(repo, hit.get(), key);
        }
        if (repo.isHosted()) {
            // Not a cache miss: a hosted repository simply does not have it (a group then asks the next member).
            throw new NotFoundException(path + " is not in repository '" + repo.name() + "'");
        }
        access.miss(repo);
        String flightKey = repo.id() + "\n" + path;
        rejectIfKnownMissing(flightKey, () -> path + " was not found upstream of repository '" + repo.name() + "'");
        Download download = downloads.computeIfAbsent(flightKey, k -> {
            Download d = new Download();
            executor.execute(() -> fetch(repo, path, key, resolver, check, d, flightKey));
            return d;
        });
        Download.State state;
        try {
            state = download.awaitStarted();
        } catch (NotFoundException e) {
            rememberMissing(flightKey);
            throw e;
        }
        boolean verifyFirst = state == Download.State.COMMITTED || download.length() < 0
                || check != ArtifactCheck.NONE || recentlyFailed(flightKey);
        if (verifyFirst) {
            return stored(repo, download.awaitCommitted(), key);
        }
        return new ArtifactResult.Streaming(download.length(), download.contentType(), offset -> {
            InputStream reader = download.newReader();
            return access.counting(repo, reader != null ? reader : blobs.open(key, offset));
        });
    }

    /** Whether the artifact is already stored (so an adapter can skip preparing a check it would not need). */
    public boolean isStored(RepositoryInfo repo, String path) {
        return artifactDao.find(repo.id(), path).isPresent();
    }

    private ArtifactResult stored(RepositoryInfo repo, ArtifactEntry entry, StoragePath key) {
        return new ArtifactResult.Stored(entry, offset -> access.counting(repo, blobs.open(key, offset)));
    }

    private boolean recentlyFailed(String flightKey) {
        Instant at = recentIntegrityFailures.get(flightKey);
        if (at == null) {
            return false;
        }
        if (clock.instant().isAfter(at.plus(VERIFY_FIRST_AFTER_FAILURE))) {
            recentIntegrityFailures.remove(flightKey, at);
            return false;
        }
        return true;
    }

    /** Runs on the executor: resolve, download into a spool file, verify, commit. */
    private void fetch(RepositoryInfo repo, String path, StoragePath key, ArtifactSource.Resolver resolver,
                       ArtifactCheck check, Download download, String flightKey) {
        Path spool = null;
        try {
            Optional<ArtifactEntry> already = artifactDao.find(repo.id(), path);
            if (already.isPresent()) {
                download.committed(already.get());
                return;
            }
            ArtifactSource source = resolver.resolve();
            String display = source.coordinates().display();
            try (UpstreamResponse response = upstream.get(source.upstreamUrl(), Map.of())) {
                if (response.status() == 404 || response.status() == 410) {
                    throw new NotFoundException(display + " (" + path + ") was not found upstream of repository '"
                            + repo.name() + "'");
                }
                if (response.status() != 200) {
                    throw new UpstreamFailureException("cannot fetch " + display + " from the upstream of repository '"
                            + repo.name() + "': upstream answered HTTP " + response.status());
                }
                long declared = response.contentLength().orElse(-1);
                spool = Files.createTempFile(spoolDir, "artifact-", ".part");
                download.streaming(spool, declared, source.contentType());
                Digests digests = copyToSpool(response.body(), spool, download, display);
                verify(source, digests, declared, display, flightKey);
                inspect(check, spool, display, flightKey);
                blobs.putFile(key, spool);
                ArtifactEntry entry = record(repo, path, key, source, digests);
                download.committed(entry);
                recentIntegrityFailures.remove(flightKey);
            }
        } catch (GranaryException e) {
            download.failed(e);
        } catch (IOException e) {
            download.failed(new UpstreamFailureException("download of " + path + " from the upstream of repository '"
                    + repo.name() + "' failed: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Unexpected failure fetching " + repo.name() + "/" + path, e);
            download.failed(new UpstreamFailureException("internal error while fetching " + path, e));
        } finally {
            downloads.remove(flightKey, download);
            if (spool != null) {
                Download.deleteQuietly(spool);
            }
        }
    }

    private Digests copyToSpool(InputStream body, Path spool, Download download, String display) throws IOException {
        HashingInputStream hashing = new HashingInputStream(body);
        try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buf = new byte[BUFFER];
            long total = 0;
            int n;
            while ((n = hashing.read(buf)) >= 0) {
                out.write(buf, 0, n);
                total += n;
                download.progress(total);
            }
        }
        return hashing.digests();
    }

    private void verify(ArtifactSource source, Digests digests, long declared, String display, String flightKey) {
        if (declared >= 0 && digests.size() != declared) {
            throw new UpstreamFailureException("download of " + display + " was truncated: upstream declared "
                    + declared + " bytes and sent " + digests.size() + "; nothing was cached");
        }
        source.expected().ifPresent(expected -> {
            if (!expected.matches(digests)) {
                recentIntegrityFailures.put(flightKey, clock.instant());
                throw new IntegrityException("integrity check failed for " + display + ": the upstream metadata declares "
                        + expected + " but the downloaded file has " + expected.describe(digests)
                        + "; nothing was cached");
            }
        });
    }

    private void inspect(ArtifactCheck check, Path spool, String display, String flightKey) {
        try {
            check.check(spool);
        } catch (IOException e) {
            recentIntegrityFailures.put(flightKey, clock.instant());
            throw new IntegrityException("integrity check failed for " + display + ": " + e.getMessage()
                    + "; nothing was cached");
        }
    }

    private ArtifactEntry record(RepositoryInfo repo, String path, StoragePath key, ArtifactSource source,
                                 Digests d) throws IOException {
        ArtifactSource.Coordinates c = source.coordinates();
        NewArtifact artifact = new NewArtifact(repo.id(), path, key.toString(), c.name(), c.packagePurl(), c.version(),
                c.versionPurl(), c.releasedAt(), d.size(), d.sha1(), d.sha256(), d.sha512(), source.contentType(),
                source.upstreamUrl().toString(), clock.instant());
        try {
            return artifactDao.record(artifact);
        } catch (RuntimeException e) {
            Optional<ArtifactEntry> concurrent = artifactDao.find(repo.id(), path);
            if (concurrent.isPresent() && concurrent.get().getSha256().equals(d.sha256())) {
                return concurrent.get();
            }
            blobs.delete(key);
            throw e;
        }
    }

    private static StoragePath artifactKey(RepositoryInfo repo, String path) {
        return StoragePath.of("artifacts", repo.name()).resolve(path);
    }
}
