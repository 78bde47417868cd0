package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.micrometer.core.instrument.Counter;
import org.granary.metrics.GranaryMetrics;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.StatsDao;
import org.granary.storage.OpenedBlob;
import org.granary.upstream.UpstreamResponse;

/**
 * Counts requests, hits, misses and bytes served per repository, and hits and last access per artifact,
 * in memory, so that serving costs no database write; {@link #flush()} (called by a timer and at
 * shutdown) adds the counts to the database. Every count also goes to {@link GranaryMetrics}, with the other events
 * of a repository's read path that operators watch (upstream fetches, stale serves, waits, refusals, publishes).
 */
@ApplicationScoped
public class AccessRecorder {

    private static final Logger LOG = Logger.getLogger(AccessRecorder.class.getName());

    @Inject
    ArtifactDao artifactDao;
    @Inject
    StatsDao statsDao;
    @Inject
    Clock clock;
    @Inject
    GranaryMetrics metrics;

    private final ConcurrentHashMap<Long, ArtifactCounts> artifacts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, RepositoryCounts> repositories = new ConcurrentHashMap<>();

    private static final class ArtifactCounts {
        final LongAdder hits = new LongAdder();
        volatile Instant last;
    }

    private static final class RepositoryCounts {
        final LongAdder requests = new LongAdder();
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder documents = new LongAdder();
        final LongAdder documentBytes = new LongAdder();
    }

    /**
     * A document fetched from upstream was stored: the repository's storage figures move by {@code documents} and
     * {@code bytes} (either may be negative), written with the next {@link #flush}, not on the request path.
     */
    public void documentStored(RepositoryInfo repo, long documents, long bytes) {
        if (documents != 0 || bytes != 0) {
            RepositoryCounts c = counts(repo);
            c.documents.add(documents);
            c.documentBytes.add(bytes);
        }
    }

    /** A metadata request answered from the cache or upstream. */
    public void request(RepositoryInfo repo) {
        counts(repo).requests.increment();
        metrics.request(repo.name(), repo.format().id(), "metadata");
    }

    /** An artifact served from the cache: {@code size} bytes the upstream did not have to send again. */
    public void hit(RepositoryInfo repo, long artifactId, long size) {
        metrics.request(repo.name(), repo.format().id(), "artifact");
        metrics.hit(repo.name(), repo.format().id(), repo.isProxy() ? size : 0);
        RepositoryCounts c = counts(repo);
        c.requests.increment();
        c.hits.increment();
        ArtifactCounts a = artifacts.computeIfAbsent(artifactId, id -> new ArtifactCounts());
        a.hits.increment();
        a.last = clock.instant();
    }

    public void miss(RepositoryInfo repo) {
        metrics.request(repo.name(), repo.format().id(), "artifact");
        metrics.miss(repo.name(), repo.format().id());
        RepositoryCounts c = counts(repo);
        c.requests.increment();
        c.misses.increment();
    }

    /** Wraps a body so that the bytes actually read count as served by {@code repo}. */
    public InputStream counting(RepositoryInfo repo, InputStream in) {
        LongAdder bytes = counts(repo).bytes;
        Counter served = metrics.servedBytes(repo.name(), repo.format().id());
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.increment();
                    served.increment();
                    RequestOutcome.sent(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    bytes.add(n);
                    served.increment(n);
                    RequestOutcome.sent(n);
                }
                return n;
            }
        };
    }

    /** A blob whose bytes, once streamed, count as served by {@code repo}. */
    public OpenedBlob counting(RepositoryInfo repo, OpenedBlob blob) {
        return blob.map(in -> counting(repo, in));
    }

    /**
     * One upstream fetch of {@code kind} ({@code metadata}, {@code artifact}) that took {@code nanos} until its
     * response or failure; {@code cause} names the failure ({@code null}: it answered).
     */
    public void upstream(RepositoryInfo repo, String kind, long nanos, String cause) {
        metrics.upstream(repo.name(), repo.format().id(), kind, nanos, cause);
    }

    /** An upstream fetch of {@code kind}, timed and, when it fails or answers with an error status, counted by cause. */
    public UpstreamResponse fetched(RepositoryInfo repo, String kind, UpstreamCall call) throws IOException {
        long started = System.nanoTime();
        try {
            UpstreamResponse response = call.get();
            upstream(repo, kind, System.nanoTime() - started, UpstreamCause.ofStatus(response.status()));
            return response;
        } catch (IOException | RuntimeException e) {
            upstream(repo, kind, System.nanoTime() - started, UpstreamCause.of(e));
            throw e;
        }
    }

    /** An upstream request as the caches make it. */
    @FunctionalInterface
    public interface UpstreamCall {
        UpstreamResponse get() throws IOException;
    }

    /** An upstream fetch that failed after its response began: a truncated or unverifiable body, a refused host. */
    public void upstreamFailed(RepositoryInfo repo, String kind, String cause) {
        metrics.upstreamError(repo.name(), repo.format().id(), kind, cause);
    }

    /** Cached metadata served because its revalidation failed. */
    public void staleServe(RepositoryInfo repo) {
        metrics.staleServe(repo.name(), repo.format().id());
    }

    /** A request that waited for another request's fetch of the same {@code kind} of thing. */
    public void joinedFetch(RepositoryInfo repo, String kind) {
        metrics.singleFlightWait(repo.name(), repo.format().id(), kind);
    }

    /** A miss refused (503) instead of downloaded, e.g. at the download limit. */
    public void downloadRejected(RepositoryInfo repo, String reason) {
        metrics.downloadRejected(repo.name(), repo.format().id(), reason);
    }

    /** A write to a hosted repository ({@code publish}, {@code yank}…) that succeeded or was refused. */
    public void published(RepositoryInfo repo, String action, boolean succeeded) {
        metrics.publish(repo.name(), repo.format().id(), action, succeeded ? "success" : "refused");
    }

    /** Counts {@code bytes} sent by other means than {@link #counting} (a file channel) as served by {@code repo}. */
    public void served(RepositoryInfo repo, long bytes) {
        if (bytes > 0) {
            RequestOutcome.sent(bytes);
            counts(repo).bytes.add(bytes);
            metrics.servedBytes(repo.name(), repo.format().id()).increment(bytes);
        }
    }

    private RepositoryCounts counts(RepositoryInfo repo) {
        return repositories.computeIfAbsent(repo.id(), id -> new RepositoryCounts());
    }

    /** Drops the counts of a deleted repository that were not written yet. */
    public void forget(long repositoryId) {
        repositories.remove(repositoryId);
    }

    /**
     * Writes the counts gathered since the last flush to the database, each repository's in its own transaction; a
     * repository deleted meanwhile is skipped quietly, and a failure for one repository loses only its counts.
     */
    public void flush() {
        Instant now = clock.instant();
        for (Long id : artifacts.keySet()) {
            ArtifactCounts a = artifacts.remove(id);
            long hits = a == null ? 0 : a.hits.sumThenReset();
            if (hits > 0) {
                write(() -> artifactDao.addHits(id, hits, a.last), "hits of artifact " + id);
            }
        }
        for (Map.Entry<Long, RepositoryCounts> e : repositories.entrySet()) {
            RepositoryCounts c = e.getValue();
            long requests = c.requests.sumThenReset();
            long hits = c.hits.sumThenReset();
            long misses = c.misses.sumThenReset();
            long bytes = c.bytes.sumThenReset();
            long documents = c.documents.sumThenReset();
            long documentBytes = c.documentBytes.sumThenReset();
            if (requests + hits + misses + bytes > 0 || documents != 0 || documentBytes != 0) {
                write(() -> {
                    if (!statsDao.add(e.getKey(), requests, hits, misses, bytes, documents, documentBytes, now)) {
                        repositories.remove(e.getKey(), c); // deleted: nothing more will be counted for it
                    }
                }, "statistics of repository " + e.getKey());
            }
        }
    }

    private static void write(Runnable update, String what) {
        try {
            update.run();
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "Could not record " + what, ex);
        }
    }
}
