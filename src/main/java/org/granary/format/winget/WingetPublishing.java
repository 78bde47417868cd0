package org.granary.format.winget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.ConflictException;
import org.granary.core.ExpectedDigest;
import org.granary.core.GranaryException;
import org.granary.core.HostedStore;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.core.StoredArtifact;
import org.granary.core.UpstreamFailureException;

/**
 * Writes to hosted WinGet repositories (and to groups, for their first hosted member), each one
 * {@link HostedStore.Write}: manifests added or replaced in their packages' documents, versions and packages deleted
 * (with the installer files only they used), installers uploaded. Every version is validated as a whole against the
 * manifest schema before it is stored, whichever way it came (YAML, zip, REST, one locale or installer at a time).
 * After each commit the package is indexed for search.
 */
@ApplicationScoped
public class WingetPublishing {

    static final String INSTALLER_TYPE = "application/octet-stream";

    @Inject
    HostedStore store;
    @Inject
    WingetIndex index;
    @Inject
    RepositoryReads reads;

    /** How a publish treats a version the package already has. */
    public enum Mode {
        /** Refuse (409), unless it is stored exactly so already (publishing it again changes nothing). */
        ADD,
        /** Replace it. */
        REPLACE
    }

    /** An installer file as stored. */
    public record Uploaded(String path, StoredArtifact file) {
    }

    /** Whether {@code repo} takes writes (hosted, or a group with a hosted member). */
    public boolean writable(RepositoryInfo repo) {
        return store.isWritable(repo);
    }

    /** The hosted repository writes to {@code repo} go to. */
    public RepositoryInfo target(RepositoryInfo repo) {
        return store.publishTarget(repo);
    }

    /**
     * Publishes {@code manifests} (any packages) in one write: nothing is stored unless all are.
     *
     * @param action for the audit log ({@code publish}, {@code import}, {@code mirror})
     * @return the versions as stored, by package
     */
    public Map<String, List<JsonObject>> publish(RepositoryInfo repo, Identity who, List<WingetManifest> manifests,
                                                 Mode mode, String action) {
        if (manifests.isEmpty()) {
            throw new InvalidRequestException("no manifests to publish");
        }
        Map<String, List<WingetManifest>> byPackage = new LinkedHashMap<>();
        manifests.forEach(m -> byPackage.computeIfAbsent(m.packageIdentifier(), k -> new ArrayList<>()).add(m));
        String target = byPackage.size() == 1 ? describe(manifests) : byPackage.size() + " packages";
        try (HostedStore.Write write = store.begin(repo, who, action, target)) {
            RepositoryInfo hosted = write.repository();
            Map<String, List<JsonObject>> stored = new LinkedHashMap<>();
            for (Map.Entry<String, List<WingetManifest>> p : byPackage.entrySet()) {
                List<JsonObject> versions = new ArrayList<>();
                for (WingetManifest m : p.getValue()) {
                    try {
                        versions.add(WingetDocuments.stored(m, i -> repositoryInstaller(hosted, m, i)));
                    } catch (GranaryException e) {
                        throw write.refused(e);
                    }
                }
                stored.put(p.getKey(), versions);
                String id = p.getKey();
                Optional<JsonObject> before = current(hosted, id);
                Set<String> dropped = new HashSet<>();
                if (mode == Mode.REPLACE && before.isPresent()) {
                    List<JsonObject> replaced = new ArrayList<>();
                    for (JsonObject v : versions) {
                        WingetDocuments.version(before.get(), ManifestJson.string(v, "PackageVersion")).ifPresent(replaced::add);
                    }
                    dropped.addAll(WingetDocuments.installerPaths(replaced));
                    dropped.removeAll(WingetDocuments.installerPaths(versions));
                    dropped.removeAll(stillUsed(before.get(), versions, replaced));
                }
                dropped.forEach(write::removeFile);
                write.updateDocument(WingetDocuments.path(id), WingetDocuments.CONTENT_TYPE,
                        current -> WingetDocuments.document(withVersions(hosted, id, parse(current, id), versions, mode)));
            }
            write.commit(() -> manifests.size() + " version(s)");
            stored.keySet().forEach(id -> reindex(hosted, id));
            return stored;
        }
    }

    /**
     * Replaces everything a package holds with {@code manifests} (versions not among them are deleted, with the
     * installer files only they used).
     */
    public void replacePackage(RepositoryInfo repo, Identity who, String packageIdentifier, List<WingetManifest> manifests) {
        try (HostedStore.Write write = store.begin(repo, who, "publish", packageIdentifier)) {
            RepositoryInfo hosted = write.repository();
            List<JsonObject> versions = new ArrayList<>();
            for (WingetManifest m : manifests) {
                if (!m.packageIdentifier().equals(packageIdentifier)) {
                    throw write.refused(new InvalidRequestException("the body is for package " + m.packageIdentifier()
                            + ", not " + packageIdentifier));
                }
                try {
                    versions.add(WingetDocuments.stored(m, i -> repositoryInstaller(hosted, m, i)));
                } catch (GranaryException e) {
                    throw write.refused(e);
                }
            }
            Optional<JsonObject> before = current(hosted, packageIdentifier);
            if (before.isPresent()) {
                Set<String> dropped = new HashSet<>(WingetDocuments.installerPaths(WingetDocuments.versions(before.get())));
                dropped.removeAll(WingetDocuments.installerPaths(versions));
                dropped.forEach(write::removeFile);
            }
            write.updateDocument(WingetDocuments.path(packageIdentifier), WingetDocuments.CONTENT_TYPE, current -> {
                JsonObject data = WingetDocuments.empty(packageIdentifier);
                for (JsonObject v : versions) {
                    data = WingetDocuments.withVersion(data, v);
                }
                return WingetDocuments.document(data);
            });
            write.commit(versions.size() + " version(s)");
            reindex(hosted, packageIdentifier);
        }
    }

    /** Deletes one version (every channel of it) and the installer files only it used. */
    public void deleteVersion(RepositoryInfo repo, Identity who, String packageIdentifier, String packageVersion) {
        try (HostedStore.Write write = store.begin(repo, who, "delete", packageIdentifier + "@" + packageVersion)) {
            RepositoryInfo hosted = write.repository();
            JsonObject before = current(hosted, packageIdentifier).orElseThrow(() -> write.refused(
                    notPublished(hosted, packageIdentifier)));
            List<JsonObject> removed = WingetDocuments.versions(before).stream()
                    .filter(v -> packageVersion.equals(ManifestJson.string(v, "PackageVersion"))).toList();
            if (removed.isEmpty()) {
                throw write.refused(new NotFoundException(packageIdentifier + " " + packageVersion + " is not published "
                        + "in repository '" + hosted.name() + "'"));
            }
            Set<String> dropped = new HashSet<>(WingetDocuments.installerPaths(removed));
            dropped.removeAll(stillUsed(before, List.of(), removed));
            dropped.forEach(write::removeFile);
            write.updateDocument(WingetDocuments.path(packageIdentifier), WingetDocuments.CONTENT_TYPE,
                    current -> WingetDocuments.document(WingetDocuments.withoutVersion(parse(current, packageIdentifier),
                            packageVersion)));
            write.commit((String) null);
            reindex(hosted, packageIdentifier);
        }
    }

    /** Deletes a package: every version and every installer file of it. */
    public void deletePackage(RepositoryInfo repo, Identity who, String packageIdentifier) {
        try (HostedStore.Write write = store.begin(repo, who, "delete", packageIdentifier)) {
            RepositoryInfo hosted = write.repository();
            JsonObject before = current(hosted, packageIdentifier).orElseThrow(() -> write.refused(
                    notPublished(hosted, packageIdentifier)));
            WingetDocuments.installerPaths(WingetDocuments.versions(before)).forEach(write::removeFile);
            write.updateDocument(WingetDocuments.path(packageIdentifier), WingetDocuments.CONTENT_TYPE,
                    current -> WingetDocuments.document(WingetDocuments.empty(packageIdentifier)));
            write.commit((String) null);
            reindex(hosted, packageIdentifier);
        }
    }

    /**
     * Changes one version by {@code edit} (of its REST form, as {@code current} shows it), validates the result as a
     * whole and stores it; the version must not have changed meanwhile (409).
     *
     * @param current the version as the caller read it, in REST form
     */
    public JsonObject editVersion(RepositoryInfo repo, Identity who, String packageIdentifier, JsonObject current,
                                  UnaryOperator<JsonObject> edit, String action) {
        JsonObject edited = edit.apply(current);
        WingetManifest m = validVersion(packageIdentifier, edited);
        String version = m.packageVersion();
        try (HostedStore.Write write = store.begin(repo, who, action, packageIdentifier + "@" + version)) {
            RepositoryInfo hosted = write.repository();
            JsonObject stored;
            try {
                stored = WingetDocuments.stored(m, i -> repositoryInstaller(hosted, m, i));
            } catch (GranaryException e) {
                throw write.refused(e);
            }
            JsonObject before = current(hosted, packageIdentifier).orElseThrow(() -> write.refused(
                    notPublished(hosted, packageIdentifier)));
            Optional<JsonObject> old = WingetDocuments.version(before, version);
            Set<String> dropped = new HashSet<>(WingetDocuments.installerPaths(old.stream().toList()));
            dropped.removeAll(WingetDocuments.installerPaths(List.of(stored)));
            dropped.removeAll(stillUsed(before, List.of(stored), old.stream().toList()));
            dropped.forEach(write::removeFile);
            write.updateDocument(WingetDocuments.path(packageIdentifier), WingetDocuments.CONTENT_TYPE, bytes -> {
                JsonObject data = parse(bytes, packageIdentifier);
                if (!WingetDocuments.version(data, version).equals(old)) {
                    throw new ConflictException(packageIdentifier + " " + version + " changed while it was edited; "
                            + "read it again and repeat the change");
                }
                return WingetDocuments.document(WingetDocuments.withVersion(data, stored));
            });
            write.commit((String) null);
            reindex(hosted, packageIdentifier);
            return stored;
        }
    }

    /**
     * Stores an uploaded installer at {@code file}'s path (streamed; its SHA-256 computed and, when the client
     * declared one, checked).
     */
    public Uploaded upload(RepositoryInfo repo, Identity who, WingetPath.InstallerFile file, InputStream body,
                           Optional<ExpectedDigest> declared) {
        String path = file.artifactPath();
        String what = file.packageIdentifier() + "@" + file.packageVersion();
        try (HostedStore.Write write = store.begin(repo, who, "publish", what + " installer " + file.fileName())) {
            write.requireAbsent(path, "installer " + file.fileName() + " of " + file.packageIdentifier() + " "
                    + file.packageVersion());
            write.spool(path, body, new HostedStore.Upload(new ArtifactSource.Coordinates(file.packageIdentifier(),
                    "winget", file.packageIdentifier(), file.packageVersion(), null), INSTALLER_TYPE, declared, false));
            HostedStore.Committed c = write.commit(() -> "installer " + path);
            return new Uploaded(path, c.file(path));
        }
    }

    /**
     * Stores installers a mirror downloaded and the versions that name them, in one write.
     *
     * @param files the installers, by path, each with the SHA-256 the upstream manifest declares
     */
    public void mirror(RepositoryInfo repo, Identity who, String packageIdentifier, List<JsonObject> versions,
                       List<MirroredFile> files) {
        try (HostedStore.Write write = store.begin(repo, who, "mirror", packageIdentifier)) {
            RepositoryInfo hosted = write.repository();
            for (MirroredFile f : files) {
                if (store.contains(hosted, f.path())) {
                    continue;
                }
                try (InputStream in = f.content().open(0)) {
                    write.spool(f.path(), in, new HostedStore.Upload(new ArtifactSource.Coordinates(
                            packageIdentifier, "winget", packageIdentifier, f.packageVersion(), null), INSTALLER_TYPE,
                            Optional.of(new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, f.sha256())), false));
                } catch (IOException e) {
                    throw write.refused(new UpstreamFailureException("reading the installer " + f.path()
                            + " from the mirror's source failed: " + e.getMessage(), e));
                }
            }
            write.updateDocument(WingetDocuments.path(packageIdentifier), WingetDocuments.CONTENT_TYPE, current -> {
                JsonObject data = parse(current, packageIdentifier);
                for (JsonObject v : versions) {
                    data = WingetDocuments.withVersion(data, v);
                }
                return WingetDocuments.document(data);
            });
            write.commit(() -> versions.size() + " version(s), " + files.size() + " installer(s)");
            reindex(hosted, packageIdentifier);
        }
    }

    /** An installer a mirror downloaded and verified (as its source serves it), to store at {@code path}. */
    public record MirroredFile(String path, String packageVersion, String sha256, ArtifactResult content) {
    }

    /** A package's document in a hosted repository. */
    public Optional<JsonObject> current(RepositoryInfo hosted, String packageIdentifier) {
        return store.readDocument(hosted, WingetDocuments.path(packageIdentifier)).map(b -> parse(Optional.of(b),
                packageIdentifier)).filter(d -> !WingetDocuments.versions(d).isEmpty());
    }

    /** An installer file of a hosted repository, as stored. */
    public Optional<ArtifactResult.Stored> installer(RepositoryInfo hosted, String path) {
        return store.stored(hosted, path);
    }

    /** Validates a version given in REST form, as a whole. */
    public static WingetManifest validVersion(String packageIdentifier, JsonObject version) {
        ManifestImport.Result r = ManifestImport.rest(Json.createObjectBuilder()
                .add("PackageIdentifier", packageIdentifier)
                .add("Versions", Json.createArrayBuilder().add(version)).build());
        if (r instanceof ManifestImport.Rejected rejected) {
            throw new ManifestRejectedException(rejected.problems());
        }
        return ((ManifestImport.Imported) r).manifests().get(0);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * An installer whose URL is that of an installer file of this repository (uploaded, or copied by the mirror) is
     * kept as that file's path, after checking that the file is there and has the manifest's SHA-256.
     */
    private Installer repositoryInstaller(RepositoryInfo hosted, WingetManifest m, Installer i) {
        Optional<String> path = InstallerFiles.repositoryPath(i.installerUrl(), m.packageIdentifier(), m.packageVersion());
        if (path.isEmpty()) {
            return i;
        }
        Optional<ArtifactResult.Stored> file = store.stored(hosted, path.get());
        if (file.isEmpty()) {
            return i; // a URL of another server that happens to look alike
        }
        String sha = file.get().artifact().sha256();
        if (i.installerSha256() == null || !sha.equalsIgnoreCase(i.installerSha256())) {
            throw new InvalidRequestException("InstallerSha256 of the installer at " + i.installerUrl() + " is "
                    + i.installerSha256() + ", but the file " + path.get() + " in repository '" + hosted.name()
                    + "' has SHA-256 " + sha.toUpperCase(Locale.ROOT));
        }
        return i.withInstallerUrl(path.get());
    }

    /** Paths the versions other than {@code removed} (and {@code added}) still name. */
    private static Set<String> stillUsed(JsonObject data, List<JsonObject> added, List<JsonObject> removed) {
        List<JsonObject> others = new ArrayList<>(WingetDocuments.versions(data));
        others.removeAll(removed);
        others.addAll(added);
        return WingetDocuments.installerPaths(others);
    }

    private static JsonObject withVersions(RepositoryInfo hosted, String id, JsonObject data, List<JsonObject> versions,
                                           Mode mode) {
        JsonObject out = data;
        for (JsonObject v : versions) {
            String version = ManifestJson.string(v, "PackageVersion");
            String channel = ManifestJson.string(v, "Channel");
            Optional<JsonObject> existing = WingetDocuments.versions(out).stream()
                    .filter(e -> version.equals(ManifestJson.string(e, "PackageVersion"))
                            && java.util.Objects.equals(channel, ManifestJson.string(e, "Channel"))).findFirst();
            if (existing.isPresent() && mode == Mode.ADD) {
                if (existing.get().equals(v)) {
                    continue;
                }
                throw new ConflictException(id + " " + version + " is already published in repository '" + hosted.name()
                        + "' with other content; replace it with PUT packages/" + id + "/versions/" + version);
            }
            out = WingetDocuments.withVersion(out, v);
        }
        return out;
    }

    private static JsonObject parse(Optional<byte[]> current, String packageIdentifier) {
        if (current.isEmpty()) {
            return WingetDocuments.empty(packageIdentifier);
        }
        try {
            return WingetDocuments.data(current.get());
        } catch (IOException e) {
            throw new UpstreamFailureException("the stored manifests of " + packageIdentifier + " are unreadable: "
                    + e.getMessage(), e);
        }
    }

    private void reindex(RepositoryInfo hosted, String packageIdentifier) {
        index.update(hosted, packageIdentifier, store.readDocument(hosted, WingetDocuments.path(packageIdentifier))
                .map(b -> parse(Optional.of(b), packageIdentifier)).orElse(WingetDocuments.empty(packageIdentifier)));
        try {
            // read once through the read path, so the new versions' release times (ReleaseDate) are stored now, before
            // any download of an installer could time a version by its upload instead
            reads.first(hosted, Identity.SYSTEM, m -> WingetAdapter.manifestRequest(packageIdentifier, Map.of()));
        } catch (NotFoundException deleted) {
            // the package's last version is gone
        }
    }

    private static NotFoundException notPublished(RepositoryInfo hosted, String id) {
        return new NotFoundException("package " + id + " is not published in repository '" + hosted.name() + "'");
    }

    private static String describe(List<WingetManifest> manifests) {
        WingetManifest first = manifests.get(0);
        return manifests.size() == 1 ? first.packageIdentifier() + "@" + first.packageVersion()
                : first.packageIdentifier() + " (" + manifests.size() + " versions)";
    }
}
