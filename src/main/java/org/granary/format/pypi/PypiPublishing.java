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
import org.granary.core.HostedDeletes;
import org.granary.core.HostedStore;
import org.granary.core.NotFoundException;
import org.granary.config.Setting;
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
    @Inject
    HostedDeletes deletes;

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
            byte[] coreMetadata = null;
            if (form.kind() == DistributionFilename.Kind.WHEEL) {
                byte[] metadata;
                try {
                    metadata = coreMetadata(file.file(), form);
                    coreMetadata = metadata;
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
            jakarta.json.JsonObject info = PypiJson.info(fields, coreMetadata);
            write.updateDocument("simple/" + form.project(), HostedProject.CONTENT_TYPE,
                    current -> HostedProject.withFile(current, form.project(), entry, info));
            try {
                write.commit(form.filename());
            } catch (ConflictException e) {
                throw alreadyExists(target, form);
            }
            return new Published(target, form, file.digests().sha256());
        }
    }

    // ------------------------------------------------------------------ yank, delete

    /**
     * Yanks (PEP 592) the files of {@code version} of a hosted project, or only {@code filename}, with {@code reason}
     * (possibly empty); a {@code null} reason unyanks them. Pages then show them yanked ({@code data-yanked},
     * {@code "yanked"}), so pip skips them unless a requirement pins them with {@code ==}. Administrators, or their
     * publisher within {@link Setting#HOSTED_DELETE_WINDOW}.
     */
    public void yank(RepositoryInfo repo, String projectName, String version, String filename, String reason) {
        String project = ProjectName.normalise(ProjectName.requireValid(projectName));
        String action = reason == null ? "unyank" : "yank";
        String what = project + (filename != null ? "/" + filename : "@" + version);
        try (HostedStore.Write write = store.begin(repo, who, action, what)) {
            RepositoryInfo hosted = write.repository();
            List<HostedProject.File> files;
            try {
                files = matching(hosted, project, version, filename, what);
            } catch (GranaryException e) {
                throw write.refused(e);
            }
            deletes.requireMayChange(write, who, published(hosted, project, files), Setting.HOSTED_DELETE_WINDOW, what,
                    action);
            java.util.Set<String> names = new java.util.HashSet<>();
            files.forEach(f -> names.add(f.filename()));
            write.updateDocument("simple/" + project, HostedProject.CONTENT_TYPE, current -> HostedProject.withYanked(
                    current, project, f -> names.contains(f.filename()), reason, what));
            write.commit(reason == null ? "unyanked " + String.join(", ", names)
                    : "yanked " + String.join(", ", names) + (reason.isEmpty() ? "" : ": " + reason));
        }
    }

    /**
     * Deletes one file of a hosted project (with its {@code .metadata}): gone from the pages, its downloads 404, its
     * blobs retired under the cleanup grace. A version goes as a whole through {@code core.HostedDeletes}.
     */
    public void deleteFile(RepositoryInfo repo, String projectName, String filename) {
        String project = ProjectName.normalise(ProjectName.requireValid(projectName));
        String what = project + "/" + filename;
        try (HostedStore.Write write = store.begin(repo, who, "delete", what)) {
            RepositoryInfo hosted = write.repository();
            List<HostedProject.File> all;
            List<HostedProject.File> files;
            try {
                PypiPath.validFilename(filename);
                files = matching(hosted, project, null, filename, what);
                all = HostedProject.files(store.readDocument(hosted, "simple/" + project).orElseThrow());
            } catch (GranaryException e) {
                throw write.refused(e);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            deletes.requireMayChange(write, who, published(hosted, project, files), Setting.HOSTED_DELETE_WINDOW, what,
                    "delete");
            write.removeFile(project + "/" + filename);
            write.removeFile(project + "/" + filename + PypiPath.METADATA_SUFFIX);
            if (all.size() == files.size()) {
                write.removeDocument("simple/" + project);
            } else {
                write.updateDocument("simple/" + project, HostedProject.CONTENT_TYPE, current -> HostedProject.without(
                        current, project, f -> f.filename().equals(filename), what).orElseThrow(() ->
                        new ConflictException(project + " changed while " + filename + " was being deleted; try again")));
            }
            write.commit("deleted " + filename);
        }
    }

    /** The files of a hosted project that are {@code filename}, else of {@code version}. */
    private List<HostedProject.File> matching(RepositoryInfo hosted, String project, String version, String filename,
                                              String what) {
        byte[] doc = store.readDocument(hosted, "simple/" + project).orElseThrow(() -> new NotFoundException(
                "project " + project + " is not published in repository '" + hosted.name() + "'"));
        try {
            List<HostedProject.File> files = HostedProject.files(doc).stream().filter(f -> filename != null
                    ? f.filename().equals(filename) : PythonVersion.same(f.version(), version)).toList();
            if (files.isEmpty()) {
                throw new NotFoundException(what + " is not published in repository '" + hosted.name() + "'");
            }
            return files;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Who published each file and when, as recorded with the file (the hosted document says so too). */
    private List<HostedDeletes.Published> published(RepositoryInfo hosted, String project, List<HostedProject.File> files) {
        return files.stream().map(f -> deletes.published(hosted, project + "/" + f.filename()).orElseGet(() ->
                new HostedDeletes.Published(project + "/" + f.filename(), f.uploadedBy(),
                        org.granary.core.ReleaseListing.time(f.uploadTime())))).toList();
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
