package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ArtifactEntry;
import org.granary.persistence.MetadataDao;
import org.granary.persistence.MetadataEntry;
import org.granary.storage.BlobStore;
import org.granary.storage.Digests;
import org.granary.storage.HashingInputStream;
import org.granary.storage.StoragePath;
import org.granary.upstream.UpstreamClient;
import org.granary.upstream.UpstreamResponse;

/**
 * Mutable metadata of ONE proxy or hosted repository. A proxy's copy is served while younger than the
 * repository's max age; then revalidated upstream (one request however many clients ask, with
 * {@code If-None-Match}/{@code If-Modified-Since}); the stale copy is served when the upstream fails; an upstream
 * 404/410 (and a 204 without content) is {@link NotFoundException} (and remembered for the negative-cache time);
 * a request with a {@link MetadataRequest#postBody()} is fetched with a POST of it; an upstream failure with
 * nothing cached is {@link UpstreamFailureException}. A hosted repository's documents are authoritative: read as
 * stored, no upstream. Groups are walked by {@link RepositoryReads}, never here.
 * <p>
 * Every fetched copy is stored under a key of its own ({@code <path>~<sha256>}) and the row is switched to it, so a
 * reader never sees a half-replaced document.
 */
@ApplicationScoped
public class MetadataCache {

    private static final Logger LOG = Logger.getLogger(MetadataCache.class.getName());
    private static final int NEGATIVE_CACHE_CAPACITY = 100_000;

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
    @Inject
    Spool spool;
    @Inject
    Cleanup cleanup;

    private final SingleFlight<String, CachedMetadata> flights = new SingleFlight<>();
    private volatile ExpiringMarks notFound;

    public CachedMetadata read(RepositoryInfo repo, MetadataRequest request) {
        if (repo.isHosted()) {
            CachedMetadata found = hosted(repo, request);
            // a group asking a hosted member for something it does not have is not a request to that member
            access.request(repo);
            return found;
        }
        access.request(repo);
        if (!repo.isProxy()) {
            throw new IllegalArgumentException("repository '" + repo.name() + "' is a group: read it through RepositoryReads");
        }
        Optional<MetadataEntry> cached = metadataDao.find(repo.id(), request.path());
        if (cached.isPresent() && Freshness.isFresh(cached.get().getFetchedAt(), repo.metadataMaxAge(), clock.instant())) {
            RequestOutcome.note("hit", repo);
            return served(repo, cached.get(), false);
        }
        String flightKey = repo.id() + "\n" + request.path();
        if (notFound().isMarked(flightKey)) {
            RequestOutcome.note("negative", repo);
            throw new NotFoundException(notFoundMessage(repo, request.path()));
        }
        RequestOutcome.note("miss", repo);
        try {
            return flights.run(flightKey, () -> revalidate(repo, request), () -> {
                access.joinedFetch(repo, "metadata");
                RequestOutcome.note("joined", repo);
            });
        } catch (NotFoundException e) {
            notFound().mark(flightKey, config.duration(Setting.NEGATIVE_CACHE_TTL));
            throw e;
        }
    }

    private CachedMetadata hosted(RepositoryInfo repo, MetadataRequest request) {
        RequestOutcome.note("hosted", repo);
        if (request.hostedAs() == MetadataRequest.HostedForm.UPLOAD) {
            ArtifactEntry e = artifactDao.find(repo.id(), request.path())
                    .orElseThrow(() -> new NotFoundException(notFoundMessage(repo, request.path())));
            StoragePath key = StoragePath.of(e.getStorageKey());
            return new CachedMetadata(e.getSha256(), e.getSize(), e.getContentType(), e.getFetchedAt(), false, repo,
                    () -> access.counting(repo, blobs.open(key, 0)));
        }
        MetadataEntry entry = metadataDao.find(repo.id(), request.path())
                .orElseThrow(() -> new NotFoundException(notFoundMessage(repo, request.path())));
        return served(repo, entry, false);
    }

    private CachedMetadata revalidate(RepositoryInfo repo, MetadataRequest request) {
        Optional<MetadataEntry> cached = metadataDao.find(repo.id(), request.path())
                .filter(e -> blobs.exists(StoragePath.of(e.getStorageKey())));
        if (cached.isPresent() && Freshness.isFresh(cached.get().getFetchedAt(), repo.metadataMaxAge(), clock.instant())) {
            return served(repo, cached.get(), false);
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
        URI url = repo.upstreamUrl(request.upstreamPath());
        try (UpstreamResponse response = access.fetched(repo, "metadata",
                () -> request.postBody() == null ? upstream.get(url, headers)
                        : upstream.post(url, headers, request.postBody()))) {
            int status = response.status();
            if (status == 304 && cached.isPresent()) {
                metadataDao.markRevalidated(cached.get().getId(), clock.instant());
                RequestOutcome.note("revalidated", repo);
                // served as the row now is: revalidated at this moment, as every later read will report it
                return served(repo, metadataDao.find(repo.id(), request.path()).orElse(cached.get()), false);
            }
            if (status == 200) {
                try {
                    return store(repo, request, response);
                } catch (InsufficientStorageException e) {
                    if (cached.isEmpty()) {
                        throw e;
                    }
                    problem = e.getMessage(); // the disk is full: what is cached is served as it is
                }
            } else if (status == 404 || status == 410 || status == 204) {
                // 204: an answer with nothing in it (a WinGet source's "no such package", "no match")
                throw new NotFoundException(notFoundMessage(repo, request.path()));
            } else {
                problem = "upstream answered HTTP " + status;
            }
        } catch (IOException e) {
            problem = e.getMessage();
            cause = e;
        }
        if (cached.isPresent()) {
            LOG.log(Level.WARNING, "Serving stale {0}/{1}: {2}", new Object[] {repo.name(), request.path(), problem});
            access.staleServe(repo);
            RequestOutcome.note("stale", repo);
            return served(repo, cached.get(), true);
        }
        throw new UpstreamFailureException("cannot fetch " + request.path() + " from the upstream of repository '"
                + repo.name() + "' and nothing is cached: " + problem, cause);
    }

    private CachedMetadata store(RepositoryInfo repo, MetadataRequest request, UpstreamResponse response)
            throws IOException {
        long limit = repo.maxMetadataBytes();
        long declared = response.contentLength().orElse(-1);
        if (declared > limit) {
            throw tooLarge(repo, request, limit, "declares " + declared + " bytes");
        }
        String what = "the download of " + request.path() + " into repository '" + repo.name() + "'";
        Path file = spool.newFile("meta-", Math.max(declared, 0), what);
        try {
            HashingInputStream hashing = new HashingInputStream(new LimitedInputStream(response.body(), limit,
                    () -> tooLarge(repo, request, limit, "sent more")));
            try (OutputStream out = spool.writeTo(file, what)) {
                hashing.transferTo(out);
            }
            Digests digests = hashing.digests();
            try (InputStream in = Files.newInputStream(file)) {
                request.check().check(in);
            }
            StoragePath key = versionedKey("metadata", repo, request.path(), digests.sha256());
            blobs.putFile(key, file);
            MetadataDao.Saved saved = metadataDao.saveFetched(repo.id(), request.path(), key.toString(), digests.size(),
                    digests.sha256(), response.header("Content-Type"), response.header("ETag"),
                    response.header("Last-Modified"), clock.instant());
            saved.replacedKey().ifPresent(k -> cleanup.retire(StoragePath.of(k), 0)); // a reader may be on it
            return served(repo, saved.entry(), false);
        } finally {
            spool.release(file);
        }
    }

    /** The 502 for a document over the repository's limit, naming the limit and where to raise it. */
    private static UpstreamFailureException tooLarge(RepositoryInfo repo, MetadataRequest request, long limit,
                                                     String upstreamDid) {
        return new UpstreamFailureException(request.path() + " from the upstream of repository '" + repo.name()
                + "' is larger than the " + DiskReserve.describe(limit) + " (" + limit + " bytes) this repository accepts "
                + "for a " + repo.format().id() + " metadata document (the upstream " + upstreamDid + "); nothing was "
                + "cached. An administrator can raise the repository's maxMetadataBytes");
    }

    private CachedMetadata served(RepositoryInfo repo, MetadataEntry e, boolean stale) {
        StoragePath key = StoragePath.of(e.getStorageKey());
        return new CachedMetadata(e.getSha256(), e.getSize(), e.getContentType(), e.getFetchedAt(), stale, repo,
                () -> access.counting(repo, blobs.open(key, 0)));
    }

    private ExpiringMarks notFound() {
        ExpiringMarks marks = notFound;
        if (marks == null) {
            synchronized (this) {
                if (notFound == null) {
                    notFound = new ExpiringMarks(NEGATIVE_CACHE_CAPACITY, clock);
                }
                marks = notFound;
            }
        }
        return marks;
    }

    /** {@code <root>/<repository>/<path>~<sha256>}: a key per version, so a new copy never overwrites a read one. */
    static StoragePath versionedKey(String root, RepositoryInfo repo, String path, String sha256) {
        return StoragePath.of(root, repo.name()).resolve(path + "~" + sha256);
    }

    static String notFoundMessage(RepositoryInfo repo, String path) {
        return path + " was not found in repository '" + repo.name() + "'" + (repo.isHosted() ? "" : " or its upstream");
    }
}
