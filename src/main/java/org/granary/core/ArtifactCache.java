package org.granary.core;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.metrics.GranaryMetrics;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ArtifactEntry;
import org.granary.persistence.NewArtifact;
import org.granary.storage.BlobNotFoundException;
import org.granary.storage.BlobStore;
import org.granary.storage.Digests;
import org.granary.storage.HashingInputStream;
import org.granary.storage.OpenedBlob;
import org.granary.storage.StoragePath;
import org.granary.upstream.ArtifactHostRefusedException;
import org.granary.upstream.ArtifactHostRule;
import org.granary.upstream.UpstreamClient;
import org.granary.upstream.UpstreamResponse;

/**
 * Immutable artifacts of ONE proxy or hosted repository. A hosted repository serves what was published to it.
 * A proxy serves its cached copy, or on a miss fetches the artifact once however many clients ask (the first
 * asker resolves where it comes from, the download runs on a bounded executor), streams it to them while it
 * downloads, verifies it against the declared hash (and the source's {@link ArtifactCheck}) and only then stores
 * and records it. A mismatch stores nothing. Groups are walked by {@link RepositoryReads}, never here.
 */
@ApplicationScoped
public class ArtifactCache {

    private static final Logger LOG = Logger.getLogger(ArtifactCache.class.getName());
    private static final int BUFFER = 64 * 1024;
    /** How long an artifact that failed verification is fetched in full before anyone is answered. */
    private static final Duration VERIFY_FIRST_AFTER_FAILURE = Duration.ofMinutes(10);
    private static final int MARK_CAPACITY = 100_000;
    /** Upstream downloads running at once; more misses than this wait for none and get 503. */
    static final int MAX_CONCURRENT_DOWNLOADS = 64;

    @Inject
    BlobStore blobs;
    @Inject
    UpstreamClient upstream;
    @Inject
    Clock clock;
    @Inject
    GranaryConfig config;
    @Inject
    ArtifactDao artifactDao;
    @Inject
    AccessRecorder access;
    @Inject
    Spool spool;
    @Inject
    ArtifactHostRule hostRule;
    @Inject
    AuditLog audit;
    @Inject
    GranaryMetrics metrics;
    @Inject
    FetchLeases fetchLeases;
    @Resource
    ManagedExecutorService managedExecutor;

    Executor executor;
    private final Semaphore downloadSlots = new Semaphore(MAX_CONCURRENT_DOWNLOADS);
    private final ConcurrentHashMap<String, Download> downloads = new ConcurrentHashMap<>();
    /** Entries of the in-memory index of stored artifacts (a few hundred bytes each). */
    static final int INDEX_CAPACITY = 200_000;

    private ExpiringMarks notFound;
    private ArtifactIndex index;
    private ExpiringMarks integrityFailures;
    private Duration negativeCacheTtl;

    @PostConstruct
    void init() {
        if (executor == null) {
            executor = managedExecutor;
        }
        metrics.gauge("granary.downloads.active", "Upstream artifact downloads running now", downloadSlots,
                slots -> MAX_CONCURRENT_DOWNLOADS - slots.availablePermits());
        metrics.gauge("granary.downloads.limit", "Upstream artifact downloads that may run at once", downloadSlots,
                slots -> MAX_CONCURRENT_DOWNLOADS);
        negativeCacheTtl = config.duration(Setting.NEGATIVE_CACHE_TTL);
        notFound = new ExpiringMarks(MARK_CAPACITY, clock);
        integrityFailures = new ExpiringMarks(MARK_CAPACITY, clock);
        index = new ArtifactIndex(INDEX_CAPACITY, clock, indexRecheck(config.duration(Setting.CLEANUP_GRACE)),
                config.duration(Setting.HOSTED_ABSENT_TTL));
    }

    /**
     * How long an index entry is believed: {@link ArtifactIndex#RECHECK}, or less when the cleanup grace is shorter
     * (half of it), so that a blob deleted or evicted on another server is asked about again before its grace ends
     * and its bytes are gone.
     */
    static Duration indexRecheck(Duration cleanupGrace) {
        Duration half = cleanupGrace.dividedBy(2);
        return half.compareTo(ArtifactIndex.RECHECK) < 0 ? half : ArtifactIndex.RECHECK;
    }

    /**
     * The artifact at {@code path} of {@code repo}. A hit the in-memory index knows asks neither the database nor
     * the upstream.
     *
     * @param source where a proxy's artifact comes from; called only on a miss, once per fetch, with {@code repo}
     */
    public ArtifactResult read(RepositoryInfo repo, String path, Function<RepositoryInfo, ArtifactSource> source) {
        Lookup known = indexed(repo, path);
        if (known instanceof Lookup.Hit h) {
            return h.artifact();
        }
        if (known instanceof Lookup.Absent) {
            RequestOutcome.note("hosted", repo);
            throw new NotFoundException(path + " is not in repository '" + repo.name() + "'");
        }
        long stamp = index.stamp();
        Optional<ArtifactEntry> hit = artifactDao.find(repo.id(), path);
        if (hit.isPresent()) {
            return served(repo, remember(repo, path, hit.get(), stamp));
        }
        if (repo.isHosted()) {
            // Not a cache miss: a hosted repository simply does not have it (a group then asks the next member).
            RequestOutcome.note("hosted", repo);
            throw new NotFoundException(path + " is not in repository '" + repo.name() + "'");
        }
        if (!repo.isProxy()) {
            throw new IllegalArgumentException("repository '" + repo.name() + "' is a group: read it through RepositoryReads");
        }
        access.miss(repo);
        RequestOutcome.note("miss", repo);
        String flightKey = repo.id() + "\n" + path;
        if (notFound.isMarked(flightKey)) {
            RequestOutcome.note("negative", repo);
            throw new NotFoundException(path + " was not found upstream of repository '" + repo.name() + "'");
        }
        Download mine = new Download();
        Download download = downloads.putIfAbsent(flightKey, mine);
        if (download == null) {
            download = mine;
            Optional<ArtifactResult> done = start(repo, path, source, mine, flightKey);
            if (done.isPresent()) {
                return done.get();
            }
        }
        if (download != mine) {
            access.joinedFetch(repo, "artifact");
            RequestOutcome.note("joined", repo);
        }
        Download.State state;
        try {
            state = download.awaitStarted();
        } catch (NotFoundException e) {
            notFound.mark(flightKey, negativeCacheTtl);
            throw e;
        }
        if (state == Download.State.COMMITTED || download.length() < 0 || download.verifyFirst()) {
            StoredArtifact committed = download.awaitCommitted();
            StoragePath key = download.storedKey(); // set before COMMITTED: the key this fetch (or the row) names
            return new ArtifactResult.Stored(committed, () -> access.counting(repo, blobs.openBlob(key)));
        }
        Download streaming = download;
        return new ArtifactResult.Streaming(download.length(), download.contentType(), offset -> {
            InputStream reader = streaming.newReader();
            // no reader: the download was committed meanwhile (its spool file is in the store now)
            return access.counting(repo, reader != null ? reader : blobs.open(streaming.storedKey(), offset));
        });
    }

    /** What the in-memory index alone says about a path of one proxy or hosted repository. */
    public sealed interface Lookup {
        /** Stored (the hit is counted). */
        record Hit(ArtifactResult.Stored artifact) implements Lookup {
        }

        /** A hosted repository does not have it (the database says so: never remembered). */
        record Absent() implements Lookup {
        }

        /** The index does not know: {@link #read} asks the database. */
        record Unknown() implements Lookup {
        }
    }

    private static final Lookup UNKNOWN = new Lookup.Unknown();
    private static final Lookup ABSENT = new Lookup.Absent();

    /**
     * The answer for {@code path} of {@code repo} when the in-memory index has one (no database, no upstream), for
     * the fast path of hits; {@link Lookup.Unknown} otherwise.
     */
    public Lookup indexed(RepositoryInfo repo, String path) {
        return indexed(repo, path, () -> true);
    }

    /**
     * {@link #indexed(RepositoryInfo, String)}, a hit served (and counted) only if {@code admit} lets it through;
     * {@link Lookup.Unknown} otherwise, so the full read path decides (the supply-chain guards' check of a hit).
     */
    public Lookup indexed(RepositoryInfo repo, String path, java.util.function.BooleanSupplier admit) {
        ArtifactIndex.Known known = index.lookup(repo.id(), path);
        if (known instanceof ArtifactIndex.Present p) {
            return admit.getAsBoolean() ? new Lookup.Hit(served(repo, p)) : UNKNOWN;
        }
        if (!repo.isHosted()) {
            return UNKNOWN;
        }
        if (known instanceof ArtifactIndex.Absent) {
            return ABSENT;
        }
        // A hosted repository's answer comes from the database (one indexed lookup). That it has nothing there is
        // remembered briefly (GRANARY_HOSTED_ABSENT_TTL), so a group's hits of its other members need no lookup per
        // request: a publish through this server forgets it at once, one through another server is seen within that.
        long stamp = index.stamp();
        Optional<ArtifactEntry> row = artifactDao.find(repo.id(), path);
        if (row.isEmpty()) {
            index.remember(repo.id(), path, new ArtifactIndex.Absent(clock.instant()), stamp);
            return ABSENT;
        }
        ArtifactIndex.Present p = remember(repo, path, row.get(), stamp);
        return admit.getAsBoolean() ? new Lookup.Hit(served(repo, p)) : UNKNOWN;
    }

    /**
     * Forgets what the in-memory index knows about {@code path} of {@code repo}: call it whenever an artifact is
     * stored, replaced or deleted other than by this class (publishes, cleanup, deletes).
     */
    public void forget(RepositoryInfo repo, String path) {
        index.forget(repo.id(), path);
    }

    /** Forgets everything the in-memory index knows about a repository (it was deleted). */
    public void forgetRepository(long repositoryId) {
        index.forgetRepository(repositoryId);
    }

    /** An artifact as stored, without counting a download (for a format that indexes what was uploaded). */
    public Optional<ArtifactResult.Stored> stored(RepositoryInfo repo, String path) {
        return artifactDao.find(repo.id(), path).map(e -> {
            StoragePath key = StoragePath.of(e.getStorageKey());
            return new ArtifactResult.Stored(StoredArtifacts.of(e), () -> blobs.openBlob(key));
        });
    }

    private ArtifactIndex.Present remember(RepositoryInfo repo, String path, ArtifactEntry entry, long stamp) {
        ArtifactIndex.Present p = new ArtifactIndex.Present(entry.getId(), StoredArtifacts.of(entry),
                StoragePath.of(entry.getStorageKey()), clock.instant());
        index.remember(repo.id(), path, p, stamp);
        return p;
    }

    /** A hit: counted, its bytes counted as they are sent, and readable as a local file where the store has one. */
    private ArtifactResult.Stored served(RepositoryInfo repo, ArtifactIndex.Present p) {
        access.hit(repo, p.artifactId(), p.artifact().size());
        RequestOutcome.note(repo.isHosted() ? "hosted" : "hit", repo);
        StoragePath key = p.key();
        return new ArtifactResult.Stored(p.artifact(), () -> access.counting(repo, openBlob(repo, key)),
                new ArtifactResult.LocalFile() {
                    @Override
                    public FileChannel open() throws IOException {
                        try {
                            return blobs.openFile(key);
                        } catch (BlobNotFoundException gone) {
                            index.forgetKey(repo.id(), key);
                            throw gone;
                        }
                    }

                    @Override
                    public void sent(long bytes) {
                        access.served(repo, bytes);
                    }
                });
    }

    /**
     * Opens a blob the index named (its size as opened); a blob that is gone (replaced or deleted on another server)
     * is forgotten.
     */
    private OpenedBlob openBlob(RepositoryInfo repo, StoragePath key) throws IOException {
        try {
            return blobs.openBlob(key);
        } catch (BlobNotFoundException gone) {
            index.forgetKey(repo.id(), key);
            throw gone;
        }
    }

    /**
     * The first asker resolves the source (on its own thread: resolving may read metadata through the cache) and
     * hands the download to the executor. Returns the stored artifact when another server or request stored it
     * meanwhile.
     */
    private Optional<ArtifactResult> start(RepositoryInfo repo, String path, Function<RepositoryInfo, ArtifactSource> source,
                                           Download download, String flightKey) {
        ArtifactSource resolved;
        FetchLeases.Lease lease = null;
        try {
            long stamp = index.stamp();
            if (index.lookup(repo.id(), path) instanceof ArtifactIndex.Present p) {
                // a download of this server committed between read()'s lookup and this one's start (record()
                // remembers the row before the download is forgotten)
                download.committed(p.artifact(), p.key());
                downloads.remove(flightKey, download);
                return Optional.of(served(repo, p));
            }
            boolean shared = fetchLeases == null || fetchLeases.shared();
            // only another server can have stored it since read()'s look-up: without one, no second read
            Optional<ArtifactEntry> already = shared ? artifactDao.find(repo.id(), path) : Optional.empty();
            if (already.isPresent()) {
                download.committed(StoredArtifacts.of(already.get()), StoragePath.of(already.get().getStorageKey()));
                downloads.remove(flightKey, download);
                return Optional.of(served(repo, remember(repo, path, already.get(), stamp)));
            }
            if (fetchLeases != null && shared) {
                FetchLeases.Claim<ArtifactEntry> claim = fetchLeases.claim(repo, path,
                        () -> artifactDao.find(repo.id(), path), () -> access.joinedFetch(repo, "artifact"));
                if (claim instanceof FetchLeases.Claim.Stored<ArtifactEntry> other) {
                    // another server fetched and stored it while this one waited: no fetch of its own
                    download.committed(StoredArtifacts.of(other.stored()), StoragePath.of(other.stored().getStorageKey()));
                    downloads.remove(flightKey, download);
                    ArtifactResult.Stored served = served(repo, remember(repo, path, other.stored(), stamp));
                    RequestOutcome.note("joined", repo);
                    return Optional.of(served);
                }
                if (claim instanceof FetchLeases.Claim.Fetch<ArtifactEntry> mine) {
                    lease = mine.lease();
                }
            }
            resolved = source.apply(repo);
            // resolving may have read (and noted) the package's metadata: what this request is, is a miss
            RequestOutcome.note("miss", repo);
            checkUrl(repo, resolved);
            checkDeclaredHash(repo, resolved);
            if (!downloadSlots.tryAcquire()) {
                access.downloadRejected(repo, "download_limit");
                throw new BusyException("Granary is already downloading " + MAX_CONCURRENT_DOWNLOADS
                        + " artifacts from upstreams; try again in a few seconds", Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            if (lease != null) {
                lease.close();
            }
            GranaryException failure = e instanceof GranaryException g ? g
                    : new UpstreamFailureException("cannot resolve " + path + " in repository '" + repo.name() + "': " + e, e);
            failed(download, flightKey, failure);
            if (!(e instanceof GranaryException)) {
                LOG.log(Level.SEVERE, "Unexpected failure resolving " + repo.name() + "/" + path, e);
            }
            throw failure;
        }
        download.verifyFirst(resolved.check() != ArtifactCheck.NONE || integrityFailures.isMarked(flightKey));
        FetchLeases.Lease held = lease;
        try {
            executor.execute(() -> {
                try {
                    fetch(repo, path, resolved, download, flightKey);
                } finally {
                    downloadSlots.release();
                    if (held != null) {
                        held.close(); // after the row was recorded (or the fetch failed): the waiters go on
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            downloadSlots.release();
            if (held != null) {
                held.close();
            }
            access.downloadRejected(repo, "executor_full");
            BusyException busy = new BusyException("Granary cannot start another upstream download now; try again "
                    + "in a few seconds", Duration.ofSeconds(5));
            failed(download, flightKey, busy);
            throw busy;
        }
        return Optional.empty();
    }

    /**
     * The one rule for where an artifact may be fetched from, whatever format named the URL (npm
     * {@code dist.tarball}, PyPI file links, cargo {@code dl}): {@link ArtifactHostRule}, checked before the download
     * starts (and again by the upstream client for every redirect).
     */
    private void checkUrl(RepositoryInfo repo, ArtifactSource source) {
        try {
            hostRule.check(source.upstreamUrl(), repo.upstream().orElse(null));
        } catch (ArtifactHostRefusedException e) {
            access.upstreamFailed(repo, "artifact", "host_refused");
            throw new UpstreamFailureException("the upstream metadata of repository '" + repo.name() + "' points "
                    + source.coordinates().display() + " somewhere Granary does not fetch from: " + e.getMessage()
                    + "; nothing was fetched", e);
        }
    }

    /**
     * An artifact whose upstream metadata declares no hash cannot be verified: refused when the repository says so
     * ({@code requireDeclaredHash}), else fetched and marked (audited as {@code artifact.unverified} when stored).
     * Formats whose upstreams never declare hashes (Go) are not concerned.
     */
    private static void checkDeclaredHash(RepositoryInfo repo, ArtifactSource source) {
        if (repo.requireDeclaredHash() && isUnverifiable(repo, source)) {
            throw new UpstreamFailureException("the upstream metadata of repository '" + repo.name() + "' declares no "
                    + "hash for " + source.coordinates().display() + ", and this repository accepts only artifacts it can "
                    + "verify (requireDeclaredHash); nothing was fetched");
        }
    }

    private static boolean isUnverifiable(RepositoryInfo repo, ArtifactSource source) {
        return source.expected().isEmpty() && repo.format().declaresHashes();
    }

    /** Runs on the executor: download into a spool file, verify, commit. */
    private void fetch(RepositoryInfo repo, String path, ArtifactSource source, Download download, String flightKey) {
        Path file = null;
        String display = source.coordinates().display();
        try (UpstreamResponse response = access.fetched(repo, "artifact", () -> upstream.get(source.upstreamUrl(), Map.of(),
                hostRule.forUpstream(repo.upstream().orElse(null))))) {
            if (response.status() == 404 || response.status() == 410) {
                throw new NotFoundException(display + " (" + path + ") was not found upstream of repository '"
                        + repo.name() + "'");
            }
            if (response.status() != 200) {
                throw new UpstreamFailureException("cannot fetch " + display + " from the upstream of repository '"
                        + repo.name() + "': upstream answered HTTP " + response.status());
            }
            long declared = response.contentLength().orElse(-1);
            String what = "the download of " + display + " into repository '" + repo.name() + "'";
            file = spool.newFile("artifact-", declared, what);
            download.streaming(file, declared, source.contentType());
            Digests digests;
            try {
                digests = copy(response.body(), spool.writeTo(file, what), download, needsSha1(repo, source),
                        needsSha512(repo, source));
            } catch (IOException e) {
                access.upstreamFailed(repo, "artifact", "body_" + UpstreamCause.of(e));
                throw e;
            }
            try {
                verify(source, digests, declared, display, flightKey);
                inspect(source.check(), file, display, flightKey);
            } catch (IntegrityException e) {
                access.upstreamFailed(repo, "artifact", "integrity");
                throw e;
            } catch (UpstreamFailureException e) {
                access.upstreamFailed(repo, "artifact", "truncated");
                throw e;
            }
            StoragePath key = artifactKey(repo, path, digests);
            blobs.putFile(key, file);
            ArtifactEntry recorded = record(repo, path, key, source, digests);
            downloads.remove(flightKey, download); // a request from now on finds the row
            // the row's key: another server may have recorded the same bytes first, under a key of its own
            download.committed(StoredArtifacts.of(recorded), StoragePath.of(recorded.getStorageKey()));
            integrityFailures.clear(flightKey);
            if (isUnverifiable(repo, source)) {
                audit.record(null, "artifact.unverified", repo.name() + "/" + path, AuditLog.SUCCESS,
                        "cached without verification: the upstream metadata declares no hash for " + display
                                + " (sha256 " + digests.sha256() + ")", null);
            }
        } catch (GranaryException e) {
            failed(download, flightKey, e);
        } catch (IOException e) {
            failed(download, flightKey, new UpstreamFailureException("download of " + display + " from the upstream of repository '"
                    + repo.name() + "' failed: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Unexpected failure fetching " + repo.name() + "/" + path, e);
            failed(download, flightKey, new UpstreamFailureException("internal error while fetching " + path, e));
        } finally {
            downloads.remove(flightKey, download);
            spool.release(file);
        }
    }

    /** Forgets a failed download before its waiters hear of it, so that a request after the failure fetches anew. */
    private void failed(Download download, String flightKey, GranaryException e) {
        downloads.remove(flightKey, download);
        download.failed(e);
    }

    /** SHA-512 where the format's clients use it or the upstream declares one to verify ({@link Format#keepsSha512}). */
    static boolean needsSha512(RepositoryInfo repo, ArtifactSource source) {
        return repo.format().keepsSha512() || source.expected()
                .map(e -> e.algorithm() == ExpectedDigest.Algorithm.SHA512).orElse(false);
    }

    /** SHA-1 where the format's clients use it or the upstream declares one to verify ({@link Format#keepsSha1}). */
    static boolean needsSha1(RepositoryInfo repo, ArtifactSource source) {
        return repo.format().keepsSha1() || source.expected()
                .map(e -> e.algorithm() == ExpectedDigest.Algorithm.SHA1).orElse(false);
    }

    private static Digests copy(InputStream body, OutputStream file, Download download, boolean withSha1,
                                boolean withSha512) throws IOException {
        HashingInputStream hashing = new HashingInputStream(body, withSha1, withSha512);
        try (OutputStream out = file) {
            byte[] buf = new byte[BUFFER];
            long total = 0;
            int n;
            while ((n = hashing.read(buf)) >= 0) {
                // what has arrived already joins this write: the HTTP client hands over ~30 KiB at a time, and each
                // write is a system call and wakes every client following the spool (never waits for more bytes)
                while (n < buf.length && hashing.available() > 0) {
                    int more = hashing.read(buf, n, buf.length - n);
                    if (more < 0) {
                        break;
                    }
                    n += more;
                }
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
                integrityFailures.mark(flightKey, VERIFY_FIRST_AFTER_FAILURE);
                throw new IntegrityException("integrity check failed for " + display + ": the upstream metadata declares "
                        + expected + " but the downloaded file has " + expected.describe(digests)
                        + "; nothing was cached");
            }
        });
    }

    private void inspect(ArtifactCheck check, Path file, String display, String flightKey) {
        try {
            check.check(file);
        } catch (IOException e) {
            integrityFailures.mark(flightKey, VERIFY_FIRST_AFTER_FAILURE);
            throw new IntegrityException("integrity check failed for " + display + ": " + e.getMessage()
                    + "; nothing was cached");
        }
    }

    private ArtifactEntry record(RepositoryInfo repo, String path, StoragePath key, ArtifactSource source, Digests d)
            throws IOException {
        ArtifactSource.Coordinates c = source.coordinates();
        NewArtifact artifact = new NewArtifact(repo.id(), path, key.toString(), c.name(), c.packagePurl(), c.version(),
                c.versionPurl(), c.releasedAt(), d.size(), d.sha1(), d.sha256(), d.sha512(), source.contentType(),
                source.upstreamUrl().toString(), clock.instant());
        long stamp = index.stamp();
        try {
            ArtifactEntry recorded = artifactDao.record(artifact);
            remember(repo, path, recorded, stamp);
            return recorded;
        } catch (RuntimeException e) {
            Optional<ArtifactEntry> concurrent = artifactDao.find(repo.id(), path);
            if (concurrent.isPresent() && concurrent.get().getSha256().equals(d.sha256())) {
                if (!concurrent.get().getStorageKey().equals(key.toString())) {
                    blobs.delete(key); // another server stored the same bytes first, under a key of its own
                }
                remember(repo, path, concurrent.get(), stamp);
                return concurrent.get();
            }
            blobs.delete(key);
            throw e;
        }
    }

    /**
     * {@code artifacts/<repository>/<path>~<sha256>.<random>}: a key of its own for every fetch, so a blob an eviction
     * left behind for its grace time (see {@link Cleanup}) is never the blob of a later fetch of the same path.
     */
    static StoragePath artifactKey(RepositoryInfo repo, String path, Digests digests) {
        return MetadataCache.versionedKey("artifacts", repo, path, digests.sha256() + "."
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16));
    }
}
