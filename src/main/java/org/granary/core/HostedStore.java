package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ArtifactEntry;
import org.granary.persistence.MetadataDao;
import org.granary.persistence.MetadataEntry;
import org.granary.persistence.NewArtifact;
import org.granary.persistence.PublicationDao;
import org.granary.persistence.StaleDocumentException;
import org.granary.storage.BlobStore;
import org.granary.storage.Digests;
import org.granary.storage.HashingInputStream;
import org.granary.storage.StoragePath;

/**
 * The one write path into hosted repositories, for every format: a {@link Write} is one transaction.
 * <ol>
 *   <li>{@link #begin}: resolve the target (a hosted repository itself, a group's first hosted member) and check
 *       that the caller may write there — before any body is read;</li>
 *   <li>{@link Write#requireAbsent}: a released artifact is never replaced (409), also checked before the body;</li>
 *   <li>{@link Write#spool}: the upload is streamed to a spool file with the repository's size limit (413) and the
 *       client's declared hash (400) enforced, before any lock is taken;</li>
 *   <li>{@link Write#updateDocument}: the format's pure edits of the documents that list the upload;</li>
 *   <li>{@link Write#commit}: the files are stored under keys of their own, each document is edited under its lock
 *       from its current version, and the artifact rows and document versions are switched in ONE database
 *       transaction (a document another writer changed meanwhile is edited again); then it is audited.</li>
 * </ol>
 * A failure at any step leaves no trace a reader could see (new blobs are deleted; at worst an orphan blob stays
 * for the cleanup job), and a crash leaves the version unpublished, so the next publish of it simply works.
 */
@ApplicationScoped
public class HostedStore {

    private static final Logger LOG = Logger.getLogger(HostedStore.class.getName());
    private static final int LOCK_STRIPES = 64;
    private static final int MAX_ATTEMPTS = 5;

    @Inject
    BlobStore blobs;
    @Inject
    ArtifactDao artifactDao;
    @Inject
    MetadataDao metadataDao;
    @Inject
    PublicationDao publications;
    @Inject
    RepositoryRegistry registry;
    @Inject
    AccessRules access;
    @Inject
    Spool spool;
    @Inject
    Cleanup cleanup;
    @Inject
    Clock clock;
    @Inject
    AccessRecorder recorder;
    @Inject
    ArtifactCache artifacts;
    @Inject
    MetadataCache metadata;

    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    public HostedStore() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * An uploaded file's description.
     *
     * @param coordinates the package and version it belongs to
     * @param contentType media type to serve it with
     * @param declared    the hash the client declared for it, checked before it is kept
     * @param replaceable whether a later upload may replace it (snapshots, derived files); released files may not
     */
    public record Upload(ArtifactSource.Coordinates coordinates, String contentType, Optional<ExpectedDigest> declared,
                         boolean replaceable) {
    }

    /** A pure change of a document: from its current bytes (empty when it does not exist yet) to the new ones. */
    @FunctionalInterface
    public interface DocumentEdit {
        /** May throw a {@link GranaryException} to refuse the whole write. */
        byte[] apply(Optional<byte[]> current);
    }

    /** A check of a document's current bytes before it is removed; throws a {@link GranaryException} to refuse. */
    @FunctionalInterface
    public interface DocumentCheck {
        void check(byte[] current);
    }

    /** An upload spooled and verified, not yet stored: its local copy (read-only) and its hashes. */
    public record Spooled(Path file, Digests digests) {
    }

    /** What a committed write stored. */
    public record Committed(RepositoryInfo repository, Map<String, StoredArtifact> files) {
        public StoredArtifact file(String path) {
            return files.get(path);
        }
    }

    /**
     * Starts a write to {@code requested} on behalf of {@code who}.
     *
     * @param action what is done, for the audit log ({@code publish}, {@code yank}, {@code dist-tag}...)
     * @param target what it is done to, without the repository ({@code left-pad@1.0.0})
     * @throws InvalidRequestException for a proxy, or a group without a hosted member
     * @throws UnauthorizedException   / {@link ForbiddenException} when {@code who} may not write there
     */
    public Write begin(RepositoryInfo requested, Identity who, String action, String target) {
        RepositoryInfo repo = publishTarget(requested);
        String display = repo.name() + "/" + target;
        String user = access.requirePublish(repo, who, action, display);
        return new Write(repo, who, user, action, display);
    }

    /**
     * The hosted repository that takes writes sent to {@code repo}: itself when hosted, a group's first hosted member
     * (nested groups included).
     */
    public RepositoryInfo publishTarget(RepositoryInfo repo) {
        Optional<RepositoryInfo> hosted = firstHosted(repo, new java.util.HashSet<>());
        return hosted.orElseThrow(() -> new InvalidRequestException("repository '" + repo.name() + "' is "
                + (repo.isGroup() ? "a group without a hosted member" : "a proxy")
                + " and accepts no publishes; publish to a hosted " + repo.format().id()
                + " repository or to a group that has one"));
    }

    /** Whether {@code repo} takes writes (hosted, or a group with a hosted member). */
    public boolean isWritable(RepositoryInfo repo) {
        return firstHosted(repo, new java.util.HashSet<>()).isPresent();
    }

    private Optional<RepositoryInfo> firstHosted(RepositoryInfo repo, java.util.Set<String> seen) {
        if (!seen.add(repo.name())) {
            return Optional.empty();
        }
        if (repo.isHosted()) {
            return Optional.of(repo);
        }
        if (repo.isGroup()) {
            for (String name : repo.members()) {
                Optional<RepositoryInfo> found = registry.find(name).flatMap(m -> firstHosted(m, seen));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** A hosted document's current bytes, if it exists (for checks before a body is read). */
    public Optional<byte[]> readDocument(RepositoryInfo repo, String path) {
        return metadataDao.find(repo.id(), path).map(e -> read(e.getStorageKey(), path));
    }

    /** Which of {@code paths} name a document in any of the {@code hosted} repositories (one query per 500 paths). */
    public java.util.Set<String> documentsPresent(java.util.Collection<RepositoryInfo> hosted,
                                                  java.util.Collection<String> paths) {
        return metadataDao.existingPaths(hosted.stream().map(RepositoryInfo::id).toList(), paths);
    }

    /** An artifact of a hosted repository as stored, without counting a download (to check an upload against it). */
    public Optional<ArtifactResult.Stored> stored(RepositoryInfo repo, String path) {
        return artifactDao.find(repo.id(), path).map(e -> {
            StoragePath key = StoragePath.of(e.getStorageKey());
            return new ArtifactResult.Stored(StoredArtifacts.of(e), () -> blobs.openBlob(key));
        });
    }

    /** Whether an artifact is stored at {@code path}. */
    public boolean contains(RepositoryInfo repo, String path) {
        return artifactDao.find(repo.id(), path).isPresent();
    }

    private byte[] read(String key, String path) {
        try (InputStream in = blobs.open(StoragePath.of(key), 0)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("hosted document " + path + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** One write transaction; see {@link HostedStore}. Close it (try-with-resources) to release its spool files. */
    public final class Write implements AutoCloseable {

        private final RepositoryInfo repo;
        private final Identity who;
        private final String user;
        private String action;
        private String display;
        private GranaryException refusal;
        private final Map<String, PendingFile> files = new LinkedHashMap<>();
        private final Map<String, PendingDocument> documents = new LinkedHashMap<>();
        private final List<Path> spooled = new ArrayList<>();
        private final List<String> removals = new ArrayList<>();
        private final Map<String, DocumentCheck> documentRemovals = new LinkedHashMap<>();

        private record PendingFile(Path file, Digests digests, Upload upload) {
        }

        private record PendingDocument(String contentType, DocumentEdit edit) {
        }

        private Write(RepositoryInfo repo, Identity who, String user, String action, String display) {
            this.repo = repo;
            this.who = who;
            this.user = user;
            this.action = action;
            this.display = display;
        }

        /** The hosted repository written to. */
        public RepositoryInfo repository() {
            return repo;
        }

        /** The name of the user writing. */
        public String user() {
            return user;
        }

        /** Refuses with 409 when a released artifact exists at {@code path} (check before reading a large body). */
        public void requireAbsent(String path, String what) {
            Optional<ArtifactEntry> existing = artifactDao.find(repo.id(), path);
            if (existing.isPresent()) {
                throw refused(new ConflictException(what + " is already published in repository '" + repo.name()
                        + "' and cannot be replaced; publish a new version"));
            }
        }

        /**
         * Streams an upload to a spool file, within the repository's size limit and matching the declared hash;
         * it is stored at {@code path} on {@link #commit}.
         *
         * @throws PayloadTooLargeException over the repository's limit (413)
         * @throws InvalidRequestException  when the bytes do not match the declared hash (400)
         */
        public Spooled spool(String path, InputStream content, Upload upload) {
            String what = upload.coordinates().display();
            String writing = "the upload of " + what + " to repository '" + repo.name() + "'";
            Path file;
            Digests digests;
            try {
                file = spool.newFile("upload-", 0, writing);
                spooled.add(file);
                digests = copyWithLimit(content, spool.writeTo(file, writing), repo.maxUploadBytes(), what);
            } catch (IOException e) {
                throw refused(new InvalidRequestException("the upload of " + what + " broke off: " + e.getMessage()
                        + "; nothing was stored"));
            } catch (GranaryException e) {
                throw refused(e);
            }
            upload.declared().ifPresent(expected -> {
                if (!expected.matches(digests)) {
                    throw refused(new InvalidRequestException("checksum mismatch for " + what + ": the client declared "
                            + expected + " but the uploaded file has " + expected.describe(digests)
                            + "; nothing was stored"));
                }
            });
            files.put(path, new PendingFile(file, digests, upload));
            return new Spooled(file, digests);
        }

        /** A small file the format derived (e.g. a wheel's core metadata), stored at {@code path} on commit. */
        public Spooled add(String path, byte[] content, Upload upload) {
            return spool(path, new ByteArrayInputStream(content), upload);
        }

        /**
         * Removes the artifact at {@code path} with the commit (in the same database transaction; its bytes are deleted
         * once committed), e.g. an installer only a deleted version used. Nothing happens if there is none.
         */
        public void removeFile(String path) {
            removals.add(path);
        }

        /**
         * Removes the document at {@code path} with the commit (in the same database transaction; its bytes are deleted
         * once committed), e.g. the packument of a package deleted as a whole. Nothing happens if there is none.
         */
        public void removeDocument(String path) {
            removeDocument(path, current -> { });
        }

        /**
         * As {@link #removeDocument(String)}, if {@code check} accepts the document as it is at commit time (under its
         * lock); it throws a {@link GranaryException} to refuse the whole write (e.g. the document changed since the
         * removal was decided).
         */
        public void removeDocument(String path, DocumentCheck check) {
            documentRemovals.put(path, check);
        }

        /** Edits the document at {@code path} on commit, from its version current at that moment. */
        public void updateDocument(String path, String contentType, DocumentEdit edit) {
            documents.put(path, new PendingDocument(contentType, edit));
        }

        /** Names what this write does once the format knows (e.g. a publish body turned out to be a deprecation). */
        public void describe(String action, String target) {
            this.action = action;
            this.display = repo.name() + "/" + target;
        }

        /** Records a refusal (audited once with this write) and hands it back to be thrown. */
        public GranaryException refused(GranaryException e) {
            if (e != refusal) {
                refusal = e;
                access.refused(who, action, display, e);
                recorder.published(repo, action, false);
            }
            return e;
        }

        /**
         * Stores the files, applies the document edits and switches everything in one database transaction; audits
         * the write with {@code detail}.
         */
        public Committed commit(String detail) {
            return commit(() -> detail);
        }

        /** As {@link #commit(String)}, with the audit detail computed after the edits were applied. */
        public Committed commit(java.util.function.Supplier<String> detail) {
            List<StoragePath> written = new ArrayList<>();
            try {
                Map<String, String> keys = new LinkedHashMap<>();
                for (Map.Entry<String, PendingFile> f : files.entrySet()) {
                    // a key of this write's own: another server publishing the same bytes at the same moment must
                    // never have its blob deleted by this write's failure
                    StoragePath key = uniqueKey("artifacts", f.getKey(), f.getValue().digests().sha256());
                    blobs.putFile(key, f.getValue().file()); // moves the spool file into the store
                    written.add(key);
                    keys.put(f.getKey(), key.toString());
                }
                Committed committed = commitDocuments(keys, written);
                access.audited(who, action, display, detail.get());
                recorder.published(repo, action, true);
                return committed;
            } catch (GranaryException e) {
                deleteAll(written);
                throw refused(e);
            } catch (IOException e) {
                deleteAll(written);
                throw new UncheckedIOException("storing " + display + " failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                deleteAll(written);
                throw e;
            }
        }

        /** {@code <root>/<repository>/<path>~<sha256>.<random>}: never the key of another write's blob. */
        private StoragePath uniqueKey(String root, String path, String sha256) {
            return MetadataCache.versionedKey(root, repo, path, sha256 + "."
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16));
        }

        private Committed commitDocuments(Map<String, String> fileKeys, List<StoragePath> written) throws IOException {
            List<ReentrantLock> held = lockDocuments();
            try {
                for (int attempt = 1; ; attempt++) {
                    List<StoragePath> docBlobs = new ArrayList<>();
                    try {
                        List<PublicationDao.DocumentWrite> writes = new ArrayList<>();
                        Instant now = clock.instant();
                        for (Map.Entry<String, PendingDocument> d : documents.entrySet()) {
                            Optional<MetadataEntry> current = metadataDao.find(repo.id(), d.getKey());
                            byte[] next = d.getValue().edit().apply(current.map(e -> read(e.getStorageKey(), d.getKey())));
                            String sha = Digests.sha256Hex(next);
                            StoragePath key;
                            if (current.isPresent() && current.get().getSha256().equals(sha)) {
                                key = StoragePath.of(current.get().getStorageKey()); // unchanged: the stored blob
                            } else {
                                key = uniqueKey("metadata", d.getKey(), sha); // this write's own (see above)
                                blobs.put(key, new HashingInputStream(new ByteArrayInputStream(next)));
                                docBlobs.add(key);
                            }
                            writes.add(new PublicationDao.DocumentWrite(repo.id(), d.getKey(), key.toString(), next.length,
                                    sha, d.getValue().contentType(), current.map(MetadataEntry::getSha256).orElse(null), now));
                        }
                        List<PublicationDao.DocumentRemoval> gone = new ArrayList<>();
                        for (Map.Entry<String, DocumentCheck> r : documentRemovals.entrySet()) {
                            Optional<MetadataEntry> current = metadataDao.find(repo.id(), r.getKey());
                            if (current.isPresent()) {
                                r.getValue().check(read(current.get().getStorageKey(), r.getKey()));
                                gone.add(new PublicationDao.DocumentRemoval(repo.id(), r.getKey(), current.get().getSha256()));
                            }
                        }
                        return record(fileKeys, writes, gone);
                    } catch (StaleDocumentException e) {
                        deleteAll(docBlobs);
                        if (attempt >= MAX_ATTEMPTS) {
                            throw new ConflictException("a document of " + display + " kept changing while this write "
                                    + "was applied; try again");
                        }
                    } catch (RuntimeException e) {
                        deleteAll(docBlobs);
                        throw e;
                    }
                }
            } finally {
                held.forEach(ReentrantLock::unlock);
            }
        }

        private Committed record(Map<String, String> fileKeys, List<PublicationDao.DocumentWrite> writes,
                                 List<PublicationDao.DocumentRemoval> gone) {
            List<PublicationDao.ArtifactWrite> artifacts = new ArrayList<>();
            for (Map.Entry<String, String> k : fileKeys.entrySet()) {
                PendingFile f = files.get(k.getKey());
                Optional<Long> replacing = Optional.empty();
                Optional<ArtifactEntry> existing = artifactDao.find(repo.id(), k.getKey());
                if (existing.isPresent()) {
                    if (!f.upload().replaceable()) {
                        throw new ConflictException(f.upload().coordinates().display() + " (" + k.getKey() + ") is "
                                + "already published in repository '" + repo.name() + "' and cannot be replaced; "
                                + "publish a new version");
                    }
                    replacing = Optional.of(existing.get().getId());
                }
                artifacts.add(new PublicationDao.ArtifactWrite(newArtifact(k.getKey(), k.getValue(), f), replacing));
            }
            PublicationDao.Committed c;
            try {
                List<PublicationDao.Removal> files = removals.stream()
                        .map(path -> new PublicationDao.Removal(repo.id(), path)).toList();
                c = gone.isEmpty() ? publications.commit(artifacts, writes, files)
                        : publications.commit(artifacts, writes, files, gone);
                fileKeys.keySet().forEach(path -> HostedStore.this.artifacts.forget(repo, path));
                removals.forEach(path -> HostedStore.this.artifacts.forget(repo, path));
                writes.forEach(w -> metadata.forget(repo, w.path())); // a publish through this server is seen at once
                gone.forEach(g -> metadata.forget(repo, g.path()));
            } catch (StaleDocumentException e) {
                throw e;
            } catch (RuntimeException e) {
                // the unique (repository, path) refused a concurrent publish of the same file
                for (Map.Entry<String, String> k : fileKeys.entrySet()) {
                    if (!files.get(k.getKey()).upload().replaceable() && artifactDao.find(repo.id(), k.getKey()).isPresent()) {
                        throw new ConflictException(files.get(k.getKey()).upload().coordinates().display()
                                + " was published in repository '" + repo.name() + "' by a concurrent request");
                    }
                }
                // a document this write created was created meanwhile by another writer (perhaps another server),
                // or the package row of a brand-new package was: edit again from what is there now
                for (PublicationDao.DocumentWrite w : writes) {
                    if (w.previousSha256() == null && metadataDao.find(repo.id(), w.path()).isPresent()) {
                        throw new StaleDocumentException(w.path());
                    }
                }
                throw e;
            }
            c.replacedKeys().forEach(key -> cleanup.retire(StoragePath.of(key), 0)); // a reader may be on it
            Map<String, StoredArtifact> stored = new LinkedHashMap<>();
            c.artifacts().forEach(a -> stored.put(a.getPath(), StoredArtifacts.of(a)));
            return new Committed(repo, Map.copyOf(stored));
        }

        private NewArtifact newArtifact(String path, String key, PendingFile f) {
            ArtifactSource.Coordinates c = f.upload().coordinates();
            Instant now = clock.instant();
            Digests d = f.digests();
            return new NewArtifact(repo.id(), path, key, c.name(), c.packagePurl(), c.version(), c.versionPurl(),
                    c.releasedAt() != null ? c.releasedAt() : now, d.size(), d.sha1(), d.sha256(), d.sha512(),
                    f.upload().contentType(), null, now, user);
        }

        private List<ReentrantLock> lockDocuments() {
            TreeSet<Integer> stripes = new TreeSet<>();
            for (String path : documentRemovals.keySet()) {
                stripes.add(Math.floorMod((repo.id() + "\n" + path).hashCode(), LOCK_STRIPES));
            }
            for (String path : documents.keySet()) {
                stripes.add(Math.floorMod((repo.id() + "\n" + path).hashCode(), LOCK_STRIPES));
            }
            List<ReentrantLock> held = new ArrayList<>();
            for (int s : stripes) {
                locks[s].lock();
                held.add(locks[s]);
            }
            return held;
        }

        @Override
        public void close() {
            spooled.forEach(spool::release);
        }
    }

    private static Digests copyWithLimit(InputStream content, OutputStream file, long limit, String what)
            throws IOException {
        HashingInputStream hashing = new HashingInputStream(content);
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = file) {
            int n;
            while ((n = hashing.read(buf)) >= 0) {
                total += n;
                if (total > limit) {
                    throw new PayloadTooLargeException(what + " is larger than the " + limit
                            + " bytes this repository accepts; nothing was stored");
                }
                out.write(buf, 0, n);
            }
        }
        return hashing.digests();
    }

    private void deleteAll(List<StoragePath> keys) {
        keys.forEach(this::deleteQuietly);
    }

    private void deleteQuietly(StoragePath key) {
        try {
            blobs.delete(key);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not delete blob " + key, e);
        }
    }
}
