package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.BlobTombstone;
import org.granary.persistence.CleanupDao;
import org.granary.persistence.StatsDao;
import org.granary.persistence.StoredRow;
import org.granary.storage.BlobStore;
import org.granary.storage.StoragePath;

/**
 * Frees storage: a repository's cleanup policy ({@link Eviction}, proxy repositories only: hosted artifacts are never
 * evicted by it), orphans both ways (blobs no row points at, rows whose blob is missing), spool and temporary
 * leftovers, and the blobs whose tombstones are due.
 * <p>
 * A blob is never deleted under a client: an evicted artifact's row goes at once (no new download starts), but its
 * blob stays for {@link Setting#CLEANUP_GRACE} (a tombstone), and a blob without a row is deleted only once it is
 * older than that. On the filesystem an open file also survives its deletion; on S3 the grace is what protects a
 * download in flight.
 * <p>
 * A dry run computes exactly what the real run would remove, from the same rows with the same rules.
 */
@ApplicationScoped
public class Cleanup {

    private static final Logger LOG = Logger.getLogger(Cleanup.class.getName());
    /** Most removals a report lists (the counts and bytes are always complete). */
    static final int MAX_LISTED = 10_000;
    private static final int PURGE_BATCH = 500;

    @Inject
    CleanupDao dao;
    @Inject
    StatsDao stats;
    @Inject
    BlobStore blobs;
    @Inject
    Spool spool;
    @Inject
    AccessRecorder access;
    @Inject
    RepositoryRegistry registry;
    @Inject
    Clock clock;
    @Inject
    GranaryConfig config;
    @Inject
    ArtifactCache artifactCache;

    /** What goes (or went), and why. */
    public enum Kind {
        /** not read for longer than {@code maxIdleDays} */
        IDLE("idle"),
        /** least recently read while the repository was over {@code maxBytes} */
        OVER_QUOTA("over-quota"),
        /** a blob in the store that no row points at */
        ORPHAN_BLOB("orphan-blob"),
        /** a row whose blob is missing from the store */
        MISSING_BLOB("missing-blob");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** One thing removed: a repository path (artifact or document) or a storage key (orphan blob). */
    public record Removal(String item, Kind kind, long bytes) {
    }

    /**
     * @param removals what goes, at most {@link #MAX_LISTED} of them
     * @param count    how many go in all
     * @param bytes    their bytes
     */
    public record Report(String repository, boolean dryRun, List<Removal> removals, int count, long bytes) {
    }

    /** What a run over everything did besides the repositories' removals. */
    public record Housekeeping(int spoolFiles, long spoolBytes, int temporaryFiles, int blobsDeleted, long blobBytesDeleted) {
    }

    private Duration grace() {
        return config.duration(Setting.CLEANUP_GRACE);
    }

    /** Applies {@code repo}'s policy and collects its orphans; with {@code dryRun} only says what would go. */
    public Report run(RepositoryInfo repo, boolean dryRun) {
        if (repo.isGroup()) {
            return new Report(repo.name(), dryRun, List.of(), 0, 0); // a group stores nothing of its own
        }
        access.flush(); // so "least recently used" sees the reads of the last seconds
        Instant now = clock.instant();
        List<StoredRow> artifacts = dao.artifacts(repo.id());
        List<StoredRow> documents = dao.documents(repo.id());
        List<Planned> plan = new ArrayList<>();
        Set<Long> evicted = new HashSet<>();
        if (repo.isProxy()) {
            for (Eviction.Evicted e : Eviction.select(artifacts, repo.cleanup(), now)) {
                plan.add(new Planned(e.row(), false, e.reason() == Eviction.Reason.IDLE ? Kind.IDLE : Kind.OVER_QUOTA));
                evicted.add(e.row().id());
            }
        }
        Map<String, BlobStore.Listed> listed = listBlobs(repo);
        Set<String> referenced = new HashSet<>();
        for (StoredRow r : artifacts) {
            referenced.add(r.storageKey());
            if (!evicted.contains(r.id()) && isMissing(r, listed)) {
                plan.add(new Planned(r, false, Kind.MISSING_BLOB));
            }
        }
        for (StoredRow r : documents) {
            referenced.add(r.storageKey());
            if (isMissing(r, listed)) {
                plan.add(new Planned(r, true, Kind.MISSING_BLOB));
            }
        }
        Instant orphanBefore = now.minus(grace());
        List<BlobStore.Listed> orphans = listed.values().stream()
                .filter(b -> !referenced.contains(b.path().toString()))
                .filter(b -> b.lastModified() != null && b.lastModified().isBefore(orphanBefore))
                .filter(b -> !dao.isReferenced(b.path().toString()) && !dao.isTombstoned(b.path().toString()))
                .sorted((a, b) -> a.path().toString().compareTo(b.path().toString()))
                .toList();
        return dryRun ? report(repo, true, plan, orphans) : apply(repo, plan, orphans, now);
    }

    private record Planned(StoredRow row, boolean document, Kind kind) {
    }

    private Report apply(RepositoryInfo repo, List<Planned> plan, List<BlobStore.Listed> orphans, Instant now) {
        Instant deleteAfter = now.plus(grace());
        List<Planned> done = new ArrayList<>();
        for (Planned p : plan) {
            boolean removed;
            try {
                removed = switch (p.kind()) {
                    case IDLE, OVER_QUOTA -> dao.evictArtifact(repo.id(), p.row(), deleteAfter);
                    case MISSING_BLOB -> p.document() ? dao.dropDocument(repo.id(), p.row())
                            : dao.dropArtifact(repo.id(), p.row());
                    case ORPHAN_BLOB -> throw new IllegalStateException();
                };
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cleanup could not remove " + repo.name() + "/" + p.row().path(), e);
                removed = false;
            }
            if (removed) {
                done.add(p);
                if (!p.document()) {
                    artifactCache.forget(repo, p.row().path()); // the hit index answers no more for it
                }
            }
        }
        List<BlobStore.Listed> deleted = new ArrayList<>();
        for (BlobStore.Listed orphan : orphans) {
            try {
                if (!dao.isReferenced(orphan.path().toString())) {
                    blobs.delete(orphan.path());
                    deleted.add(orphan);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Cleanup could not delete orphan blob " + orphan.path(), e);
            }
        }
        stats.recountStorage(repo.id());
        return report(repo, false, done, deleted);
    }

    private static Report report(RepositoryInfo repo, boolean dryRun, List<Planned> rows, List<BlobStore.Listed> orphans) {
        List<Removal> all = new ArrayList<>();
        rows.forEach(p -> all.add(new Removal(p.row().path(), p.kind(), p.kind() == Kind.MISSING_BLOB ? 0 : p.row().size())));
        orphans.forEach(o -> all.add(new Removal(o.path().toString(), Kind.ORPHAN_BLOB, o.size())));
        long bytes = all.stream().mapToLong(Removal::bytes).sum();
        return new Report(repo.name(), dryRun, List.copyOf(all.subList(0, Math.min(all.size(), MAX_LISTED))),
                all.size(), bytes);
    }

    /**
     * A row's blob is missing when the listing of its repository's keys lacks it, checked once more on its own (a
     * row committed after the listing, a key outside the listed prefixes).
     */
    private boolean isMissing(StoredRow r, Map<String, BlobStore.Listed> listed) {
        if (listed.containsKey(r.storageKey())) {
            return false;
        }
        try {
            return !blobs.exists(StoragePath.of(r.storageKey()));
        } catch (RuntimeException e) {
            return false; // unreadable store or key: never a reason to drop a row
        }
    }

    /** The blobs kept under a repository's keys: {@code artifacts/<name>/…} and {@code metadata/<name>/…}. */
    private Map<String, BlobStore.Listed> listBlobs(RepositoryInfo repo) {
        Map<String, BlobStore.Listed> found = new HashMap<>();
        for (String root : List.of("artifacts", "metadata")) {
            try {
                blobs.list(StoragePath.of(root, repo.name()), b -> found.put(b.path().toString(), b));
            } catch (IOException e) {
                throw new UpstreamFailureException("cannot list the blob store under " + root + "/" + repo.name()
                        + ": " + e.getMessage(), e);
            }
        }
        return found;
    }

    /**
     * Spool leftovers older than the grace, temporary files of cut-off writes, and blobs whose tombstone is due (still
     * pointed at by no row: a proxy that fetched the same path again has a key of its own).
     */
    public Housekeeping housekeeping() {
        Instant now = clock.instant();
        Instant before = now.minus(grace());
        List<Path> leftovers = spool.leftovers(before);
        long spoolBytes = spool.cleanLeftovers(before);
        int temporary = 0;
        try {
            temporary = blobs.cleanTemporary(before);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not clean the blob store's temporary files", e);
        }
        int deleted = 0;
        long deletedBytes = 0;
        for (List<BlobTombstone> due = dao.due(now, PURGE_BATCH); !due.isEmpty(); due = dao.due(now, PURGE_BATCH)) {
            for (BlobTombstone t : due) {
                try {
                    if (!dao.isReferenced(t.getStorageKey())) {
                        blobs.delete(StoragePath.of(t.getStorageKey()));
                        deleted++;
                        deletedBytes += t.getSize();
                    }
                    dao.forget(t.getId());
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not delete blob " + t.getStorageKey() + "; trying again next run", e);
                    return new Housekeeping(leftovers.size(), spoolBytes, temporary, deleted, deletedBytes);
                }
            }
        }
        return new Housekeeping((int) leftovers.stream().filter(f -> !Files.exists(f)).count(), spoolBytes, temporary,
                deleted, deletedBytes);
    }

    /**
     * Retires a blob a row no longer points at (a document replaced by a newer copy, a re-deployed snapshot): it is
     * deleted once the grace has passed, so a client still reading it finishes. Falls back to deleting it at once
     * when the tombstone cannot be written.
     */
    public void retire(StoragePath key, long size) {
        try {
            dao.tombstone(key.toString(), size, clock.instant().plus(grace()));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not give " + key + " a tombstone; deleting it now", e);
            try {
                blobs.delete(key);
            } catch (IOException | RuntimeException gone) {
                LOG.log(Level.FINE, "Could not delete blob " + key, gone);
            }
        }
    }

    /** Bytes of evicted blobs still in the store, waiting for their grace to pass. */
    public long pendingBytes() {
        return dao.pendingBytes();
    }
}
