package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ArtifactEntry;

/**
 * Counts artifact hits and last access in memory, so serving a cached artifact costs no database write;
 * {@link #flush()} (called by a timer and at shutdown) adds the counts to the database.
 */
@ApplicationScoped
public class AccessRecorder {

    private static final Logger LOG = Logger.getLogger(AccessRecorder.class.getName());

    @Inject
    ArtifactDao artifactDao;
    @Inject
    Clock clock;

    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();

    private static final class Pending {
        final LongAdder hits = new LongAdder();
        volatile Instant last;
    }

    public void hit(RepositoryInfo repo, ArtifactEntry artifact) {
        Pending p = pending.computeIfAbsent(artifact.getId(), id -> new Pending());
        p.hits.increment();
        p.last = clock.instant();
    }

    public void miss(RepositoryInfo repo) {
        // Per-repository request statistics are recorded with the metrics work; a miss costs nothing yet.
    }

    /** Writes the counted hits to the database. */
    public void flush() {
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            Pending p = pending.remove(e.getKey());
            if (p == null) {
                continue;
            }
            long hits = p.hits.sumThenReset();
            if (hits == 0) {
                continue;
            }
            try {
                artifactDao.addHits(e.getKey(), hits, p.last);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "Could not record " + hits + " hit(s) of artifact " + e.getKey(), ex);
            }
        }
    }
}
