package org.granary.core;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ArtifactEntry;
import org.granary.persistence.AuditDao;
import org.granary.persistence.AuditEvent;
import org.granary.persistence.BlobTombstone;
import org.granary.persistence.CleanupDao;
import org.granary.persistence.FetchLeaseDao;
import org.granary.persistence.GuardDao;
import org.granary.persistence.GuardPolicyEntry;
import org.granary.persistence.GuardRuleEntry;
import org.granary.persistence.ReleaseTimeDao;
import org.granary.persistence.ReleaseTimeEntry;
import org.granary.persistence.MetadataDao;
import org.granary.persistence.MetadataEntry;
import org.granary.persistence.PrefetchRule;
import org.granary.persistence.PrefetchRuleDao;
import org.granary.persistence.NewArtifact;
import org.granary.persistence.PublicationDao;
import org.granary.persistence.Repository;
import org.granary.persistence.RepositoryDao;
import org.granary.persistence.RepositoryStats;
import org.granary.persistence.StatsDao;
import org.granary.persistence.StoredRow;
import org.granary.persistence.VersionEntry;

/**
 * The real DAOs, each public method run in a transaction of {@link HarnessDatabase} as the {@code @Transactional}
 * interceptor would run it (REQUIRED; {@link AuditDao#append} REQUIRES_NEW). Only the transaction boundary is
 * added: every query is the DAO's own.
 */
final class HarnessDaos {

    private HarnessDaos() {
    }

    /** Injects the harness EntityManager into a DAO's {@code @PersistenceContext} field. */
    private static <T> T withEntityManager(T dao, Class<?> daoClass, HarnessDatabase db) {
        try {
            Field em = daoClass.getDeclaredField("em");
            em.setAccessible(true);
            em.set(dao, db.entityManager());
            return dao;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot inject the EntityManager into " + daoClass.getSimpleName(), e);
        }
    }

    static Artifacts artifacts(HarnessDatabase db) {
        return withEntityManager(new Artifacts(db), ArtifactDao.class, db);
    }

    static Metadata metadata(HarnessDatabase db) {
        return withEntityManager(new Metadata(db), MetadataDao.class, db);
    }

    static Repositories repositories(HarnessDatabase db) {
        return withEntityManager(new Repositories(db), RepositoryDao.class, db);
    }

    static Audit audit(HarnessDatabase db) {
        return withEntityManager(new Audit(db), AuditDao.class, db);
    }

    static Stats stats(HarnessDatabase db) {
        return withEntityManager(new Stats(db), StatsDao.class, db);
    }

    static FetchLeaseDao fetchLeases(HarnessDatabase db) {
        return withEntityManager(new FetchLeases(db), org.granary.persistence.FetchLeaseDao.class, db);
    }

    /** The fetch leases: each method in a transaction of its own (REQUIRES_NEW), as the DAO declares. */
    static final class FetchLeases extends org.granary.persistence.FetchLeaseDao {
        private final HarnessDatabase db;

        FetchLeases(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public Optional<org.granary.persistence.FetchLease> find(String key) {
            return db.required(() -> super.find(key));
        }

        @Override
        public void insert(String key, long repositoryId, String holder, Instant expiresAt) {
            db.requiresNew(() -> {
                super.insert(key, repositoryId, holder, expiresAt);
                return null;
            });
        }

        @Override
        public boolean takeExpired(String key, String holder, Instant now, Instant expiresAt) {
            return db.requiresNew(() -> super.takeExpired(key, holder, now, expiresAt));
        }

        @Override
        public void release(String key, String holder) {
            db.requiresNew(() -> {
                super.release(key, holder);
                return null;
            });
        }
    }

    static Publications publications(HarnessDatabase db) {
        return withEntityManager(new Publications(db), PublicationDao.class, db);
    }

    static final class Artifacts extends ArtifactDao {
        private final HarnessDatabase db;

        Artifacts(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public Optional<ArtifactEntry> find(long repositoryId, String path) {
            return db.required(() -> super.find(repositoryId, path));
        }

        @Override
        public ArtifactEntry record(NewArtifact a) {
            return db.required(() -> super.record(a));
        }

        @Override
        public void delete(long artifactId) {
            db.required(() -> super.delete(artifactId));
        }

        @Override
        public void addHits(long artifactId, long hits, Instant lastAccessedAt) {
            db.required(() -> super.addHits(artifactId, hits, lastAccessedAt));
        }

        @Override
        public long bytesUsed(long repositoryId) {
            return db.required(() -> super.bytesUsed(repositoryId));
        }

        @Override
        public Optional<VersionEntry> findVersion(long repositoryId, String packageName, String version) {
            return db.required(() -> super.findVersion(repositoryId, packageName, version));
        }

        @Override
        public List<ArtifactEntry> ofVersion(long repositoryId, String packageName, String version) {
            return db.required(() -> super.ofVersion(repositoryId, packageName, version));
        }
    }

    static final class Metadata extends MetadataDao {
        private final HarnessDatabase db;

        Metadata(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public Optional<MetadataEntry> find(long repositoryId, String path) {
            return db.required(() -> super.find(repositoryId, path));
        }

        @Override
        public Saved saveFetched(long repositoryId, String path, String storageKey, long size, String sha256,
                                 String contentType, String etag, String lastModified, Instant fetchedAt,
                                 Releases releases, Instant retireReplacedAfter) {
            return db.required(() -> super.saveFetched(repositoryId, path, storageKey, size, sha256, contentType, etag,
                    lastModified, fetchedAt, releases, retireReplacedAfter));
        }

        @Override
        public Optional<MetadataEntry> markRevalidated(long id, Instant at) {
            return db.required(() -> super.markRevalidated(id, at));
        }

        @Override
        public List<MetadataEntry> documents(long repositoryId, String pathPrefix, int limit) {
            return db.required(() -> super.documents(repositoryId, pathPrefix, limit));
        }

        @Override
        public java.util.Set<String> existingPaths(java.util.Collection<Long> repositoryIds,
                                                   java.util.Collection<String> paths) {
            return db.required(() -> super.existingPaths(repositoryIds, paths));
        }
    }

    static final class Repositories extends RepositoryDao {
        private final HarnessDatabase db;

        Repositories(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public List<Repository> findAll() {
            return db.required(super::findAll);
        }

        @Override
        public Optional<Repository> findByName(String name) {
            return db.required(() -> super.findByName(name));
        }

        @Override
        public Repository create(Repository repository) {
            return db.required(() -> super.create(repository));
        }

        @Override
        public void setMembers(String group, List<String> memberNames) {
            db.required(() -> super.setMembers(group, memberNames));
        }

        @Override
        public Repository update(Repository repository) {
            return db.required(() -> super.update(repository));
        }

        @Override
        public List<Repository> groupsContaining(long repositoryId) {
            return db.required(() -> super.groupsContaining(repositoryId));
        }

        @Override
        public void delete(long repositoryId) {
            db.required(() -> super.delete(repositoryId));
        }

        @Override
        public void delete(long repositoryId, Instant blobsDeleteAfter) {
            db.required(() -> super.delete(repositoryId, blobsDeleteAfter));
        }

        @Override
        public void updateUpstream(String name, String upstreamUrl) {
            db.required(() -> super.updateUpstream(name, upstreamUrl));
        }
    }

    static final class Audit extends AuditDao {
        private final HarnessDatabase db;

        Audit(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public void append(AuditEvent event) {
            db.requiresNew(() -> {
                super.append(event);
                return null;
            });
        }

        @Override
        public List<AuditEvent> find(String actor, String action, String outcome, Instant from, Instant to,
                                     int offset, int limit) {
            return db.required(() -> super.find(actor, action, outcome, from, to, offset, limit));
        }
    }

    static final class Stats extends StatsDao {
        private final HarnessDatabase db;

        Stats(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public Optional<RepositoryStats> find(long repositoryId) {
            return db.required(() -> super.find(repositoryId));
        }

        @Override
        public boolean add(long repositoryId, long requests, long hits, long misses, long bytesServed, Instant at) {
            return db.required(() -> super.add(repositoryId, requests, hits, misses, bytesServed, at));
        }

        @Override
        public boolean add(long repositoryId, long requests, long hits, long misses, long bytesServed, long documents,
                           long documentBytes, Instant at) {
            return db.required(() -> super.add(repositoryId, requests, hits, misses, bytesServed, documents,
                    documentBytes, at));
        }

        @Override
        public void addStorage(long repositoryId, long artifacts, long artifactBytes, long documents, long documentBytes) {
            db.required(() -> super.addStorage(repositoryId, artifacts, artifactBytes, documents, documentBytes));
        }

        @Override
        public void recountStorage(long repositoryId) {
            db.required(() -> super.recountStorage(repositoryId));
        }
    }

    static PrefetchRules prefetchRules(HarnessDatabase db) {
        return withEntityManager(new PrefetchRules(db), PrefetchRuleDao.class, db);
    }

    static final class PrefetchRules extends PrefetchRuleDao {
        private final HarnessDatabase db;

        PrefetchRules(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public List<PrefetchRule> of(long repositoryId) {
            return db.required(() -> super.of(repositoryId));
        }

        @Override
        public List<PrefetchRule> all() {
            return db.required(super::all);
        }

        @Override
        public PrefetchRule add(PrefetchRule rule) {
            return db.required(() -> super.add(rule));
        }

        @Override
        public boolean delete(long repositoryId, long ruleId) {
            return db.required(() -> super.delete(repositoryId, ruleId));
        }

        @Override
        public List<String> knownPackages(long repositoryId) {
            return db.required(() -> super.knownPackages(repositoryId));
        }
    }

    static Cleanups cleanup(HarnessDatabase db) {
        return withEntityManager(new Cleanups(db), CleanupDao.class, db);
    }

    static final class Cleanups extends CleanupDao {
        private final HarnessDatabase db;

        Cleanups(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public List<StoredRow> artifacts(long repositoryId) {
            return db.required(() -> super.artifacts(repositoryId));
        }

        @Override
        public List<StoredRow> documents(long repositoryId) {
            return db.required(() -> super.documents(repositoryId));
        }

        @Override
        public boolean evictArtifact(long repositoryId, StoredRow row, Instant deleteAfter) {
            return db.required(() -> super.evictArtifact(repositoryId, row, deleteAfter));
        }

        @Override
        public boolean dropArtifact(long repositoryId, StoredRow row) {
            return db.required(() -> super.dropArtifact(repositoryId, row));
        }

        @Override
        public boolean dropDocument(long repositoryId, StoredRow row) {
            return db.required(() -> super.dropDocument(repositoryId, row));
        }

        @Override
        public void tombstone(String storageKey, long size, Instant deleteAfter) {
            db.required(() -> super.tombstone(storageKey, size, deleteAfter));
        }

        @Override
        public boolean isReferenced(String storageKey) {
            return db.required(() -> super.isReferenced(storageKey));
        }

        @Override
        public boolean isTombstoned(String storageKey) {
            return db.required(() -> super.isTombstoned(storageKey));
        }

        @Override
        public List<BlobTombstone> due(Instant now, int limit) {
            return db.required(() -> super.due(now, limit));
        }

        @Override
        public void forget(long tombstoneId) {
            db.required(() -> super.forget(tombstoneId));
        }

        @Override
        public long pendingBytes() {
            return db.required(super::pendingBytes);
        }

        @Override
        public void tombstoneRepository(long repositoryId, Instant deleteAfter) {
            db.required(() -> super.tombstoneRepository(repositoryId, deleteAfter));
        }
    }

    /**
     * The publication DAO, with two places a test can step in, both inside the commit's transaction: before the
     * DAO's own work (e.g. another server changes a document first) and after it, rows flushed but not committed
     * (e.g. the database refuses the commit: throwing there rolls everything back).
     */
    static final class Publications extends PublicationDao {
        private final HarnessDatabase db;
        volatile Step beforeCommit = (artifacts, documents) -> { };
        volatile Step afterWrites = (artifacts, documents) -> { };

        @FunctionalInterface
        interface Step {
            void run(List<ArtifactWrite> artifacts, List<DocumentWrite> documents);
        }

        Publications(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public Committed commit(List<ArtifactWrite> artifacts, List<DocumentWrite> documents) {
            return commit(artifacts, documents, List.of(), List.of());
        }

        /** The commit {@link HostedStore} runs (with the paths and documents a write removes). */
        @Override
        public Committed commit(List<ArtifactWrite> artifacts, List<DocumentWrite> documents, List<Removal> removals,
                                List<DocumentRemoval> removedDocuments) {
            return db.required(() -> {
                beforeCommit.run(artifacts, documents);
                Committed committed = super.commit(artifacts, documents, removals, removedDocuments);
                afterWrites.run(artifacts, documents);
                return committed;
            });
        }
    }

    static Guards guards(HarnessDatabase db) {
        return withEntityManager(new Guards(db), GuardDao.class, db);
    }

    static ReleaseTimesDao releaseTimes(HarnessDatabase db) {
        return withEntityManager(new ReleaseTimesDao(db), ReleaseTimeDao.class, db);
    }

    static final class Guards extends GuardDao {
        private final HarnessDatabase db;

        Guards(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public List<GuardPolicyEntry> policies() {
            return db.required(super::policies);
        }

        @Override
        public List<GuardRuleEntry> rules() {
            return db.required(super::rules);
        }

        @Override
        public Optional<GuardPolicyEntry> policy(long repositoryId) {
            return db.required(() -> super.policy(repositoryId));
        }

        @Override
        public GuardPolicyEntry savePolicy(long repositoryId, long minimumReleaseAgeSeconds, String missingReleaseTime,
                                           boolean breakGlass, Instant breakGlassUntil, Instant at) {
            return db.required(() -> super.savePolicy(repositoryId, minimumReleaseAgeSeconds, missingReleaseTime,
                    breakGlass, breakGlassUntil, at));
        }

        @Override
        public GuardRuleEntry addRule(GuardRuleEntry rule) {
            return db.required(() -> super.addRule(rule));
        }

        @Override
        public boolean removeRule(long repositoryId, long ruleId) {
            return db.required(() -> super.removeRule(repositoryId, ruleId));
        }
    }

    static final class ReleaseTimesDao extends ReleaseTimeDao {
        private final HarnessDatabase db;

        ReleaseTimesDao(HarnessDatabase db) {
            this.db = db;
        }

        @Override
        public Map<String, Instant> versions(long repositoryId, String packageName) {
            return db.required(() -> super.versions(repositoryId, packageName));
        }

        @Override
        public Map<String, Instant> record(long repositoryId, String packageName, Map<String, Instant> times,
                                           Instant seenAt) {
            return db.required(() -> super.record(repositoryId, packageName, times, seenAt));
        }

        @Override
        public List<ReleaseTimeEntry> releasedAfter(long repositoryId, Instant after, int limit) {
            return db.required(() -> super.releasedAfter(repositoryId, after, limit));
        }

        @Override
        public List<ReleaseTimeEntry> withoutTime(long repositoryId, int limit) {
            return db.required(() -> super.withoutTime(repositoryId, limit));
        }

        @Override
        public List<ReleaseTimeEntry> named(long repositoryId, String like, int limit) {
            return db.required(() -> super.named(repositoryId, like, limit));
        }
    }
}
