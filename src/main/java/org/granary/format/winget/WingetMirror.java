package org.granary.format.winget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.AccessRules;
import org.granary.core.ArtifactResult;
import org.granary.core.ConflictException;
import org.granary.core.Format;
import org.granary.core.GranaryException;
import org.granary.core.HostedStore;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;

/**
 * The updater: copies the packages a hosted repository's allow-list ({@link MirrorRules}) names from a WinGet proxy
 * repository (its {@code source}) into the hosted repository. Everything is read through that source as any client
 * would read it, so the proxy's caching, upstream rules and verification apply: manifests through its metadata
 * cache, installers through its artifact cache, verified against {@code InstallerSha256} (and verified again as the
 * hosted repository stores them). Each package is one {@link HostedStore.Write}: a failure (the upstream down, a
 * wrong SHA-256, an invalid manifest) stores nothing of it and is reported. A version the hosted repository already
 * has is left alone, so a second run changes nothing. Every run leaves a report ({@code GET mirror/report}).
 * <p>
 * Called by {@code jobs.WingetMirrorJob} every few minutes ({@link #runDue}, which runs each allow-list once
 * {@code GRANARY_WINGET_MIRROR_INTERVAL} has passed since its last run) and by {@code POST mirror/run}. Runs of one
 * repository do not overlap on one server; several servers should leave the timer to one of them for now.
 */
@ApplicationScoped
public class WingetMirror {

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

    private final ConcurrentHashMap<String, ReentrantLock> running = new ConcurrentHashMap<>();

    /** The allow-list of the hosted repository behind {@code repo}, if it has one. */
    public Optional<MirrorRules> rules(RepositoryInfo repo) {
        return read(publishing.target(repo), RULES).map(MirrorRules::parse);
    }

    /** Replaces the allow-list (checked: its source must be a WinGet repository other than this one). */
    public MirrorRules setRules(RepositoryInfo repo, Identity who, JsonObject body) {
        MirrorRules rules = MirrorRules.parse(body);
        try (HostedStore.Write write = store.begin(repo, who, "mirror.rules", "allow-list")) {
            RepositoryInfo source;
            try {
                source = source(write.repository(), rules);
            } catch (GranaryException e) {
                throw write.refused(e);
            }
            write.describe("mirror.rules", "allow-list from " + source.name());
            byte[] bytes = rules.toJson().toString().getBytes(StandardCharsets.UTF_8);
            write.updateDocument(RULES, WingetDocuments.CONTENT_TYPE, current -> bytes);
            write.commit(rules.packages().size() + " entries");
        }
        return rules;
    }

    /** The report of the last run, if there was one. */
    public Optional<JsonObject> report(RepositoryInfo repo) {
        return read(publishing.target(repo), REPORT);
    }

    /** Runs every allow-list whose interval has passed since its last run (the timer's call). */
    public void runDue() {
        Duration interval = config.duration(Setting.WINGET_MIRROR_INTERVAL);
        if (interval.isZero()) {
            return;
        }
        for (RepositoryInfo repo : registry.all()) {
            if (repo.format() != Format.WINGET || !repo.isHosted()) {
                continue;
            }
            try {
                if (read(repo, RULES).isEmpty() || !due(repo, interval)) {
                    continue;
                }
                JsonObject report = run(repo, Identity.SYSTEM);
                LOG.info(() -> "WinGet mirror of " + repo.name() + ": " + report.getString("Outcome"));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "WinGet mirror of " + repo.name() + " failed", e);
            }
        }
    }

    private boolean due(RepositoryInfo repo, Duration interval) {
        Optional<JsonObject> last = read(repo, REPORT);
        if (last.isEmpty() || !(last.get().get("FinishedAt") instanceof JsonString at)) {
            return true;
        }
        try {
            return !Instant.parse(at.getString()).plus(interval).isAfter(clock.instant());
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /**
     * Runs the allow-list of the hosted repository behind {@code repo} now, on behalf of {@code who}.
     *
     * @return the report (also kept for {@code GET mirror/report})
     * @throws ConflictException when a run of it is already going on
     */
    public JsonObject run(RepositoryInfo repo, Identity who) {
        RepositoryInfo hosted = publishing.target(repo);
        access.requirePublish(hosted, who, "mirror", hosted.name());
        MirrorRules rules = read(hosted, RULES).map(MirrorRules::parse).orElseThrow(() -> new InvalidRequestException(
                "repository '" + hosted.name() + "' has no mirror allow-list; PUT one to mirror first"));
        ReentrantLock lock = running.computeIfAbsent(hosted.name(), k -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ConflictException("the mirror of repository '" + hosted.name() + "' is already running");
        }
        try {
            Instant started = clock.instant();
            JsonArrayBuilder packages = Json.createArrayBuilder();
            int failures = 0;
            int entries = 0;
            RepositoryInfo source = source(hosted, rules);
            Set<String> ids = new LinkedHashSet<>();
            for (MirrorRules.Entry e : rules.packages()) {
                try {
                    ids.addAll(matching(source, who, e));
                } catch (GranaryException ex) {
                    failures++;
                    entries++;
                    packages.add(Json.createObjectBuilder().add("Pattern", e.id()).add("Error", ex.getMessage()));
                }
            }
            for (String id : ids) {
                JsonObject entry = mirrorPackage(hosted, source, who, rules, id);
                failures += entry.containsKey("Error") ? 1 : 0;
                entries++;
                packages.add(entry);
            }
            JsonObject report = Json.createObjectBuilder()
                    .add("Source", source.name())
                    .add("StartedAt", started.toString())
                    .add("FinishedAt", clock.instant().toString())
                    .add("Outcome", failures == 0 ? "ok" : failures == entries ? "failed" : "partial")
                    .add("Packages", packages).build();
            saveReport(hosted, who, report);
            return report;
        } finally {
            lock.unlock();
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

    private RepositoryInfo source(RepositoryInfo hosted, MirrorRules rules) {
        RepositoryInfo source = registry.find(rules.source()).orElseThrow(() -> new InvalidRequestException(
                "the mirror source '" + rules.source() + "' is not a repository"));
        if (source.format() != Format.WINGET || source.name().equals(hosted.name())) {
            throw new InvalidRequestException("the mirror source '" + rules.source() + "' must be another WinGet "
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
