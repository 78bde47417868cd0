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
import java.time.Duration;
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
    private static final int INDEX_CAPACITY = 100_000;

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
    @Inject
    ReleaseTimes times;

    private final SingleFlight<String, CachedMetadata> flights = new SingleFlight<>();
    private volatile ExpiringMarks notFound;
    private volatile MetadataIndex index;

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
        MetadataIndex.Row cached = proxyRow(repo, request.path());
        if (cached != null && Freshness.isFresh(cached.fetchedAt(), repo.metadataMaxAge(), clock.instant())) {
            RequestOutcome.note("hit", repo);
            return served(repo, cached, false);
        }
        String flightKey = repo.id() + "\n" + request.path();
        if (notFound().isMarked(flightKey)) {
            RequestOutcome.note("negative", repo);
            throw new NotFoundException(notFoundMessage(repo, request.path()));
        }
        RequestOutcome.note("miss", repo);
        try {
            return flights.run(flightKey, () -> revalidate(repo, request, cached), () -> {
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
        Duration believe = config.duration(Setting.HOSTED_ABSENT_TTL);
        MetadataIndex.Known known = index().lookup(repo.id(), request.path(), believe);
        if (known == null) {
            long stamp = index().stamp();
            Optional<MetadataEntry> entry = metadataDao.find(repo.id(), request.path());
            known = entry.<MetadataIndex.Known>map(e -> new MetadataIndex.Present(MetadataIndex.Row.of(e), clock.instant()))
                    .orElseGet(() -> new MetadataIndex.Absent(clock.instant()));
            if (!believe.isZero()) {
                index().remember(repo.id(), request.path(), known, stamp);
            }
        }
        if (known instanceof MetadataIndex.Present p) {
            return served(repo, p.row(), false);
        }
        throw new NotFoundException(notFoundMessage(repo, request.path()));
    }

    /**
     * A proxy's row for {@code path}: as the index knows it (believed for {@link #proxyBelief}), else from the
     * database (then remembered); {@code null} when there is none.
     */
    private MetadataIndex.Row proxyRow(RepositoryInfo repo, String path) {
        if (index().lookup(repo.id(), path, proxyBelief()) instanceof MetadataIndex.Present p) {
            return p.row();
        }
        long stamp = index().stamp();
        Optional<MetadataEntry> entry = metadataDao.find(repo.id(), path);
        if (entry.isEmpty()) {
            return null;
        }
        MetadataIndex.Row row = MetadataIndex.Row.of(entry.get());
        index().remember(repo.id(), path, new MetadataIndex.Present(row, clock.instant()), stamp);
        return row;
    }

    /**
     * How long a proxy's row known in memory is believed without asking the database: {@link MetadataIndex#RECHECK},
     * or half the cleanup grace when that is shorter, so that a document another server replaced is asked about again
     * before the blob this server knows is deleted. (It is served only while fresh by the repository's max age.)
     */
    private Duration proxyBelief() {
        return config.duration(Setting.CLEANUP_GRACE).dividedBy(2);
    }

    /** Drops what this server knows in memory about a document of {@code repo} (it was just written or removed). */
    public void forget(RepositoryInfo repo, String path) {
        index().forget(repo.id(), path);
    }

    /** Drops what this server knows in memory about the documents of a repository (it was deleted). */
    public void forgetRepository(long repositoryId) {
        index().forgetRepository(repositoryId);
    }

    /**
     * A proxy's document that is not fresh (or not there): revalidated or fetched upstream, in the one flight for it.
     *
     * @param known the row the read found (in memory or in the database), {@code null} for none; a flight that ended
     *              since then left its row in the index, which is asked first
     */
    private CachedMetadata revalidate(RepositoryInfo repo, MetadataRequest request, MetadataIndex.Row known) {
        MetadataIndex.Row row = index().lookup(repo.id(), request.path(), proxyBelief()) instanceof MetadataIndex.Present p
                ? p.row() : known;
        Optional<MetadataIndex.Row> cached = Optional.ofNullable(row)
                .filter(e -> blobs.exists(StoragePath.of(e.storageKey())));
        if (cached.isPresent() && Freshness.isFresh(cached.get().fetchedAt(), repo.metadataMaxAge(), clock.instant())) {
            return served(repo, cached.get(), false);
        }
        Map<String, String> headers = new HashMap<>(request.headers());
        cached.ifPresent(c -> {
            if (c.etag() != null) {
                headers.put("If-None-Match", c.etag());
            }
            if (c.lastModified() != null) {
                headers.put("If-Modified-Since", c.lastModified());
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
                long stamp = index().stamp();
                Optional<MetadataEntry> now = metadataDao.markRevalidated(cached.get().id(), clock.instant());
                RequestOutcome.note("revalidated", repo);
                if (now.isEmpty()) {
                    return served(repo, cached.get(), false);
                }
                // served as the row now is: revalidated at this moment, as every later read will report it
                MetadataIndex.Row revalidated = MetadataIndex.Row.of(now.get());
                index().remember(repo.id(), request.path(), new MetadataIndex.Present(revalidated, clock.instant()), stamp);
                return served(repo, revalidated, false);
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
            // a document is known by its SHA-256 alone (its key, its ETag): the other two would be wasted work
            HashingInputStream hashing = new HashingInputStream(new LimitedInputStream(response.body(), limit,
                    () -> tooLarge(repo, request, limit, "sent more")), false, false);
            try (OutputStream out = spool.writeTo(file, what)) {
                hashing.transferTo(out);
            }
            Digests digests = hashing.digests();
            try (InputStream in = Files.newInputStream(file)) {
                request.check().check(in);
            }
            StoragePath key = versionedKey("metadata", repo, request.path(), digests.sha256());
            Optional<MetadataDao.Releases> releases = releases(repo, request, file); // before the file is moved
            blobs.putFile(key, file);
            long stamp = index().stamp();
            MetadataDao.Saved saved;
            try {
                MetadataDao.Releases news = releases.filter(r -> !r.times().isEmpty()).orElse(null);
                saved = metadataDao.saveFetched(repo.id(), request.path(), key.toString(), digests.size(),
                        digests.sha256(), response.header("Content-Type"), response.header("ETag"),
                        response.header("Last-Modified"), clock.instant(), news,
                        clock.instant().plus(config.duration(Setting.CLEANUP_GRACE)));
                if (releases.isPresent()) {
                    times.recorded(repo, request, digests.sha256(), news == null ? null : saved.versions());
                }
            } catch (RuntimeException e) {
                // another server recorded one of the versions at the same moment (or the tombstone failed): the
                // document alone now, the times as any later read records them (ReleaseTimes.observe reads again)
                LOG.log(Level.FINE, "Saving {0}/{1} with its release times failed, saving it alone: {2}",
                        new Object[] {repo.name(), request.path(), e.getMessage()});
                saved = metadataDao.saveFetched(repo.id(), request.path(), key.toString(), digests.size(),
                        digests.sha256(), response.header("Content-Type"), response.header("ETag"),
                        response.header("Last-Modified"), clock.instant());
            }
            saved.replacedKey().ifPresent(k -> cleanup.retire(StoragePath.of(k), 0)); // a reader may be on it
            access.documentStored(repo, saved.storage().documents(), saved.storage().bytes());
            MetadataIndex.Row row = MetadataIndex.Row.of(saved.entry());
            index().remember(repo.id(), request.path(), new MetadataIndex.Present(row, clock.instant()), stamp);
            return served(repo, row, false);
        } finally {
            spool.release(file);
        }
    }

    /**
     * The release times a request's listing reads from the document just downloaded to {@code file}, as far as this
     * server does not hold them already (empty times: nothing new), to be stored in the document's transaction; empty
     * when the request has no listing or the document cannot be read (then nothing is recorded here, see
     * {@link ReleaseTimes#observe}).
     */
    private Optional<MetadataDao.Releases> releases(RepositoryInfo repo, MetadataRequest request, Path file) {
        ReleaseListing listing = request.listing();
        if (listing == null) {
            return Optional.empty();
        }
        try {
            Map<String, Instant> read = listing.times().read(Files.readAllBytes(file));
            return Optional.of(new MetadataDao.Releases(listing.packageName(),
                    times.unrecorded(repo, listing.packageName(), read)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // observe tries again, and says why
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

    private CachedMetadata served(RepositoryInfo repo, MetadataIndex.Row e, boolean stale) {
        StoragePath key = StoragePath.of(e.storageKey());
        return new CachedMetadata(e.sha256(), e.size(), e.contentType(), e.fetchedAt(), stale, repo,
                () -> access.counting(repo, blobs.open(key, 0)));
    }

    private MetadataIndex index() {
        MetadataIndex i = index;
        if (i == null) {
            synchronized (this) {
                if (index == null) {
                    index = new MetadataIndex(INDEX_CAPACITY, clock);
                }
                i = index;
            }
        }
        return i;
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
