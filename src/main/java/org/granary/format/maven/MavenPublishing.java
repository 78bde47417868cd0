package org.granary.format.maven;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.ExpectedDigest;
import org.granary.core.GranaryException;
import org.granary.core.HostedStore;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.PayloadTooLargeException;
import org.granary.core.RepositoryInfo;

/**
 * {@code mvn deploy} to a hosted Maven repository, or to a group (which passes deploys to its first hosted
 * member): HTTP {@code PUT} of every file in the standard layout.
 * <ul>
 *   <li>Release files are immutable: a second upload of one is refused (409) before its body is read.</li>
 *   <li>Files of a {@code -SNAPSHOT} version may be replaced (each {@code mvn deploy} of a snapshot adds a new
 *       timestamped build anyway).</li>
 *   <li>Granary keeps {@code maven-metadata.xml} itself: every deployed file adds its version to the
 *       artifact-level document and, for a timestamped snapshot file, its build to the version-level one. The
 *       document a client uploads is checked (well-formed, for the directory it is uploaded to) and kept as the
 *       client's copy, to check the checksums that follow it; only its plugin prefixes (group level) are taken
 *       over. So the served metadata lists every deployed version whatever the clients upload, and concurrent
 *       deploys never lose one another's versions.</li>
 *   <li>Checksum files ({@code .md5}, {@code .sha1}, {@code .sha256}, {@code .sha512}) are not stored: each is
 *       checked against the stored file (400 on a mismatch), and served checksums are computed from the stored
 *       bytes.</li>
 * </ul>
 * Who may deploy (401/403), the size limit (413), immutability, storing a file together with the metadata that
 * lists it (one transaction) and the audit are {@link HostedStore}'s.
 */
@ApplicationScoped
public class MavenPublishing {

    /** The largest {@code maven-metadata.xml} accepted (real ones are a few kilobytes). */
    static final int MAX_METADATA_BYTES = 4 * 1024 * 1024;
    /** The largest checksum file accepted (a SHA-512 with a file name is under 300 bytes). */
    static final int MAX_CHECKSUM_BYTES = 4 * 1024;
    /** Where the client's own copy of a metadata document is kept: a hidden name the layout never serves. */
    static final String CLIENT_COPY = ".client-" + MavenPath.METADATA;
    private static final DateTimeFormatter LAST_UPDATED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** What a deploy request did, for the response. */
    public record Outcome(int status, String message) {
    }

    @Inject
    HostedStore store;
    @Inject
    Identity who;
    @Inject
    Clock clock;

    /**
     * Stores, merges or checks one uploaded file.
     *
     * @param contentLength the declared length of {@code body}, or -1
     * @param declared      a hash the client declared in a header, checked before the file is kept
     */
    public Outcome deploy(RepositoryInfo repo, String rawPath, InputStream body, long contentLength,
                          Optional<ExpectedDigest> declared) {
        MavenPath path = parse(rawPath);
        try (HostedStore.Write write = store.begin(repo, who, "publish", path.path())) {
            RepositoryInfo target = write.repository();
            if (contentLength > target.maxUploadBytes()) {
                throw write.refused(new PayloadTooLargeException(path.path() + " (" + contentLength + " bytes) is larger "
                        + "than the " + target.maxUploadBytes() + " bytes repository '" + target.name() + "' accepts; "
                        + "nothing was stored"));
            }
            try {
                if (path instanceof MavenPath.Checksum c) {
                    return verifyChecksum(target, c, body);
                }
                if (path instanceof MavenPath.Metadata m) {
                    return uploadMetadata(write, m, body);
                }
                return uploadFile(write, (MavenPath.ArtifactFile) path, body, declared);
            } catch (GranaryException e) {
                throw write.refused(e);
            }
        }
    }

    /** The repository a deploy to {@code repo} lands in: itself when hosted, a group's first hosted member. */
    RepositoryInfo hostedTarget(RepositoryInfo repo) {
        return store.publishTarget(repo);
    }

    private static MavenPath parse(String rawPath) {
        try {
            return MavenPath.parse(rawPath);
        } catch (NotFoundException e) {
            throw new InvalidRequestException("cannot deploy to '" + rawPath + "': " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ artifact files

    /** A file and the metadata that lists its version, in one write. */
    private Outcome uploadFile(HostedStore.Write write, MavenPath.ArtifactFile f, InputStream body,
                               Optional<ExpectedDigest> declared) {
        RepositoryInfo target = write.repository();
        if (!f.snapshot()) {
            write.requireAbsent(f.path(), f.display());
        }
        HostedStore.Spooled stored = write.spool(f.path(), body, new HostedStore.Upload(
                new ArtifactSource.Coordinates(f.groupId() + ":" + f.artifactId(), "maven",
                        f.groupId() + "/" + f.artifactId(), f.version(), null),
                MavenAdapter.contentType(f.extension()), declared, f.snapshot()));
        String artifactMetadata = f.path().substring(0, f.path().lastIndexOf('/', f.path().lastIndexOf('/') - 1))
                + "/" + MavenPath.METADATA;
        String now = LAST_UPDATED.format(clock.instant());
        updateMetadata(write, artifactMetadata, () -> MavenMetadata.of(f.groupId(), f.artifactId(), null),
                m -> m.withVersion(f.version(), now));
        f.snapshotBuild().ifPresent(build -> updateMetadata(write, versionDir(f) + "/" + MavenPath.METADATA,
                () -> MavenMetadata.of(f.groupId(), f.artifactId(), f.version()),
                m -> m.withSnapshotFile(build, new MavenMetadata.SnapshotVersion(f.classifier(), f.extension(),
                        f.fileVersion(), build.timestamp().replace(".", "")), now)));
        write.commit(f.display() + ", " + stored.digests().size() + " bytes, sha256:" + stored.digests().sha256());
        return new Outcome(201, f.display() + " deployed to repository '" + target.name() + "'");
    }

    private static String versionDir(MavenPath.ArtifactFile f) {
        return f.path().substring(0, f.path().lastIndexOf('/'));
    }

    private static void updateMetadata(HostedStore.Write write, String path, Supplier<MavenMetadata> fresh,
                                       UnaryOperator<MavenMetadata> change) {
        write.updateDocument(path, MavenAdapter.METADATA_TYPE, current -> change.apply(
                current.map(bytes -> stored(path, bytes)).orElseGet(fresh)).render());
    }

    private static MavenMetadata stored(String path, byte[] bytes) {
        try {
            return MavenMetadata.parse(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored " + path + " is unreadable: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ maven-metadata.xml

    private Outcome uploadMetadata(HostedStore.Write write, MavenPath.Metadata m, InputStream body) {
        RepositoryInfo target = write.repository();
        byte[] bytes = readAtMost(body, Math.min(MAX_METADATA_BYTES, target.maxUploadBytes()), m.path());
        MavenMetadata uploaded;
        try {
            uploaded = MavenMetadata.parse(bytes);
        } catch (IOException e) {
            throw new InvalidRequestException("the uploaded " + m.path() + " is refused: " + e.getMessage());
        }
        String dir = m.path().substring(0, m.path().length() - MavenPath.METADATA.length() - 1);
        requireMatchingDirectory(uploaded, dir, m.path());
        write.updateDocument(clientCopy(m), MavenAdapter.METADATA_TYPE, current -> bytes);
        if (!uploaded.plugins().isEmpty()) {
            updateMetadata(write, m.path(), () -> new MavenMetadata(null, null, null, null, List.of()),
                    current -> current.withPlugins(uploaded.plugins()));
        }
        write.commit("client copy of " + m.path());
        return new Outcome(201, m.path() + " accepted by repository '" + target.name() + "'; Granary keeps the "
                + "versions it lists from the files deployed");
    }

    /** A document for {@code g:a} (or {@code g:a:v}) belongs in {@code g/a} (or {@code g/a/v}), nowhere else. */
    private static void requireMatchingDirectory(MavenMetadata uploaded, String dir, String path) {
        if (!uploaded.namesArtifact()) {
            return;
        }
        String artifactDir = uploaded.groupId().replace('.', '/') + "/" + uploaded.artifactId();
        boolean matches = dir.equals(artifactDir)
                || (uploaded.version() != null && dir.equals(artifactDir + "/" + uploaded.version()));
        if (!matches) {
            throw new InvalidRequestException("the uploaded " + path + " describes " + uploaded.groupId() + ":"
                    + uploaded.artifactId() + (uploaded.version() == null ? "" : ":" + uploaded.version())
                    + ", which does not belong in " + dir + "/");
        }
    }

    private static String clientCopy(MavenPath.Metadata m) {
        return m.path().substring(0, m.path().length() - MavenPath.METADATA.length()) + CLIENT_COPY;
    }

    // ------------------------------------------------------------------ checksums

    private Outcome verifyChecksum(RepositoryInfo target, MavenPath.Checksum c, InputStream body) {
        ChecksumAlgorithm algorithm = c.algorithm();
        byte[] content = readAtMost(body, MAX_CHECKSUM_BYTES, c.path());
        String declared = algorithm.parse(content).orElseThrow(() -> new InvalidRequestException(c.path()
                + " holds no " + algorithm.extension() + " checksum"));
        Set<String> accepted = new LinkedHashSet<>();
        if (c.target() instanceof MavenPath.Metadata m) {
            // The client's checksum describes the document it uploaded; the served one is Granary's.
            store.readDocument(target, clientCopy(m)).ifPresent(copy -> accepted.add(algorithm.compute(copy)));
            store.readDocument(target, m.path()).ifPresent(served -> accepted.add(algorithm.compute(served)));
        } else {
            store.stored(target, c.target().path()).ifPresent(file -> accepted.add(algorithm.recorded(file.artifact())
                    .orElseGet(() -> computed(file, algorithm, c.target().path()))));
        }
        if (accepted.isEmpty()) {
            throw new InvalidRequestException("there is no " + c.target().path() + " in repository '" + target.name()
                    + "' to check " + c.path() + " against; upload the file before its checksum");
        }
        if (!accepted.contains(declared)) {
            throw new InvalidRequestException("checksum mismatch: the uploaded " + c.path() + " declares "
                    + algorithm.extension() + ":" + declared + " but " + c.target().path() + " as stored in repository '"
                    + target.name() + "' has " + algorithm.extension() + ":" + accepted.iterator().next()
                    + "; the file did not arrive as the client built it");
        }
        return new Outcome(204, null);
    }

    // ------------------------------------------------------------------ helpers

    private static String computed(ArtifactResult.Stored file, ChecksumAlgorithm algorithm, String path) {
        try (InputStream in = file.open(0)) {
            return algorithm.compute(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored " + path + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readAtMost(InputStream body, long limit, String what) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = body.read(buf)) >= 0) {
                total += n;
                if (total > limit) {
                    throw new PayloadTooLargeException(what + " is larger than the " + limit + " bytes accepted for it; "
                            + "nothing was stored");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the upload of " + what + " failed: " + e.getMessage(), e);
        }
    }
}
