package org.granary.format.pypi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.core.ArtifactSource;
import org.granary.core.ConflictException;
import org.granary.core.ExpectedDigest;
import org.granary.core.GranaryException;
import org.granary.core.HostedStore;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.RepositoryInfo;
import org.granary.format.PathText;

/**
 * Uploads through PyPI's legacy upload API into a hosted repository (a group takes them into its first hosted
 * member), as one {@link HostedStore} write: the form validated ({@link UploadForm}), the file spooled (size limit,
 * declared sha256, never replacing a file), a wheel's core metadata read from the spooled file and stored next to it
 * as {@code {file}.metadata} (PEP 658), and the file added to the project's hosted document, from which its project
 * page is rendered — all committed together or not at all.
 */
@ApplicationScoped
public class PypiPublishing {

    @Inject
    HostedStore store;
    @Inject
    Identity who;
    @Inject
    Clock clock;

    /** What was published, and where. */
    public record Published(RepositoryInfo repository, UploadForm form, String sha256) {
    }

    /** The repository an upload to {@code repo} goes to: itself when hosted, a group's first hosted member. */
    RepositoryInfo target(RepositoryInfo repo) {
        return store.publishTarget(repo);
    }

    /**
     * @param repo     the repository the client posted to
     * @param fields   the text fields of the form
     * @param filename the file name of the {@code content} part, or {@code null}
     * @param content  the file's bytes, streamed
     */
    public Published upload(RepositoryInfo repo, Map<String, List<String>> fields, String filename, InputStream content) {
        String what = PathText.printable(String.valueOf(UploadForm.first(fields, "name"))) + "@"
                + PathText.printable(String.valueOf(UploadForm.first(fields, "version")));
        try (HostedStore.Write write = store.begin(repo, who, "publish", what)) {
            RepositoryInfo target = write.repository();
            UploadForm form;
            try {
                form = UploadForm.parse(fields, filename);
            } catch (GranaryException e) {
                throw write.refused(e);
            }
            write.describe("publish", form.project() + "@" + form.version());
            String path = form.project() + "/" + form.filename();
            try {
                write.requireAbsent(path, form.filename());
            } catch (ConflictException e) {
                throw alreadyExists(target, form);
            }
            ArtifactSource.Coordinates coordinates = new ArtifactSource.Coordinates(form.project(), "pypi",
                    form.project(), form.version(), null);
            HostedStore.Spooled file = write.spool(path, content, new HostedStore.Upload(coordinates,
                    PypiAdapter.FILE_TYPE, form.sha256().map(hex -> new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, hex)),
                    false));
            String requiresPython = form.requiresPython();
            String coreMetadataSha256 = null;
            if (form.kind() == DistributionFilename.Kind.WHEEL) {
                byte[] metadata;
                try {
                    metadata = coreMetadata(file.file(), form);
                } catch (GranaryException e) {
                    throw write.refused(e);
                }
                coreMetadataSha256 = write.add(path + PypiPath.METADATA_SUFFIX, metadata, new HostedStore.Upload(
                        coordinates, PypiAdapter.METADATA_TYPE, Optional.empty(), true)).digests().sha256();
                if (requiresPython == null) {
                    String declared = WheelMetadata.fields(metadata).get("requires-python");
                    requiresPython = declared == null || declared.isBlank() ? null : declared.strip();
                }
            }
            HostedProject.File entry = new HostedProject.File(form.filename(), form.version(), file.digests().sha256(),
                    file.digests().size(), clock.instant().truncatedTo(ChronoUnit.MICROS).toString(), requiresPython,
                    coreMetadataSha256, null, write.user());
            write.updateDocument("simple/" + form.project(), HostedProject.CONTENT_TYPE,
                    current -> HostedProject.withFile(current, form.project(), entry));
            try {
                write.commit(form.filename());
            } catch (ConflictException e) {
                throw alreadyExists(target, form);
            }
            return new Published(target, form, file.digests().sha256());
        }
    }

    /** The wheel's {@code .dist-info/METADATA}, checked to name the uploaded project and version. */
    private static byte[] coreMetadata(Path wheel, UploadForm form) {
        Optional<byte[]> metadata;
        try {
            long size = Files.size(wheel);
            metadata = WheelMetadata.extract(new WheelMetadata.RandomAccess() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public InputStream open(long offset) throws IOException {
                    FileChannel channel = FileChannel.open(wheel, StandardOpenOption.READ);
                    channel.position(offset);
                    return Channels.newInputStream(channel);
                }
            }, form.project());
        } catch (IOException e) {
            throw new InvalidRequestException("'" + form.filename() + "' is not a valid wheel: " + e.getMessage()
                    + "; nothing was stored");
        }
        byte[] bytes = metadata.orElseThrow(() -> new InvalidRequestException("'" + form.filename()
                + "' is not a valid wheel: it has no " + form.name().replaceAll("[-_.]+", "_") + "-" + form.version()
                + ".dist-info/METADATA; nothing was stored"));
        Map<String, String> fields = WheelMetadata.fields(bytes);
        String name = fields.getOrDefault("name", "");
        String version = fields.getOrDefault("version", "");
        if (!ProjectName.normalise(name).equals(form.project()) || !PythonVersion.same(version, form.version())) {
            throw new InvalidRequestException("the METADATA in '" + form.filename() + "' describes "
                    + PathText.printable(name) + " " + PathText.printable(version) + ", not " + form.name() + " "
                    + form.version() + "; nothing was stored");
        }
        return bytes;
    }

    /** PyPI's answer to a file name that was used before (twine's --skip-existing recognises "already exists"). */
    private static InvalidRequestException alreadyExists(RepositoryInfo target, UploadForm form) {
        return new InvalidRequestException("File already exists ('" + form.filename() + "'): repository '"
                + target.name() + "' never replaces a published file; publish a new version");
    }
}
