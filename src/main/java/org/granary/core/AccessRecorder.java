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
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.StatsDao;

/**
 * Counts requests, hits, misses and bytes served per repository, and hits and last access per artifact,
 * in memory, so that serving costs no database write; {@link #flush()} (called by a timer and at
 * shutdown) adds the counts to the database.
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
    }

    /** A metadata request answered from the cache or upstream. */
    public void request(RepositoryInfo repo) {
        counts(repo).requests.increment();
    }

    public void hit(RepositoryInfo repo, long artifactId) {
        RepositoryCounts c = counts(repo);
        c.requests.increment();
        c.hits.increment();
        ArtifactCounts a = artifacts.computeIfAbsent(artifactId, id -> new ArtifactCounts());
        a.hits.increment();
        a.last = clock.instant();
    }

    public void miss(RepositoryInfo repo) {
        RepositoryCounts c = counts(repo);
        c.requests.increment();
        c.misses.increment();
    }

    /** Wraps a body so that the bytes actually read count as served by {@code repo}. */
    public InputStream counting(RepositoryInfo repo, InputStream in) {
        LongAdder bytes = counts(repo).bytes;
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    bytes.add(n);
                }
                return n;
            }
        };
    }

    /** Counts {@code bytes} sent by other means than {@link #counting} as served by {@code repo}. */
    public void served(RepositoryInfo repo, long bytes) {
        if (bytes > 0) {
            counts(repo).bytes.add(bytes);
        }
    }

    private RepositoryCounts counts(RepositoryInfo repo) {
        return repositories.computeIfAbsent(repo.id(), id -> new RepositoryCounts());
    }

    /** Writes the counts gathered since the last flush to the database. */
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
            if (requests + hits + misses + bytes > 0) {
                write(() -> statsDao.add(e.getKey(), requests, hits, misses, bytes, now),
                        "statistics of repository " + e.getKey());
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
