package org.granary.format.winget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.granary.config.GranaryConfig;
import org.granary.core.ArtifactCheck;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.CachedMetadata;
import org.granary.core.ExpectedDigest;
import org.granary.core.Format;
import org.granary.core.GranaryException;
import org.granary.core.Identity;
import org.granary.core.IntegrityException;
import org.granary.core.MetadataRequest;
import org.granary.core.NotFoundException;
import org.granary.core.ReleaseKey;
import org.granary.core.ReleaseListing;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.core.UpstreamFailureException;
import org.granary.core.VersionGate;
import org.granary.format.winget.PackageSummary.VersionSummary;
import org.granary.storage.Digests;
import org.granary.web.FormatEndpoints;

/**
 * WinGet on the shared read path. A package's manifests are mutable metadata ({@code packageManifests/{id}}: a hosted
 * repository's document, a proxy's cached copy of its upstream's answer, a group's members' copies merged by
 * {@link WingetDocuments#merge}). An installer is an artifact: a hosted repository's file, or for a proxy the
 * upstream {@code InstallerUrl} of the cached manifest with its {@code InstallerSha256} as the expected digest.
 * <p>
 * {@code POST manifestSearch}: a hosted repository answers from its database index ({@link WingetIndex}); a proxy
 * passes the search to its upstream as a POST through the metadata cache (the one core extension WinGet needed:
 * {@link MetadataRequest#postBody()}), cached under the hash of the body, the contract and the upstream page token,
 * so a repeated search (winget upgrade asks the same on every run) is served within the max age, revalidated after,
 * and served stale when the upstream fails. An index of the proxy's cached manifests alone was the alternative; it
 * would find only packages someone had already installed, which is not what {@code winget search} means. A group
 * merges its members' results in identifier order, hosted first. Errors are WinGet's
 * {@code [{ErrorCode, ErrorMessage}]}.
 */
@ApplicationScoped
public class WingetAdapter implements FormatEndpoints {

    /** Packages per search page; winget follows ContinuationToken. */
    static final int PAGE_SIZE = 100;
    /**
     * Packages of one search whose manifests may be read to learn their versions' release times, where a policy applies
     * (the rest are judged by the times stored; the next search learns more).
     */
    static final int MAX_LEARNT_PER_SEARCH = 32;
    /** Upstream search pages a proxy follows for one search (a group merges whole results). */
    static final int MAX_UPSTREAM_PAGES = 20;
    static final String UPSTREAM_INFORMATION = "upstream/information";
    static final String SEARCH_PREFIX = "manifestSearch/";
    static final String JSON = "application/json";

    @Inject
    RepositoryReads reads;
    /** The caller of the current request (the resource passes it on; jobs pass {@code Identity.SYSTEM}). */
    @Inject
    Identity who;
    @Inject
    GranaryConfig config;
    @Inject
    WingetPublishing publishing;
    @Inject
    WingetIndex index;
    @Inject
    WingetMirror mirror;

    @Override
    public Format format() {
        return Format.WINGET;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new WingetResource(repo, this, publishing, mirror, config);
    }

    /** WinGet's error body: {@code [{"ErrorCode": status, "ErrorMessage": ...}]}, one entry per line of the message. */
    @Override
    public String errorBody(int status, String message) {
        JsonArrayBuilder errors = Json.createArrayBuilder();
        for (String line : message.split("\n")) {
            if (!line.isBlank()) {
                errors.add(Json.createObjectBuilder().add("ErrorCode", status).add("ErrorMessage", line));
            }
        }
        return errors.build().toString();
    }

    @Override
    public String errorBody(String message) {
        return errorBody(500, message);
    }

    /** Everything but reads and {@code POST manifestSearch} writes (management API, import, uploads, mirror). */
    @Override
    public boolean isPublishRequest(String method, String pathInRepo) {
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return false;
        }
        String p = pathInRepo.startsWith("/") ? pathInRepo.substring(1) : pathInRepo;
        return !p.equals("manifestSearch") && !p.equals("manifestSearch/");
    }

    // ------------------------------------------------------------------ information

    /** What {@code GET information} says about {@code repo}. */
    public SourceInformation information(RepositoryInfo repo) {
        return SourceInformation.of("Granary." + repo.name());
    }

    // ------------------------------------------------------------------ packageManifests

    /**
     * A package's manifests in {@code repo} (a group's members' copies merged), with the gate of the supply-chain
     * guards; {@link #copy} reads what a client may see of them.
     */
    public RepositoryReads.GuardedDocument manifests(RepositoryInfo repo, Identity who, String packageIdentifier) {
        return reads.guarded(repo, who, member -> manifestRequest(member, who, packageIdentifier), WingetAdapter::merge);
    }

    /** The versions of {@code doc} a client may see (those the guards hide left out; perhaps none). */
    static WingetDocuments.Copy copy(RepositoryReads.GuardedDocument doc) {
        CachedMetadata m = doc.document();
        JsonObject data;
        try {
            data = WingetDocuments.data(m.bytes());
        } catch (IOException e) {
            throw new UpstreamFailureException("the manifests kept by repository '" + m.source().name()
                    + "' are unreadable: " + e.getMessage(), e);
        }
        return new WingetDocuments.Copy(doc.gate().hidesNothing() ? data : CooldownFilter.filter(data,
                doc.gate()::allows), m.source().isProxy());
    }

    private static byte[] merge(List<CachedMetadata> hostedFirst) throws IOException {
        List<WingetDocuments.Copy> copies = new ArrayList<>();
        for (CachedMetadata m : hostedFirst) {
            copies.add(new WingetDocuments.Copy(WingetDocuments.data(m.bytes()), m.source().isProxy()));
        }
        return WingetDocuments.document(WingetDocuments.merge(copies));
    }

    private MetadataRequest manifestRequest(RepositoryInfo member, Identity who, String packageIdentifier) {
        unconfigured(member);
        return manifestRequest(packageIdentifier, member.isProxy() ? upstreamHeaders(member, who) : Map.of());
    }

    /**
     * A package's manifests as one member keeps them, its versions' release times read for the supply-chain guards
     * ({@link CooldownFilter#releaseTimes}; the package named as its identifier is spelt).
     */
    static MetadataRequest manifestRequest(String packageIdentifier, Map<String, String> headers) {
        return new MetadataRequest(WingetDocuments.path(packageIdentifier),
                "packageManifests/" + InstallerFiles.encode(packageIdentifier), headers, content -> {
                    JsonObject data = WingetDocuments.data(content.readAllBytes());
                    if (!WingetDocuments.packageIdentifier(data).equalsIgnoreCase(packageIdentifier)) {
                        throw new IOException("the upstream answered packageManifests/" + packageIdentifier
                                + " with the manifests of " + WingetDocuments.packageIdentifier(data));
                    }
                }).withListing(new ReleaseListing(packageIdentifier, CooldownFilter::releaseTimes));
    }

    // ------------------------------------------------------------------ installers

    /**
     * An installer, from the first member of {@code repo} that has it (a proxy fetches and verifies it), if the
     * supply-chain guards let its version through (refused before anything is served or fetched otherwise).
     */
    public ArtifactResult installer(RepositoryInfo repo, Identity who, WingetPath.InstallerFile file) {
        try {
            return reads.artifact(repo, who, file.artifactPath(), member -> installerSource(member, who, file),
                    new ReleaseKey(file.packageIdentifier(), file.packageVersion(),
                            member -> manifestRequest(member, who, file.packageIdentifier())));
        } catch (IntegrityException e) {
            throw new IntegrityException(e.getMessage() + " (installer " + file.fileName() + " of "
                    + file.packageIdentifier() + " " + file.packageVersion() + ")");
        }
    }

    /** Where a proxy member fetches {@code file} from (the upstream {@code InstallerUrl} with its SHA-256). */
    Function<RepositoryInfo, ArtifactSource> installerSource(Identity who, WingetPath.InstallerFile file) {
        return member -> installerSource(member, who, file);
    }

    /**
     * The installer file an installer of a served manifest names in its repository (a proxy's copy points every
     * installer with a SHA-256 at one), or empty for one that stays at a URL of its own.
     */
    static Optional<WingetPath.InstallerFile> repositoryFile(JsonObject installer) {
        String url = ManifestJson.string(installer, "InstallerUrl");
        String sha = ManifestJson.string(installer, "InstallerSha256");
        if (!InstallerFiles.isRepositoryPath(url) || sha == null || !WingetPath.SHA256.matcher(sha).matches()) {
            return Optional.empty();
        }
        return WingetPath.parse(url) instanceof WingetPath.InstallerFile file ? Optional.of(file) : Optional.empty();
    }

    private ArtifactSource installerSource(RepositoryInfo member, Identity who, WingetPath.InstallerFile file) {
        if (file.sha256() == null) {
            throw new NotFoundException("installer " + file.fileName() + " was not uploaded to repository '"
                    + member.name() + "'");
        }
        CachedMetadata doc = reads.first(member, who, m -> manifestRequest(m, who, file.packageIdentifier()));
        JsonObject data;
        try {
            data = WingetDocuments.data(doc.bytes());
        } catch (IOException e) {
            throw new UpstreamFailureException("the cached manifests of " + file.packageIdentifier() + " in repository '"
                    + member.name() + "' are unreadable: " + e.getMessage(), e);
        }
        for (JsonObject v : WingetDocuments.versions(data)) {
            if (!file.packageVersion().equals(ManifestJson.string(v, "PackageVersion"))) {
                continue;
            }
            for (JsonValue i : ManifestJson.array(v, "Installers")) {
                JsonObject o = i.asJsonObject();
                String sha = ManifestJson.string(o, "InstallerSha256");
                String url = ManifestJson.string(o, "InstallerUrl");
                if (sha != null && sha.equalsIgnoreCase(file.sha256()) && url != null) {
                    URI uri;
                    try {
                        uri = URI.create(url);
                    } catch (IllegalArgumentException e) {
                        throw new UpstreamFailureException("the upstream manifest of " + file.packageIdentifier() + " "
                                + file.packageVersion() + " has an unusable InstallerUrl: " + e.getMessage());
                    }
                    // Verified before any byte reaches the client: winget would only report a broken download.
                    ArtifactCheck verifyFirst = downloaded -> { };
                    return new ArtifactSource(uri, Optional.of(new ExpectedDigest(ExpectedDigest.Algorithm.SHA256,
                            file.sha256())), new ArtifactSource.Coordinates(file.packageIdentifier(), "winget",
                            file.packageIdentifier(), file.packageVersion(), CooldownFilter.releasedAt(v)),
                            WingetPublishing.INSTALLER_TYPE,
                            verifyFirst);
                }
            }
        }
        throw new NotFoundException("no installer of " + file.packageIdentifier() + " " + file.packageVersion()
                + " in repository '" + member.name() + "' has SHA-256 " + file.sha256());
    }

    // ------------------------------------------------------------------ search

    /**
     * The identifiers of {@code repo}'s packages that start with {@code prefix} (every package for an empty one) and
     * that {@code keep} accepts, following the search pages until there are at least {@code max}.
     */
    List<String> identifiers(RepositoryInfo repo, Identity who, String prefix, Predicate<String> keep, int max) {
        String body = prefix.isEmpty() ? "{\"FetchAllManifests\":true}"
                : Json.createObjectBuilder().add("Filters", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("PackageMatchField", "PackageIdentifier").add("RequestMatch", Json.createObjectBuilder()
                                .add("KeyWord", prefix).add("MatchType", "StartsWith")))).build().toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SearchRequest request = SearchRequest.parse(Json.createReader(new ByteArrayInputStream(bytes)).readValue());
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            SearchPage page = search(repo, who, request, bytes, token);
            page.packages().stream().map(PackageSummary::packageIdentifier).filter(keep).forEach(ids::add);
            token = page.continuationToken();
        } while (token != null && ids.size() < max);
        return ids;
    }

    /**
     * One page of {@code repo}'s packages matching {@code request}: a hosted repository's from its index; otherwise
     * every member's matches merged in identifier order (hosted first), each package with the versions of every
     * member (the first member's winning a version several have), cut to the page the token asks for.
     *
     * @param body the client's request body, passed to proxies' upstreams as it is
     */
    public SearchPage search(RepositoryInfo repo, Identity who, SearchRequest request, byte[] body,
                             String continuationToken) {
        List<RepositoryInfo> members = reads.readableMembers(repo, who);
        boolean guarded = reads.guarded(repo, who);
        if (members.size() == 1 && members.get(0).isHosted() && !guarded) {
            return index.search(members.get(0), request, continuationToken, PAGE_SIZE);
        }
        SearchPage.Window window = SearchPage.Window.of(request, ContinuationToken.decode(continuationToken), PAGE_SIZE);
        Map<String, PackageSummary> merged = new TreeMap<>(ManifestSearch.IDENTIFIER_ORDER);
        boolean more = false;
        boolean answered = false;
        GranaryException failure = null;
        for (RepositoryInfo member : members) {
            if (member.isProxy() && member.upstream().isEmpty()) {
                continue;
            }
            List<PackageSummary> found;
            try {
                if (member.isHosted()) {
                    SearchPage page = index.search(member, request, continuationToken, PAGE_SIZE);
                    more |= page.continuationToken() != null;
                    found = page.packages();
                } else {
                    found = upstreamSearch(member, who, body);
                }
                answered = true;
            } catch (UpstreamFailureException e) {
                if (e instanceof IntegrityException) {
                    throw e;
                }
                failure = failure == null ? e : failure;
                continue;
            }
            for (PackageSummary p : found) {
                if (window.after() != null && ManifestSearch.IDENTIFIER_ORDER.compare(p.packageIdentifier(),
                        window.after()) <= 0) {
                    continue;
                }
                merged.merge(p.packageIdentifier(), p, WingetAdapter::mergeSummaries);
            }
        }
        if (!answered && failure != null) {
            throw failure;
        }
        List<PackageSummary> page = new ArrayList<>();
        int[] learning = {MAX_LEARNT_PER_SEARCH};
        for (PackageSummary p : merged.values()) {
            if (page.size() == window.take()) {
                more = true;
                break;
            }
            if (!guarded) {
                page.add(p);
                continue;
            }
            List<String> versions = p.versions().stream().map(VersionSummary::packageVersion).toList();
            VersionGate gate = reads.gate(repo, who, member -> manifestRequest(member, who, p.packageIdentifier()),
                    versions, () -> learning[0]-- > 0);
            CooldownFilter.filter(p, gate::allows).ifPresent(page::add);
        }
        String last = page.isEmpty() ? null : page.get(page.size() - 1).packageIdentifier();
        return new SearchPage(page, window.next(last, page.size(), more));
    }

    private static PackageSummary mergeSummaries(PackageSummary first, PackageSummary later) {
        Map<String, VersionSummary> versions = new LinkedHashMap<>();
        first.versions().forEach(v -> versions.put(v.packageVersion() + "\u0000" + v.channel(), v));
        later.versions().forEach(v -> versions.putIfAbsent(v.packageVersion() + "\u0000" + v.channel(), v));
        return new PackageSummary(first.packageIdentifier(), first.packageName(), first.publisher(),
                new ArrayList<>(versions.values()));
    }

    /** Every package an upstream finds for {@code body}, following its pages (at most {@value #MAX_UPSTREAM_PAGES}). */
    List<PackageSummary> upstreamSearch(RepositoryInfo proxy, Identity who, byte[] body) {
        List<PackageSummary> all = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_UPSTREAM_PAGES; page++) {
            Map<String, String> headers = new LinkedHashMap<>(upstreamHeaders(proxy, who));
            if (token != null) {
                headers.put("ContinuationToken", token);
            }
            String key = Digests.sha256Hex((headers + "\n" + new String(body, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
            CachedMetadata answer;
            try {
                answer = reads.first(proxy, who, m -> MetadataRequest.post(SEARCH_PREFIX + key, "manifestSearch",
                        headers, WingetAdapter::checkSearchResult, body));
            } catch (NotFoundException noMatch) {
                break; // 204: nothing (more) matches
            }
            JsonObject result = readObject(answer.bytes(), "the upstream search result of repository '" + proxy.name() + "'");
            all.addAll(summaries(result));
            token = result.get("ContinuationToken") instanceof JsonString t && !t.getString().isBlank() ? t.getString() : null;
            if (token == null) {
                break;
            }
        }
        return all;
    }

    private static void checkSearchResult(java.io.InputStream content) throws IOException {
        JsonObject o = parseObject(content.readAllBytes());
        if (o.containsKey("Data") && !(o.get("Data") instanceof JsonArray)) {
            throw new IOException("the upstream's manifestSearch answer has no Data array");
        }
    }

    /** The packages of an upstream's {@code manifestSearch} answer. */
    static List<PackageSummary> summaries(JsonObject result) {
        List<PackageSummary> out = new ArrayList<>();
        for (JsonValue d : ManifestJson.array(result, "Data")) {
            if (!(d instanceof JsonObject p) || ManifestJson.string(p, "PackageIdentifier") == null) {
                continue;
            }
            List<VersionSummary> versions = new ArrayList<>();
            for (JsonValue v : ManifestJson.array(p, "Versions")) {
                if (v instanceof JsonObject vo && ManifestJson.string(vo, "PackageVersion") != null) {
                    versions.add(new VersionSummary(vo.getString("PackageVersion"), ManifestJson.string(vo, "Channel"),
                            ManifestJson.strings(vo, "PackageFamilyNames"), ManifestJson.strings(vo, "ProductCodes"),
                            ManifestJson.strings(vo, "UpgradeCodes"), ManifestJson.strings(vo, "AppsAndFeaturesEntryVersions")));
                }
            }
            if (!versions.isEmpty()) {
                out.add(new PackageSummary(p.getString("PackageIdentifier"), ManifestJson.string(p, "PackageName"),
                        ManifestJson.string(p, "Publisher"), versions));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the upstream's contract

    /**
     * A proxy without an upstream (the default {@code winget-proxy} until {@code GRANARY_UPSTREAM_WINGET} is set) has
     * nothing: the group then answers from its other members instead of failing.
     */
    private static void unconfigured(RepositoryInfo member) {
        if (member.isProxy() && member.upstream().isEmpty()) {
            throw new NotFoundException("repository '" + member.name() + "' has no upstream configured");
        }
    }

    /** The headers every request to a proxy's upstream carries: the contract both speak. */
    private Map<String, String> upstreamHeaders(RepositoryInfo proxy, Identity who) {
        return Map.of("Version", upstreamContract(proxy, who).toString());
    }

    /** The contract Granary speaks with a proxy's upstream, negotiated from its (cached) {@code information}. */
    ContractVersion upstreamContract(RepositoryInfo proxy, Identity who) {
        CachedMetadata info = reads.first(proxy, who, m -> new MetadataRequest(UPSTREAM_INFORMATION, "information",
                Map.of(), content -> supportedVersions(parseObject(content.readAllBytes()))));
        List<String> supported;
        try {
            supported = supportedVersions(parseObject(info.bytes()));
        } catch (IOException e) {
            throw new UpstreamFailureException("the upstream information of repository '" + proxy.name() + "' is "
                    + "unusable: " + e.getMessage(), e);
        }
        return ContractVersion.negotiate(supported, ContractVersion.SERVED).orElseThrow(() ->
                new UpstreamFailureException("the upstream of repository '" + proxy.name() + "' supports the contracts "
                        + supported + ", none of which Granary speaks (" + ContractVersion.servedList() + ")"));
    }

    private static List<String> supportedVersions(JsonObject information) throws IOException {
        JsonObject data = information.get("Data") instanceof JsonObject d ? d : information;
        if (!(data.get("ServerSupportedVersions") instanceof JsonArray a)) {
            throw new IOException("the upstream's information has no ServerSupportedVersions");
        }
        List<String> out = new ArrayList<>();
        a.forEach(v -> {
            if (v instanceof JsonString s) {
                out.add(s.getString());
            }
        });
        return out;
    }

    private static JsonObject readObject(byte[] bytes, String what) {
        try {
            return parseObject(bytes);
        } catch (IOException e) {
            throw new UpstreamFailureException(what + " is unusable: " + e.getMessage(), e);
        }
    }

    private static JsonObject parseObject(byte[] bytes) throws IOException {
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(bytes))) {
            return r.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IOException("not a JSON object: " + e.getMessage(), e);
        }
    }
}
