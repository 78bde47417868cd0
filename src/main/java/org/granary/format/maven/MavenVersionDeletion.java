package org.granary.format.maven;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.VersionDeletion;

/**
 * Deleting a version of a hosted Maven artifact ({@code core.HostedDeletes}), named {@code groupId:artifactId}: the
 * version leaves the artifact-level {@code maven-metadata.xml} (latest and release recomputed; the document goes
 * with the last version), a snapshot's version-level document and the clients' copies go; core removes every file
 * of {@code g/a/v/}. Served checksums of the metadata are computed from the document, so they follow.
 */
@ApplicationScoped
public class MavenVersionDeletion implements VersionDeletion {

    private static final DateTimeFormatter LAST_UPDATED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    @Inject
    Clock clock;

    @Override
    public Format format() {
        return Format.MAVEN;
    }

    @Override
    public Plan plan(RepositoryInfo hosted, Identity who, String user, String packageName, String version,
                     Function<String, Optional<byte[]>> documents) {
        String[] ga = packageName.split(":", -1);
        if (ga.length != 2 || ga[0].isEmpty() || ga[1].isEmpty()) {
            throw new InvalidRequestException("'" + org.granary.format.PathText.printable(packageName) + "' is not a "
                    + "Maven package name; name it groupId:artifactId (e.g. org.example:demo)");
        }
        String dir = ga[0].replace('.', '/') + "/" + ga[1];
        try {
            MavenPath.parse(dir + "/" + version + "/" + MavenPath.METADATA);
        } catch (NotFoundException e) {
            throw new InvalidRequestException("cannot delete " + packageName + ":" + version + ": " + e.getMessage());
        }
        String artifactMetadata = dir + "/" + MavenPath.METADATA;
        byte[] current = documents.apply(artifactMetadata).orElseThrow(() -> new NotFoundException(packageName
                + " is not published in repository '" + hosted.name() + "'"));
        return plan(ga[0], ga[1], version, current, LAST_UPDATED.format(clock.instant()));
    }

    /** The plan for the artifact-level document as it is now, pure. */
    static Plan plan(String groupId, String artifactId, String version, byte[] artifactMetadata, String lastUpdated) {
        String dir = groupId.replace('.', '/') + "/" + artifactId;
        String path = dir + "/" + MavenPath.METADATA;
        MavenMetadata m = parse(artifactMetadata, path);
        if (!m.versioning().versions().contains(version)) {
            throw new NotFoundException(groupId + ":" + artifactId + ":" + version + " is not published in this "
                    + "repository");
        }
        List<DocumentChange> changes = new ArrayList<>();
        if (m.versioning().versions().size() == 1) {
            changes.add(DocumentChange.remove(path));
        } else {
            changes.add(DocumentChange.edit(path, MavenAdapter.METADATA_TYPE, bytes -> parse(bytes.orElseThrow(() ->
                    new NotFoundException(groupId + ":" + artifactId + " is not published in this repository")), path)
                    .withoutVersion(version, lastUpdated).render()));
        }
        changes.add(DocumentChange.remove(dir + "/" + version + "/" + MavenPath.METADATA));
        changes.add(DocumentChange.remove(dir + "/" + version + "/" + MavenPublishing.CLIENT_COPY));
        return new Plan(groupId + ":" + artifactId, version, changes);
    }

    private static MavenMetadata parse(byte[] bytes, String path) {
        try {
            return MavenMetadata.parse(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored " + path + " is unreadable: " + e.getMessage(), e);
        }
    }
}
