package org.granary.format.winget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.AccessRules;
import org.granary.core.ArtifactResult;
import org.granary.core.ConflictException;
import org.granary.core.ForbiddenException;
import org.granary.core.Format;
import org.granary.core.FormatJob;
import org.granary.core.GranaryException;
import org.granary.core.HostedStore;
import org.granary.core.Identity;
import org.granary.core.IntegrityException;
import org.granary.core.InvalidRequestException;
import org.granary.core.Jobs;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.core.Spool;
import org.granary.upstream.ArtifactHostRefusedException;
import org.granary.upstream.ArtifactHostRule;
import org.granary.upstream.UpstreamClient;
import org.granary.upstream.UpstreamResponse;

/**
 * The updater: copies the packages a hosted repository's allow-list ({@link MirrorRules}) names from its
 * {@code source} into the hosted repository. From a WinGet proxy repository everything is read through it as any
 * client would read it, so the proxy's caching, upstream rules and verification apply: manifests through its metadata
 * cache, installers through its artifact cache, verified against {@code InstallerSha256} (and verified again as the
 * hosted repository stores them). From a winget-pkgs manifest tree ({@link ManifestTree}: a directory of the server,
 * or a zip archive downloaded into the spool through the upstream client, its host checked by the artifact host rule)
 * the chosen versions' files are checked as an import of the tree ({@link ManifestImport#tree}), and each installer is
 * downloaded from its {@code InstallerUrl} (the artifact host rule applies, with no upstream host of its own) and
 * checked against its {@code InstallerSha256} as it is stored. Each package is one {@link HostedStore.Write}: a
 * failure (the upstream down, a wrong SHA-256, an invalid manifest, a refused host) stores nothing of it and is
 * reported. A version the hosted repository already has is left alone, so a second run changes nothing. Every run
 * leaves a report ({@code GET mirror/report}).
 * <p>
 * The scheduled job {@code winget-mirror} ({@link FormatJob}: every {@code GRANARY_WINGET_MIRROR_INTERVAL}, every
 * hosted repository with an allow-list, on the one server that takes the job's lease) and {@code POST mirror/run}
 * (one repository, under the same lease, so no two runs overlap on any servers) are recorded in the jobs' run
 * history, one item per package version.
 */
@ApplicationScoped
public class WingetMirror implements FormatJob {

    private static final Logger LOG = Logger.getLogger(WingetMirror.class.getName());
    static final String RULES = "mirror/rules.json";
    static final String REPORT = "mirror/report.json";
    /** Packages one wildcard entry may match (a search page is 100). */
    static final int MAX_MATCHES = 1000;

    @Inject
    HostedStore store;
    @Inject
    WingetAdapter adapter;
    @Inject
    WingetPublishing publishing;
    @Inject
    RepositoryRegistry registry;
    @Inject
    AccessRules access;
    @Inject
    GranaryConfig config;
    @Inject
    Clock clock;
    @Inject
    UpstreamClient upstream;
    @Inject
    ArtifactHostRule hostRule;
    @Inject
    Spool spool;
    @Inject
    Jobs jobs;


    /** The allow-list of the hosted repository behind {@code repo}, if it has one. */
    public Optional<MirrorRules> rules(RepositoryInfo repo) {
        return read(publishing.target(repo), RULES).map(MirrorRules::parse);
    }

    /** Replaces the allow-list (checked: its source must be a WinGet repository other than this one). */
    public MirrorRules setRules(RepositoryInfo repo, Identity who, JsonObject body) {
        MirrorRules rules = MirrorRules.parse(body);
        try (HostedStore.Write write = store.begin(repo, who, "mirror.rules", "allow-list")) {
            try {
                checkSource(write.repository(), who, rules);
            } catch (GranaryException e) {
                throw write.refused(e);
            }
            write.describe("mirror.rules", "allow-list from " + rules.source().display());
            byte[] bytes = rules.toJson().toString().getBytes(StandardCharsets.UTF_8);
            write.updateDocument(RULES, WingetDocuments.CONTENT_TYPE, current -> bytes);
            write.commit(rules.packages().size() + " entries");
        }
        return rules;
    }

    /**
     * Refuses a source the mirror could not read: a repository that is not another WinGet one, a directory that is
     * not one (only administrators may name a directory of the server), an archive URL the artifact host rule
     * refuses.
     */
    private void checkSource(RepositoryInfo hosted, Identity who, MirrorRules rules) {
        if (rules.source() instanceof MirrorRules.TreeSource t) {
            if (!who.isAdmin()) {
                throw new ForbiddenException("only an administrator may make a directory of the server the mirror's "
                        + "source");
            }
            if (!Files.isDirectory(Path.of(t.directory()))) {
                throw new InvalidRequestException("source.tree '" + t.directory() + "' is not a directory on the server");
            }
        } else if (rules.source() instanceof MirrorRules.ArchiveSource a) {
            try {
                hostRule.check(a.url(), null);
            } catch (ArtifactHostRefusedException e) {
                throw new InvalidRequestException("source.archive: " + e.getMessage());
            }
        } else {
            source(hosted, rules);
        }
    }

    /** The report of the last run, if there was one. */
    public Optional<JsonObject> report(RepositoryInfo repo) {
        return read(publishing.target(repo), REPORT);
    }

    @Override
    public Jobs.Job job() {
        return Jobs.Job.WINGET_MIRROR;
    }

    /** Runs the allow-list of every hosted WinGet repository that has one (the scheduled job, under its lease). */
    @Override
    public void runAll(FormatJob.JobItems items, BooleanSupplier keepGoing) {
        for (RepositoryInfo repo : registry.all()) {
            if (repo.format() != Format.WINGET || !repo.isHosted()) {
                continue;
            }
            if (!keepGoing.getAsBoolean()) {
                items.note("stopped: the lease was lost");
                return;
            }
            try {
                Optional<MirrorRules> rules = read(repo, RULES).map(MirrorRules::parse);
                if (rules.isPresent()) {
                    JsonObject report = mirror(repo, Identity.SYSTEM, rules.get(), items, keepGoing);
                    LOG.info(() -> "WinGet mirror of " + repo.name() + ": " + report.getString("Outcome"));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "WinGet mirror of " + repo.name() + " failed", e);
                items.add(repo.name(), "failed", 0, String.valueOf(e.getMessage()));
            }
        }
    }

    /**
     * Runs the allow-list of the hosted repository behind {@code repo} now, on behalf of {@code who}, under the
     * mirror job's lease (recorded in the jobs' run history).
     *
     * @return the report (also kept for {@code GET mirror/report})
     * @throws ConflictException when the mirror is running already, on this server or another
     */
    public JsonObject run(RepositoryInfo repo, Identity who) {
        RepositoryInfo hosted = publishing.target(repo);
        access.requirePublish(hosted, who, "mirror", hosted.name());
        MirrorRules rules = read(hosted, RULES).map(MirrorRules::parse).orElseThrow(() -> new InvalidRequestException(
                "repository '" + hosted.name() + "' has no mirror allow-list; PUT one to mirror first"));
        return jobs.runPart(job(), hosted, (items, keepGoing) -> mirror(hosted, who, rules, items, keepGoing)).result();
    }

    private JsonObject mirror(RepositoryInfo hosted, Identity who, MirrorRules rules, FormatJob.JobItems items,
                              BooleanSupplier keepGoing) {
        Instant started = clock.instant();
        Run run = new Run(hosted.name(), items, keepGoing);
        if (rules.source() instanceof MirrorRules.RepositorySource) {
            fromRepository(hosted, source(hosted, rules), who, rules, run);
        } else {
            try (ManifestTree tree = open(rules.source())) {
                fromTree(hosted, tree, who, rules, run);
            } catch (IOException | GranaryException e) {
                run.fail(rules.source().display() + ": " + e.getMessage() + "; nothing was mirrored");
            }
        }
        JsonObject report = run.report(rules.source().display(), started, clock.instant());
        saveReport(hosted, who, report);
        return report;
    }

    /**
     * What a run did so far: one entry per package (or allow-list line that failed as a whole), each also recorded
     * in the job's run history ({@code <repository>/<id>@<version>} mirrored or unchanged, {@code <repository>/<id>}
     * failed).
     */
    static final class Run {
        private final String repository;
        private final FormatJob.JobItems items;
        private final BooleanSupplier keepGoing;
        private final JsonArrayBuilder packages = Json.createArrayBuilder();
        private int entries;
        private int failures;
        /** Set when the source as a whole could not be read, or the run stopped. */
        private String error;

        Run(String repository, FormatJob.JobItems items, BooleanSupplier keepGoing) {
            this.repository = repository;
            this.items = items;
            this.keepGoing = keepGoing;
        }

        void add(JsonObject entry) {
            entries++;
            String what = repository + "/" + entry.getString("PackageIdentifier", entry.getString("Pattern", "?"));
            for (String key : List.of("Mirrored", "Unchanged")) {
                if (entry.get(key) instanceof jakarta.json.JsonArray versions) {
                    versions.getValuesAs(JsonString::getString).forEach(v -> items.add(what + "@" + v,
                            key.toLowerCase(Locale.ROOT), 0, null));
                }
            }
            if (entry.containsKey("Error")) {
                failures++;
                items.add(what, "failed", 0, entry.getString("Error"));
            }
            packages.add(entry);
        }

        void fail(String message) {
            error = message;
            items.add(repository, "failed", 0, message);
        }

        /** Whether to go on with the next package; once the lease is lost the run stops and says so. */
        boolean goOn() {
            if (error == null && !keepGoing.getAsBoolean()) {
                fail("stopped: this server lost the mirror job's lease; the next run does the rest");
            }
            return error == null;
        }

        JsonObject report(String source, Instant started, Instant finished) {
            JsonObjectBuilder b = Json.createObjectBuilder().add("Source", source)
                    .add("StartedAt", started.toString())
                    .add("FinishedAt", finished.toString())
                    .add("Outcome", error != null || failures > 0 && failures == entries ? "failed"
                            : failures == 0 ? "ok" : "partial");
            if (error != null) {
                b.add("Error", error);
            }
            return b.add("Packages", packages).build();
        }
    }

    // ------------------------------------------------------------------ from a WinGet repository

    private void fromRepository(RepositoryInfo hosted, RepositoryInfo source, Identity who, MirrorRules rules, Run run) {
        Set<String> ids = new LinkedHashSet<>();
        for (MirrorRules.Entry e : rules.packages()) {
            try {
                ids.addAll(matching(source, who, e));
            } catch (GranaryException ex) {
                run.add(Json.createObjectBuilder().add("Pattern", e.id()).add("Error", ex.getMessage()).build());
            }
        }
        for (String id : ids) {
            if (!run.goOn()) {
                return;
            }
            run.add(mirrorPackage(hosted, source, who, rules, id));
        }
    }

    /** The packages of {@code source} an allow-list entry names. */
    private List<String> matching(RepositoryInfo source, Identity who, MirrorRules.Entry e) {
        return e.exact() ? List.of(e.id()) : adapter.identifiers(source, who, e.prefix(), e::matches, MAX_MATCHES);
    }

    /** Mirrors the chosen versions of one package in one write; the report entry says what happened. */
    private JsonObject mirrorPackage(RepositoryInfo hosted, RepositoryInfo source, Identity who, MirrorRules rules,
                                     String id) {
        JsonObjectBuilder entry = Json.createObjectBuilder().add("PackageIdentifier", id);
        JsonArrayBuilder mirrored = Json.createArrayBuilder();
        JsonArrayBuilder unchanged = Json.createArrayBuilder();
        try {
            WingetDocuments.Copy copy;
            try {
                copy = WingetAdapter.copy(adapter.manifests(source, who, id));
            } catch (NotFoundException e) {
                return entry.add("Error", "repository '" + source.name() + "' has no package " + id).build();
            }
            JsonObject served = copy.served();
            List<String> available = WingetDocuments.versionNumbers(served);
            List<String> chosen = rules.versionsOf(id, available);
            if (chosen.isEmpty()) {
                return entry.add("Error", "no version of " + id + " in repository '" + source.name()
                        + "' matches the allow-list (" + available.size() + " available)").build();
            }
            Optional<JsonObject> existing = publishing.current(hosted, id);
            List<JsonObject> versions = new ArrayList<>();
            List<WingetPublishing.MirroredFile> files = new ArrayList<>();
            for (String version : chosen) {
                if (existing.flatMap(d -> WingetDocuments.version(d, version)).isPresent()) {
                    unchanged.add(version);
                    continue;
                }
                WingetPublishing.validVersion(id, WingetDocuments.version(copy.data(), version).orElseThrow());
                JsonObject v = WingetDocuments.version(served, version).orElseThrow();
                versions.add(copied(hosted, source, who, id, version, v, files));
                mirrored.add(version);
            }
            if (!versions.isEmpty()) {
                publishing.mirror(hosted, who, id, versions, files);
            }
            return entry.add("Mirrored", mirrored).add("Unchanged", unchanged).build();
        } catch (ManifestRejectedException e) {
            return entry.add("Error", "the manifest in repository '" + source.name() + "' is not valid: "
                    + e.getMessage().replace('\n', ';')).add("Unchanged", unchanged).build();
        } catch (GranaryException e) {
            return entry.add("Error", e.getMessage() + "; nothing of " + id + " was stored").add("Unchanged", unchanged)
                    .build();
        }
    }

    /**
     * The version as the hosted repository keeps it: each installer the source serves is downloaded from it (verified
     * there) and named by its path in the hosted repository; other installers keep their URL.
     */
    private JsonObject copied(RepositoryInfo hosted, RepositoryInfo source, Identity who, String id, String version,
                              JsonObject v, List<WingetPublishing.MirroredFile> files) {
        JsonArrayBuilder installers = Json.createArrayBuilder();
        for (JsonValue i : ManifestJson.array(v, "Installers")) {
            JsonObject o = i.asJsonObject();
            Optional<WingetPath.InstallerFile> served = WingetAdapter.repositoryFile(o);
            if (served.isEmpty()) {
                installers.add(o);
                continue;
            }
            WingetPath.InstallerFile file = served.get();
            String sha = ManifestJson.string(o, "InstallerSha256");
            String path = InstallerFiles.path(id, version, sha, file.fileName());
            if (!publishing.installer(hosted, path).isPresent()) {
                ArtifactResult bytes = adapter.installer(source, who, file);
                files.add(new WingetPublishing.MirroredFile(path, version, sha, bytes));
            }
            installers.add(Json.createObjectBuilder(o).add("InstallerUrl", path));
        }
        return Json.createObjectBuilder(v).add("Installers", installers).build();
    }

    // ------------------------------------------------------------------ from a winget-pkgs manifest tree

    /** The tree of a directory or archive source (an archive is downloaded into the spool first). */
    private ManifestTree open(MirrorRules.Source source) throws IOException {
        if (source instanceof MirrorRules.TreeSource t) {
            return ManifestTree.directory(Path.of(t.directory()));
        }
        URI url = ((MirrorRules.ArchiveSource) source).url();
        long max = config.bytes(Setting.WINGET_MIRROR_ARCHIVE_MAX);
        String what = "the mirror's archive " + url;
        Path file = null;
        try (UpstreamResponse response = upstream.get(url, Map.of(), hostRule.forUpstream(null))) {
            if (response.status() != 200) {
                throw new IOException("the archive could not be fetched: " + url + " answered HTTP " + response.status());
            }
            long declared = response.contentLength().orElse(-1);
            if (declared > max) {
                throw tooLarge(url, max);
            }
            file = spool.newFile("winget-archive-", Math.max(declared, 0), what);
            try (InputStream in = response.body(); OutputStream out = spool.writeTo(file, what)) {
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    if (total > max) {
                        throw tooLarge(url, max);
                    }
                    out.write(buf, 0, n);
                }
            }
            Path opened = file;
            file = null;
            return ManifestTree.zip(opened, () -> spool.release(opened));
        } finally {
            spool.release(file);
        }
    }

    private static IOException tooLarge(URI url, long max) {
        return new IOException("the archive " + url + " is larger than " + Setting.WINGET_MIRROR_ARCHIVE_MAX
                .environmentVariable() + " (" + max + " bytes)");
    }

    private void fromTree(RepositoryInfo hosted, ManifestTree tree, Identity who, MirrorRules rules, Run run)
            throws IOException {
        Map<String, List<ManifestTree.VersionFolder>> found = tree.allowed(rules);
        for (MirrorRules.Entry e : rules.packages()) {
            if (e.exact() && found.keySet().stream().noneMatch(id -> id.equalsIgnoreCase(e.id()))) {
                run.add(Json.createObjectBuilder().add("PackageIdentifier", e.id()).add("Error", "the tree has no "
                        + "package " + e.id() + " (no version folder under manifests/" + Character.toLowerCase(
                        e.id().charAt(0)) + "/" + e.id().replace('.', '/') + "/)").build());
            }
        }
        int n = 0;
        for (Map.Entry<String, List<ManifestTree.VersionFolder>> p : found.entrySet()) {
            if (!run.goOn()) {
                return;
            }
            if (++n > MAX_MATCHES) {
                run.add(Json.createObjectBuilder().add("Pattern", "*").add("Error", "the allow-list names "
                        + found.size() + " packages of the tree; only the first " + MAX_MATCHES + " were looked at")
                        .build());
                break;
            }
            run.add(mirrorTreePackage(hosted, tree, who, rules, p.getKey(), p.getValue()));
        }
    }

    /**
     * Mirrors the chosen versions of one package of a tree in one write: their manifests read and checked as an
     * import checks a zip of the tree, their installers downloaded from their {@code InstallerUrl} (the artifact host
     * rule applies) and verified against {@code InstallerSha256}.
     */
    private JsonObject mirrorTreePackage(RepositoryInfo hosted, ManifestTree tree, Identity who, MirrorRules rules,
                                         String id, List<ManifestTree.VersionFolder> folders) {
        JsonObjectBuilder entry = Json.createObjectBuilder().add("PackageIdentifier", id);
        JsonArrayBuilder mirrored = Json.createArrayBuilder();
        JsonArrayBuilder unchanged = Json.createArrayBuilder();
        List<String> available = folders.stream().map(ManifestTree.VersionFolder::version).toList();
        List<String> chosen = rules.versionsOf(id, available);
        if (chosen.isEmpty()) {
            return entry.add("Error", "no version of " + id + " in the tree matches the allow-list ("
                    + available.size() + " available)").build();
        }
        try {
            Optional<JsonObject> existing = publishing.current(hosted, id);
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (String version : chosen) {
                if (existing.flatMap(d -> WingetDocuments.version(d, version)).isPresent()) {
                    unchanged.add(version);
                    continue;
                }
                ManifestTree.VersionFolder folder = folders.stream().filter(f -> f.version().equals(version))
                        .findFirst().orElseThrow();
                for (String f : folder.files()) {
                    files.put(f, tree.read(f));
                }
                mirrored.add(version);
            }
            if (!files.isEmpty()) {
                ManifestImport.Result read = ManifestImport.tree(files);
                if (read instanceof ManifestImport.Rejected r) {
                    throw new ManifestRejectedException(r.problems());
                }
                List<JsonObject> versions = new ArrayList<>();
                Map<String, WingetPublishing.MirroredFile> downloads = new LinkedHashMap<>();
                for (WingetManifest m : ((ManifestImport.Imported) read).manifests()) {
                    versions.add(WingetDocuments.stored(m, i -> downloaded(hosted, m, i, downloads)));
                }
                publishing.mirror(hosted, who, id, versions, new ArrayList<>(downloads.values()));
            }
            return entry.add("Mirrored", mirrored).add("Unchanged", unchanged).build();
        } catch (ManifestRejectedException e) {
            return entry.add("Error", "the manifests in the tree are not valid: " + e.getMessage().replace('\n', ';')
                    + "; nothing of " + id + " was stored").add("Unchanged", unchanged).build();
        } catch (IOException e) {
            return entry.add("Error", "reading the tree failed: " + e.getMessage() + "; nothing of " + id
                    + " was stored").add("Unchanged", unchanged).build();
        } catch (GranaryException e) {
            return entry.add("Error", e.getMessage() + "; nothing of " + id + " was stored").add("Unchanged", unchanged)
                    .build();
        }
    }

    /**
     * An installer of a tree's manifest as the hosted repository keeps it: named by its path in the repository, its
     * download added to {@code downloads} unless the repository has the file already. An installer without a URL and
     * SHA-256 (a Store one) keeps what it has.
     */
    private Installer downloaded(RepositoryInfo hosted, WingetManifest m, Installer i,
                                 Map<String, WingetPublishing.MirroredFile> downloads) {
        String url = i.installerUrl();
        String sha = i.installerSha256();
        if (url == null || sha == null || !WingetPath.SHA256.matcher(sha).matches()) {
            return i;
        }
        String path = InstallerFiles.path(m.packageIdentifier(), m.packageVersion(), sha, InstallerFiles.fileName(url));
        if (!downloads.containsKey(path) && publishing.installer(hosted, path).isEmpty()) {
            String what = "installer " + InstallerFiles.fileName(url) + " of " + m.packageIdentifier() + " "
                    + m.packageVersion();
            downloads.put(path, new WingetPublishing.MirroredFile(path, m.packageVersion(), sha,
                    new ArtifactResult.Streaming(-1, WingetPublishing.INSTALLER_TYPE, offset -> fetch(url, sha, what))));
        }
        return i.withInstallerUrl(path);
    }

    /** An installer's bytes from its URL, checked against its SHA-256 when the last byte has been read. */
    private InputStream fetch(String url, String sha, String what) throws IOException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IOException("the InstallerUrl of " + what + " is not a URL: " + e.getMessage(), e);
        }
        UpstreamResponse response = upstream.get(uri, Map.of(), hostRule.forUpstream(null));
        if (response.status() != 200) {
            response.close();
            throw new IOException(url + " answered HTTP " + response.status());
        }
        return new Verified(response.body(), sha, what + " from " + url);
    }

    /** A download that fails at its end when its SHA-256 is not the manifest's (nothing is then stored). */
    private static final class Verified extends FilterInputStream {
        private final MessageDigest digest;
        private final String expected;
        private final String what;

        Verified(InputStream in, String expected, String what) {
            super(new DigestInputStream(in, sha256()));
            this.digest = ((DigestInputStream) this.in).getMessageDigest();
            this.expected = expected;
            this.what = what;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            return b < 0 ? end(b) : b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            return n < 0 ? end(n) : n;
        }

        private int end(int eof) {
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equalsIgnoreCase(expected)) {
                throw new IntegrityException("integrity check failed for " + what + ": its SHA-256 is "
                        + actual.toUpperCase(Locale.ROOT) + ", the manifest's InstallerSha256 is " + expected);
            }
            return eof;
        }
    }

    private RepositoryInfo source(RepositoryInfo hosted, MirrorRules rules) {
        String name = rules.source().display();
        RepositoryInfo source = registry.find(name).orElseThrow(() -> new InvalidRequestException(
                "the mirror source '" + name + "' is not a repository"));
        if (source.format() != Format.WINGET || source.name().equals(hosted.name())) {
            throw new InvalidRequestException("the mirror source '" + name + "' must be another WinGet "
                    + "repository (a proxy of the upstream REST source to mirror)");
        }
        return source;
    }

    private void saveReport(RepositoryInfo hosted, Identity who, JsonObject report) {
        byte[] bytes = report.toString().getBytes(StandardCharsets.UTF_8);
        try (HostedStore.Write write = store.begin(hosted, who, "mirror.report", "mirror run")) {
            write.updateDocument(REPORT, WingetDocuments.CONTENT_TYPE, current -> bytes);
            write.commit(report.getString("Outcome"));
        }
    }

    private Optional<JsonObject> read(RepositoryInfo hosted, String path) {
        return store.readDocument(hosted, path).map(b -> {
            try (JsonReader r = Json.createReader(new ByteArrayInputStream(b))) {
                return r.readObject();
            } catch (JsonException | IllegalStateException e) {
                LOG.log(Level.WARNING, "Unreadable " + path + " in " + hosted.name(), e);
                return null;
            }
        });
    }
}
