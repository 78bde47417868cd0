package org.granary.core;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.granary.config.GranaryConfig;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ArtifactEntry;
import org.granary.persistence.MetadataDao;
import org.granary.persistence.MetadataEntry;
import org.granary.persistence.NewArtifact;
import org.granary.storage.BlobStore;
import org.granary.storage.Digests;
import org.granary.storage.HashingInputStream;
import org.granary.storage.StoragePath;

/**
 * Writes to hosted repositories, for every format: uploads streamed to blob storage with the repository's
 * size limit enforced while streaming and the client's declared hash checked before anything is kept;
 * released versions never replaced; and the mutable documents a format generates (a packument, an index
 * file, maven-metadata.xml) updated one writer at a time. Reads go through {@link ProxyCache} like any
 * other repository's.
 */
@ApplicationScoped
public class HostedStore {

    private static final int LOCK_STRIPES = 64;

    @Inject
    BlobStore blobs;
    @Inject
    ArtifactDao artifactDao;
    @Inject
    MetadataDao metadataDao;
    @Inject
    GranaryConfig config;
    @Inject
    Clock clock;

    private Path spoolDir;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    @PostConstruct
    void init() {
        spoolDir = config.dataDir().resolve("spool");
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
        try {
            Files.createDirectories(spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An upload to a hosted repository.
     *
     * @param coordinates  the package and version it belongs to
     * @param contentType  media type to serve it with
     * @param declared     the hash the client declared for it, checked before it is kept
     * @param replaceable  whether an existing artifact at the path may be replaced (snapshots, metadata-like
     *                     files); released artifacts are not
     * @param publishedBy  the user publishing it
     */
    public record Upload(ArtifactSource.Coordinates coordinates, String contentType, Optional<ExpectedDigest> declared,
                         boolean replaceable, String publishedBy) {
    }

    /** Refuses with 409 when a released artifact exists at {@code path} (check before reading a large body). */
    public void requireAbsent(RepositoryInfo repo, String path, String display) {
        if (artifactDao.find(repo.id(), path).isPresent()) {
            throw new ConflictException(display + " is already published in repository '" + repo.name()
                    + "' and cannot be replaced; publish a new version");
        }
    }

    /**
     * Stores an upload. Nothing is kept unless every byte arrived within the size limit and matched the
     * declared hash.
     *
     * @throws PayloadTooLargeException over the repository's limit (413)
     * @throws InvalidRequestException  when the bytes do not match the declared hash (400)
     * @throws ConflictException        when a released artifact exists at the path (409)
     */
    public ArtifactEntry publish(RepositoryInfo repo, String path, InputStream content, Upload upload) {
        StoragePath key = StoragePath.of("artifacts", repo.name()).resolve(path);
        String display = upload.coordinates().display();
        ReentrantLock lock = lockFor(repo, path);
        lock.lock();
        Path spool = null;
        try {
            Optional<ArtifactEntry> existing = artifactDao.find(repo.id(), path);
            if (existing.isPresent() && !upload.replaceable()) {
                throw new ConflictException(display + " (" + path + ") is already published in repository '"
                        + repo.name() + "' and cannot be replaced; publish a new version");
            }
            spool = Files.createTempFile(spoolDir, "upload-", ".part");
            Digests digests = spoolWithLimit(content, spool, repo.maxUploadBytes(), display);
            upload.declared().ifPresent(expected -> {
                if (!expected.matches(digests)) {
                    throw new InvalidRequestException("checksum mismatch for " + display + ": the client declared "
                            + expected + " but the uploaded file has " + expected.describe(digests) + "; nothing was stored");
                }
            });
            existing.ifPresent(e -> artifactDao.delete(e.getId()));
            blobs.putFile(key, spool);
            ArtifactSource.Coordinates c = upload.coordinates();
            try {
                return artifactDao.record(new NewArtifact(repo.id(), path, key.toString(), c.name(), c.packagePurl(),
                        c.version(), c.versionPurl(), c.releasedAt() != null ? c.releasedAt() : clock.instant(),
                        digests.size(), digests.sha1(), digests.sha256(), digests.sha512(), upload.contentType(), null,
                        clock.instant(), upload.publishedBy()));
            } catch (RuntimeException e) {
                blobs.delete(key);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("storing " + display + " failed: " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                deleteQuietly(spool);
            }
            lock.unlock();
        }
    }

    /**
     * An artifact of a hosted repository as stored, readable from any offset, for a format that indexes what was
     * uploaded (e.g. a wheel's metadata); unlike a read through {@link ProxyCache} it does not count as a download.
     */
    public Optional<ArtifactResult.Stored> stored(RepositoryInfo repo, String path) {
        return artifactDao.find(repo.id(), path).map(e -> new ArtifactResult.Stored(e,
                offset -> blobs.open(StoragePath.of(e.getStorageKey()), offset)));
    }

    /** Removes an artifact (row and bytes), e.g. an unpublish. */
    public void delete(RepositoryInfo repo, String path) {
        artifactDao.find(repo.id(), path).ifPresent(e -> {
            artifactDao.delete(e.getId());
            try {
                blobs.delete(StoragePath.of(e.getStorageKey()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    /** A hosted document's current bytes, if it exists. */
    public Optional<byte[]> readDocument(RepositoryInfo repo, String path) {
        Optional<MetadataEntry> entry = metadataDao.find(repo.id(), path);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = blobs.open(StoragePath.of(entry.get().getStorageKey()), 0)) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("hosted document " + path + " is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces a hosted document with {@code update(current)}, one writer at a time per document. The
     * update may throw a {@link GranaryException} to refuse the change; then nothing is written.
     */
    public byte[] updateDocument(RepositoryInfo repo, String path, String contentType,
                                 Function<Optional<byte[]>, byte[]> update) {
        ReentrantLock lock = lockFor(repo, "doc:" + path);
        lock.lock();
        try {
            byte[] next = update.apply(readDocument(repo, path));
            StoragePath key = StoragePath.of("metadata", repo.name()).resolve(path);
            HashingInputStream hashing = new HashingInputStream(new java.io.ByteArrayInputStream(next));
            Digests d = blobs.put(key, hashing);
            metadataDao.saveFetched(repo.id(), path, key.toString(), d.size(), d.sha256(), contentType,
                    "\"" + d.sha256() + "\"", null, clock.instant());
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException("storing hosted document " + path + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private Digests spoolWithLimit(InputStream content, Path spool, long limit, String display) throws IOException {
        HashingInputStream hashing = new HashingInputStream(content);
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(spool)) {
            int n;
            while ((n = hashing.read(buf)) >= 0) {
                total += n;
                if (total > limit) {
                    throw new PayloadTooLargeException(display + " is larger than the " + limit
                            + " bytes this repository accepts; nothing was stored");
                }
                out.write(buf, 0, n);
            }
        }
        return hashing.digests();
    }

    private ReentrantLock lockFor(RepositoryInfo repo, String path) {
        return locks[Math.floorMod((repo.id() + "\n" + path).hashCode(), LOCK_STRIPES)];
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // removed at next start with the rest of the spool directory
        }
    }
}
