package org.granary.format.pypi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.ConflictException;
import org.granary.core.ExpectedDigest;
import org.granary.core.HostedStore;
import org.granary.core.InvalidRequestException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.format.PathText;
import org.granary.persistence.ArtifactEntry;
import org.granary.security.RepositoryAccess;

/**
 * Uploads through PyPI's legacy upload API into a hosted repository (a group takes them into its first hosted
 * member): checks the caller may publish, validates the form, streams the file into {@link HostedStore} (size
 * limit, declared sha256, never replacing a file), stores a wheel's core metadata next to it as
 * {@code {file}.metadata} (PEP 658) and adds the file to the project's hosted document, from which its project
 * page is rendered.
 */
@ApplicationScoped
public class PypiPublisher {

    @Inject
    HostedStore hosted;
    @Inject
    RepositoryRegistry registry;
    @Inject
    RepositoryAccess access;
    @Inject
    Clock clock;

    /** What was published, and where. */
    public record Published(RepositoryInfo repository, UploadForm form, String sha256) {
    }

    /**
     * @param repo     the repository the client posted to
     * @param fields   the text fields of the form
     * @param filename the file name of the {@code content} part, or {@code null}
     * @param content  the file's bytes, streamed
     */
    public Published upload(RepositoryInfo repo, Map<String, List<String>> fields, String filename, InputStream content) {
        RepositoryInfo target = target(repo);
        String user = access.requirePublish(target, "publish", target.name() + "/"
                + PathText.printable(String.valueOf(UploadForm.first(fields, "name"))) + "@"
                + PathText.printable(String.valueOf(UploadForm.first(fields, "version"))));
        UploadForm form = UploadForm.parse(fields, filename);
        String path = form.project() + "/" + form.filename();
        try {
            hosted.requireAbsent(target, path, form.filename());
        } catch (ConflictException e) {
            throw alreadyExists(target, form);
        }
        ArtifactSource.Coordinates coordinates = new ArtifactSource.Coordinates(form.project(), "pypi", form.project(),
                form.version(), null);
        ArtifactEntry stored;
        try {
            stored = hosted.publish(target, path, content, new HostedStore.Upload(coordinates, PypiAdapter.FILE_TYPE,
                    form.sha256().map(hex -> new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, hex)), false, user));
        } catch (ConflictException e) {
            throw alreadyExists(target, form);
        }
        String requiresPython = form.requiresPython();
        String coreMetadataSha256 = null;
        if (form.kind() == DistributionFilename.Kind.WHEEL) {
            byte[] metadata;
            try {
                metadata = coreMetadata(target, path, form);
            } catch (RuntimeException e) {
                hosted.delete(target, path);
                throw e;
            }
            coreMetadataSha256 = hosted.publish(target, path + PypiPath.METADATA_SUFFIX, new ByteArrayInputStream(metadata),
                    new HostedStore.Upload(coordinates, PypiAdapter.METADATA_TYPE, Optional.empty(), true, user)).getSha256();
            if (requiresPython == null) {
                String declared = WheelMetadata.fields(metadata).get("requires-python");
                requiresPython = declared == null || declared.isBlank() ? null : declared.strip();
            }
        }
        HostedProject.File file = new HostedProject.File(form.filename(), form.version(), stored.getSha256(),
                stored.getSize(), clock.instant().truncatedTo(ChronoUnit.MICROS).toString(), requiresPython,
                coreMetadataSha256, null, user);
        try {
            hosted.updateDocument(target, "simple/" + form.project(), HostedProject.CONTENT_TYPE,
                    current -> HostedProject.withFile(current, form.project(), file));
        } catch (RuntimeException e) {
            // a file no page lists would only block the next attempt with "File already exists"
            hosted.delete(target, path + PypiPath.METADATA_SUFFIX);
            hosted.delete(target, path);
            throw e;
        }
        access.audited("publish", target.name() + "/" + form.project() + "@" + form.version(), form.filename());
        return new Published(target, form, stored.getSha256());
    }

    /** The repository an upload to {@code repo} goes to: itself when hosted, a group's first hosted member. */
    RepositoryInfo target(RepositoryInfo repo) {
        return registry.publishTarget(repo);
    }

    /** The wheel's {@code .dist-info/METADATA}, checked to name the uploaded project and version. */
    private byte[] coreMetadata(RepositoryInfo target, String path, UploadForm form) {
        ArtifactResult.Stored wheel = hosted.stored(target, path).orElseThrow(() -> new IllegalStateException(
                path + " vanished from repository '" + target.name() + "' right after it was stored"));
        Optional<byte[]> metadata;
        try {
            metadata = WheelMetadata.extract(new WheelMetadata.RandomAccess() {
                @Override
                public long size() {
                    return wheel.entry().getSize();
                }

                @Override
                public InputStream open(long offset) throws IOException {
                    return wheel.open(offset);
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
