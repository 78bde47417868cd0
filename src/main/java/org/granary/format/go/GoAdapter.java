package org.granary.format.go;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.granary.core.ArtifactCheck;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.CachedMetadata;
import org.granary.core.ClientHashes;
import org.granary.core.Format;
import org.granary.core.GranaryException;
import org.granary.core.Identity;
import org.granary.core.MetadataRequest;
import org.granary.core.NotFoundException;
import org.granary.core.ReleaseKey;
import org.granary.core.ReleaseListing;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.core.Spool;
import org.granary.core.UpstreamFailureException;
import org.granary.core.VersionGate;
import org.granary.web.FormatEndpoints;

/**
 * The GOPROXY protocol on the shared cache. {@code @v/list}, {@code @latest} and {@code .info} of
 * non-release queries are mutable metadata; a release's {@code .info}, {@code .mod} and {@code .zip} are
 * immutable artifacts, requested upstream in their case-encoded form.
 * <p>
 * <b>Hashes.</b> A Go module proxy declares no hash for what it serves: the authoritative {@code h1:} hashes
 * live in the checksum database (sum.golang.org), which the go command consults itself (unless
 * {@code GONOSUMDB}, {@code GOPRIVATE} or {@code GOSUMDB=off} say otherwise) and compares with
 * {@code go.sum}. So there is no upstream hash to compare
 * with here; instead every release file is checked before it is cached: a {@code .zip} must be a well-formed
 * module zip under {@code module@version/} whose {@code go.mod} equals the {@code .mod} served for it
 * ({@link ModuleZip}), a {@code .info} must name the version asked for, a {@code .mod} must be UTF-8 text. The
 * zip's {@code h1:} hash (the one go.sum records) is computed at verification, logged, stored by the zip's sha256
 * ({@link ClientHashes}: the REST API shows it with the artifact) and served at {@code .ziphash}.
 * <p>
 * The checksum databases themselves are proxied by {@link GoSumDbProxy} under {@code sumdb/<name>/}, so go can check
 * what it downloads against them through Granary.
 */
@ApplicationScoped
public class GoAdapter implements FormatEndpoints {

    private static final Logger LOG = Logger.getLogger(GoAdapter.class.getName());
    private static final long MAX_INFO = 1L << 20;
    private static final long MAX_LIST = 16L << 20;

    @Inject
    RepositoryReads reads;
    @Inject
    Identity who;
    @Inject
    Spool spool;
    @Inject
    GoSumDbProxy sumDbs;
    @Inject
    ClientHashes clientHashes;

    @Override
    public Format format() {
        return Format.GO;
    }


    /** The stored artifact a GET of {@code pathInRepo} reads, for the edge's fast path of hits. */
    @Override
    public Optional<ArtifactPath> artifactPath(String pathInRepo) {
        return FormatEndpoints.parsedArtifactPath(() -> GoPath.parse(pathInRepo) instanceof GoPath.VersionFile f
                ? new ArtifactPath(f.path(), release(f)) : null);
    }
    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new GoResource(repo, this, sumDbs);
    }

    /** The go command shows a plain-text error body after "server response:" and ignores any other kind. */
    @Override
    public String errorMediaType() {
        return "text/plain; charset=utf-8";
    }

    /** One line, {@code error: <message>}. */
    @Override
    public String errorBody(String message) {
        return "error: " + message.replace('\n', ' ') + "\n";
    }

    // ------------------------------------------------------------------ mutable metadata

    /**
     * {@code @v/list}, without the versions the supply-chain guards hide, nor those a hidden latest version retracts
     * (go reads retractions from the latest version's {@code go.mod}; that version's {@code .mod} stays readable).
     */
    public CachedMetadata list(RepositoryInfo repo, GoPath.VersionList list) {
        RepositoryReads.GuardedDocument guarded = reads.guardedFirst(repo, who, member -> listRequest(list.module()));
        if (guarded.gate().hidesNothing()) {
            return guarded.document();
        }
        Predicate<String> visible = visible(repo, list.module(), guarded.gate());
        return guarded.filtered((bytes, gate) -> CooldownFilter.filterList(bytes, visible));
    }

    /**
     * {@code @latest}: when the guards hide its version, the version go would pick among the visible ones (404 when
     * none is).
     */
    public CachedMetadata latest(RepositoryInfo repo, GoPath.Latest latest) {
        RepositoryReads.GuardedDocument guarded = reads.guardedFirst(repo, who, member -> latestRequest(latest.module()));
        if (guarded.gate().hidesNothing()) {
            return guarded.document();
        }
        String version = latestVersion(guarded.document());
        if (version != null && !guarded.gate().allows(version) && guarded.gate().listed().size() <= 1) {
            // only @latest was seen so far: learn the other versions from the list, then judge again
            reads.first(repo, who, member -> listRequest(latest.module()));
            guarded = reads.guardedFirst(repo, who, member -> latestRequest(latest.module()));
        }
        VersionGate gate = guarded.gate();
        byte[] chosen;
        try {
            chosen = CooldownFilter.filterLatest(guarded.document().bytes(), gate.listed(),
                    visible(repo, latest.module(), gate), gate::releasedAt)
                    .orElseThrow(() -> new NotFoundException("no version of " + latest.module().path()
                            + " may be used yet: the supply-chain policy of repository '" + repo.name()
                            + "' holds or blocks every one"));
        } catch (IOException e) {
            throw new UpstreamFailureException("the cached @latest of " + latest.module().path() + " is unreadable: "
                    + e.getMessage(), e);
        }
        return guarded.filtered((bytes, g) -> chosen);
    }

    private MetadataRequest listRequest(ModulePath module) {
        return new MetadataRequest(new GoPath.VersionList(module).path(), module.escaped() + "/@v/list", Map.of(),
                GoAdapter::checkVersionList)
                .withListing(new ReleaseListing(module.path(), CooldownFilter::listTimes, (member, v) -> infoTime(member, module, v)));
    }

    private MetadataRequest latestRequest(ModulePath module) {
        return new MetadataRequest(new GoPath.Latest(module).path(), module.escaped() + "/@latest", Map.of(),
                in -> readInfo(in.readNBytes((int) MAX_INFO + 1), null))
                .withListing(new ReleaseListing(module.path(), CooldownFilter::infoTimes));
    }

    /** What the gate lets through, less what the latest version retracts when the gate hides that version. */
    private Predicate<String> visible(RepositoryInfo repo, ModulePath module, VersionGate gate) {
        Optional<String> newest = CooldownFilter.latest(gate.listed().stream().filter(GoAdapter::isRelease).toList());
        if (newest.isEmpty() || gate.allows(newest.get())) {
            return gate::allows;
        }
        List<CooldownFilter.Retraction> retracted;
        try {
            byte[] goMod = readAll(file(repo, new GoPath.VersionFile(module, ModuleVersion.of(newest.get()), GoPath.Kind.MOD)));
            retracted = CooldownFilter.retractions(new String(goMod, StandardCharsets.UTF_8));
        } catch (GranaryException e) {
            LOG.fine(() -> "Cannot read the go.mod of " + module.path() + "@" + newest.get() + ": " + e.getMessage());
            retracted = List.of();
        }
        List<CooldownFilter.Retraction> r = retracted;
        return v -> gate.allows(v) && r.stream().noneMatch(x -> x.covers(v));
    }

    /** A release's {@code Time}, from its {@code .info} (fetched through the member's cache). */
    private Optional<Instant> infoTime(RepositoryInfo member, ModulePath module, String version) {
        ModuleVersion v;
        try {
            v = ModuleVersion.of(version);
        } catch (GranaryException e) {
            return Optional.empty();
        }
        if (!v.isCanonical()) {
            return Optional.empty();
        }
        try (InputStream in = file(member, new GoPath.VersionFile(module, v, GoPath.Kind.INFO)).open(0)) {
            return CooldownFilter.time(in.readNBytes((int) MAX_INFO + 1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isRelease(String version) {
        try {
            return ModuleVersion.of(version).isCanonical();
        } catch (GranaryException e) {
            return false;
        }
    }

    private static String latestVersion(CachedMetadata latest) {
        try {
            return CooldownFilter.infoTimes(latest.bytes()).keySet().stream().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    public CachedMetadata query(RepositoryInfo repo, GoPath.Query query) {
        String upstream = query.module().escaped() + "/@v/" + GoPath.urlSegment(query.version().escaped()) + ".info";
        return metadata(repo, query.path(), upstream, in -> readInfo(in.readNBytes((int) MAX_INFO + 1), null));
    }

    private CachedMetadata metadata(RepositoryInfo repo, String path, String upstreamPath,
                                    MetadataRequest.ContentCheck check) {
        return reads.first(repo, who, member -> new MetadataRequest(path, upstreamPath, Map.of(), check));
    }

    // ------------------------------------------------------------------ immutable release files

    /**
     * A release's {@code .info}, {@code .mod} or {@code .zip}, from the first member that has it; a zip only when the
     * supply-chain guards let the release through ({@code .info} and {@code .mod} are metadata go reads to decide).
     */
    public ArtifactResult file(RepositoryInfo repo, GoPath.VersionFile file) {
        ReleaseKey release = release(file);
        if (release == null) {
            return reads.artifact(repo, who, file.path(), fileSource(who, file));
        }
        return reads.artifact(repo, who, file.path(), fileSource(who, file), release);
    }

    /**
     * What the supply-chain guards judge a download of {@code file} as ({@code @v/list} with the versions' times): a
     * zip is its release; null for the rest ({@code .info} and {@code .mod} stay readable, so go can read retractions).
     */
    ReleaseKey release(GoPath.VersionFile file) {
        return file.kind() != GoPath.Kind.ZIP ? null
                : new ReleaseKey(file.module().path(), file.version().version(), member -> listRequest(file.module()));
    }

    /** Where a release file of a proxy member comes from, read as {@code as} (prefetch reads as Granary itself). */
    java.util.function.Function<RepositoryInfo, ArtifactSource> fileSource(Identity as, GoPath.VersionFile file) {
        return member -> source(member, file, check(member, as, file));
    }

    /** The versions a member's {@code @v/list} names. */
    java.util.List<String> versions(RepositoryInfo repo, Identity as, ModulePath module) {
        byte[] bytes = reads.first(repo, as, member -> listRequest(module)).bytes();
        return java.util.Arrays.stream(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n"))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** What a release file must be before it is cached (a zip needs the member's .mod of the same version). */
    private ArtifactCheck check(RepositoryInfo member, Identity as, GoPath.VersionFile file) {
        return switch (file.kind()) {
            case INFO -> spool -> readInfo(readAtMost(spool, MAX_INFO, ".info"), file.version().version());
            case MOD -> spool -> checkGoMod(readAtMost(spool, ModuleZip.MAX_GO_MOD, ".mod"));
            case ZIP -> zipCheck(member, as, file);
        };
    }

    /**
     * The zip check needs the {@code .mod} of the same version; on a miss it is read (through the cache) here,
     * on the request thread, rather than inside the check, which runs on the download executor.
     */
    private ArtifactCheck zipCheck(RepositoryInfo member, Identity as, GoPath.VersionFile zip) {
        GoPath.VersionFile modFile = new GoPath.VersionFile(zip.module(), zip.version(), GoPath.Kind.MOD);
        byte[] goMod;
        try {
            goMod = readAll(reads.artifact(member, as, modFile.path(), m -> source(m, modFile, check(m, as, modFile))));
        } catch (GranaryException e) {
            return spool -> {
                throw new IOException("its .mod file, needed to verify the zip, is unavailable: " + e.getMessage());
            };
        }
        return spool -> {
            String h1 = ModuleZip.verify(spool, zip.module(), zip.version(), goMod);
            LOG.info(() -> "Verified module zip " + zip.display() + " from the upstream of " + member.name() + ": " + h1);
            clientHashes.record(sha256(spool), h1);
        };
    }

    private static ArtifactSource source(RepositoryInfo member, GoPath.VersionFile file, ArtifactCheck check) {
        // No ExpectedDigest: the GOPROXY protocol declares none (see the class comment).
        String upstream = file.module().escaped() + "/@v/" + GoPath.urlSegment(file.version().escaped())
                + file.kind().suffix;
        return new ArtifactSource(member.upstreamUrl(upstream), Optional.empty(),
                new ArtifactSource.Coordinates(file.module().path(), "golang", file.module().path(),
                        file.version().version(), null),
                file.kind().contentType(), check);
    }

    /** The {@code h1:} hash of a release's zip (fetching and verifying the zip if it is not cached yet). */
    public String zipHash(RepositoryInfo repo, GoPath.ZipHash request) {
        ArtifactResult result = file(repo, request.zip());
        String key = result instanceof ArtifactResult.Stored stored ? stored.artifact().sha256() : null;
        Optional<String> known = key == null ? Optional.empty() : clientHashes.find(key);
        if (known.isPresent()) {
            return known.get();
        }
        String h1 = hashOf(result, spool, request.zip().display());
        if (key != null) {
            clientHashes.record(key, h1);
        }
        return h1;
    }

    private static String sha256(Path file) throws IOException {
        try (org.granary.storage.HashingInputStream in = new org.granary.storage.HashingInputStream(Files.newInputStream(file))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return in.digests().sha256();
        }
    }

    /**
     * The {@code h1:} hash of a cached zip: {@link ModuleZip} reads a zip file, and the blob may not be a local file
     * (S3), so it is copied into the spool first, which keeps the disk's free-space reserve (507 below it) and
     * removes the copy afterwards.
     */
    static String hashOf(ArtifactResult zip, Spool spool, String what) {
        long size = zip instanceof ArtifactResult.Stored stored ? stored.artifact().size()
                : ((ArtifactResult.Streaming) zip).length();
        String copying = "hashing " + what;
        Path copy = spool.newFile("go-zip-", Math.max(0, size), copying);
        try {
            try (InputStream in = zip.open(0); OutputStream out = spool.writeTo(copy, copying)) {
                in.transferTo(out);
            }
            return ModuleZip.hash(copy);
        } catch (IOException e) {
            throw new UpstreamFailureException("cannot hash the cached module zip " + what + ": " + e.getMessage(), e);
        } finally {
            spool.release(copy);
        }
    }

    // ------------------------------------------------------------------ content checks (pure)

    /** {@code @v/list}: UTF-8 text, one version a line (go itself ignores lines it cannot parse). */
    static void checkVersionList(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_LIST + 1);
        if (bytes.length > MAX_LIST) {
            throw new IOException("the upstream version list is larger than " + MAX_LIST + " bytes");
        }
        String text = utf8(bytes, "version list");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                throw new IOException("the upstream version list contains control characters");
            }
        }
    }

    /**
     * An {@code .info} document: a JSON object with a string {@code Version} (equal to {@code expected}
     * when given) and, if present, an RFC 3339 {@code Time}.
     */
    static void readInfo(byte[] bytes, String expected) throws IOException {
        if (bytes.length > MAX_INFO) {
            throw new IOException("the .info document is larger than " + MAX_INFO + " bytes");
        }
        JsonObject info;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject o)) {
                throw new IOException("the .info document is not a JSON object");
            }
            info = o;
        } catch (JsonException e) {
            throw new IOException("the .info document is not valid JSON: " + e.getMessage(), e);
        }
        if (!(info.get("Version") instanceof JsonString version) || version.getString().isEmpty()) {
            throw new IOException("the .info document has no Version");
        }
        if (expected != null && !expected.equals(version.getString())) {
            throw new IOException("the .info document is for version " + ModulePath.printable(version.getString())
                    + ", not " + expected);
        }
        if (info.containsKey("Time")) {
            try {
                OffsetDateTime.parse(((JsonString) info.get("Time")).getString());
            } catch (ClassCastException | DateTimeParseException e) {
                throw new IOException("the .info document's Time is not an RFC 3339 time");
            }
        }
    }

    /** A {@code .mod} file: UTF-8 text (its syntax is go's business). */
    static void checkGoMod(byte[] bytes) throws IOException {
        utf8(bytes, ".mod file");
        for (byte b : bytes) {
            if (b == 0) {
                throw new IOException("the .mod file contains a NUL byte");
            }
        }
    }

    private static String utf8(byte[] bytes, String what) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("the " + what + " is not UTF-8 text");
        }
    }

    private static byte[] readAtMost(Path file, long max, String what) throws IOException {
        long size = Files.size(file);
        if (size > max) {
            throw new IOException("the " + what + " file is " + size + " bytes, more than the " + max + " allowed");
        }
        return Files.readAllBytes(file);
    }

    private static byte[] readAll(ArtifactResult result) {
        try (InputStream in = result.open(0)) {
            return in.readNBytes((int) ModuleZip.MAX_GO_MOD + 1);
        } catch (IOException e) {
            throw new UpstreamFailureException("cannot read a cached .mod file: " + e.getMessage(), e);
        }
    }

    /** Reads cached metadata as UTF-8 text, for serving it as it is. */
    static String text(CachedMetadata metadata) throws IOException {
        try (InputStream in = metadata.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
