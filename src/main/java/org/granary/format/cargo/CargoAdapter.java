package org.granary.format.cargo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.CachedMetadata;
import org.granary.core.ExpectedDigest;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.MetadataRequest;
import org.granary.core.NotFoundException;
import org.granary.core.PackageSearch;
import org.granary.core.ParsedDocuments;
import org.granary.core.ReleaseKey;
import org.granary.core.ReleaseListing;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.core.UpstreamFailureException;
import org.granary.web.FormatEndpoints;

/**
 * Cargo on the shared read path: index files are mutable metadata ({@code <upstream>/<index path>}); a crate's
 * upstream URL comes from the member upstream's own {@code config.json} ({@code dl}, also cached as metadata) and
 * its expected SHA-256 from the {@code cksum} of its index line. A group's index file is its members' lines merged
 * ({@link CrateIndex#merge}); errors are answered in Cargo's {@code {"errors":[{"detail":...}]}} form.
 */
@ApplicationScoped
public class CargoAdapter implements FormatEndpoints {

    static final String CONFIG_PATH = "config.json";
    static final String CRATE_TYPE = "application/gzip";
    /** Where index files are kept inside a repository: {@code index/se/rd/serde}. */
    static final String INDEX_DOCUMENT_PREFIX = "index/";
    /** The headers Cargo itself sends with sparse-index requests, for upstreams that look at them. */
    private static final Map<String, String> INDEX_HEADERS = Map.of("Accept", "text/plain", "cargo-protocol", "version=1");

    @Inject
    RepositoryReads reads;
    @Inject
    Identity who;
    @Inject
    GranaryConfig config;
    @Inject
    CargoPublishing publishing;
    @Inject
    PackageSearch packages;

    /** Search summaries of index files and crate infos, by the document's hash. */
    private static final ParsedDocuments<Optional<CargoSearch.Summary>> SUMMARIES = new ParsedDocuments<>(8L << 20,
            s -> s.map(CargoSearch.Summary::weight).orElse(64L));
    private static final ParsedDocuments<CrateInfo> INFOS = new ParsedDocuments<>(4L << 20,
            i -> 128L + 2L * (i.description() == null ? 0 : i.description().length()));

    /** What cargo search reads of a repository's index files. */
    private static final PackageSearch.Catalog<CargoSearch.Summary> INDEX_FILES = new PackageSearch.Catalog<>() {
        @Override
        public String pathPrefix() {
            return INDEX_DOCUMENT_PREFIX;
        }

        @Override
        public Optional<CargoSearch.Summary> summary(String path, String sha256, java.util.function.Supplier<byte[]> bytes) {
            return SUMMARIES.get(sha256, () -> CargoSearch.summary(bytes.get()));
        }

        @Override
        public String packageName(CargoSearch.Summary summary) {
            return summary.lowerName();
        }

        @Override
        public MetadataRequest listing(String packageName) {
            return indexRequest(packageName);
        }
    };

    /** What cargo search reads of hosted repositories' crate infos (descriptions). */
    private static final PackageSearch.Catalog<Map.Entry<String, CrateInfo>> CRATE_INFOS = new PackageSearch.Catalog<>() {
        @Override
        public String pathPrefix() {
            return CrateInfo.PREFIX;
        }

        @Override
        public Optional<Map.Entry<String, CrateInfo>> summary(String path, String sha256,
                                                              java.util.function.Supplier<byte[]> bytes) {
            return Optional.of(Map.entry(CrateInfo.crate(path), INFOS.get(sha256, () -> CrateInfo.read(Optional.of(bytes.get())))));
        }

        @Override
        public String packageName(Map.Entry<String, CrateInfo> summary) {
            return summary.getKey();
        }

        @Override
        public MetadataRequest listing(String packageName) {
            return indexRequest(packageName);
        }
    };

    @Override
    public Format format() {
        return Format.CARGO;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new CargoResource(repo, this, publishing, config);
    }

    /** Cargo prints {@code detail} of {@code {"errors":[{"detail":"..."}]}} with the status. */
    @Override
    public String errorBody(String message) {
        return org.granary.json.Json.createObjectBuilder().add("errors", org.granary.json.Json.createArrayBuilder()
                .add(org.granary.json.Json.createObjectBuilder().add("detail", message))).build().toString();
    }

    /** Cargo's web API writes with PUT (publish, unyank) and DELETE (yank). */

    /** The stored artifact a GET of {@code pathInRepo} reads, for the edge's fast path of hits. */
    @Override
    public Optional<ArtifactPath> artifactPath(String pathInRepo) {
        return FormatEndpoints.parsedArtifactPath(() -> CargoPath.parse(pathInRepo) instanceof CargoPath.Download d
                ? new ArtifactPath(d.artifactPath(), release(d)) : null);
    }
    @Override
    public boolean isPublishRequest(String method, String pathInRepo) {
        return "PUT".equals(method) || "DELETE".equals(method);
    }

    /** A crate's index file: a repository's own, or for a group every member's lines merged. */
    public CachedMetadata indexFile(RepositoryInfo repo, CargoPath.IndexFile file) {
        return reads.visible(repo, who, member -> indexRequest(file.name()), CargoAdapter::merge, CooldownFilter::filter);
    }

    /**
     * {@code GET /api/v1/crates?q=} ({@code cargo search}): the crates of {@code repo}'s members (hosted and cached index
     * files) that match, each at the highest version a client could get, best first.
     */
    public jakarta.json.JsonObject search(RepositoryInfo repo, String q, String perPage, String page) {
        CargoSearch.Query query = CargoSearch.query(q);
        int size = CargoSearch.perPage(perPage);
        int number = CargoSearch.page(page);
        Map<String, String> descriptions = new java.util.HashMap<>();
        for (PackageSearch.Found<Map.Entry<String, CrateInfo>> f : packages.find(repo, who, CRATE_INFOS,
                e -> e.getValue().description() != null)) {
            descriptions.putIfAbsent(f.summary().getKey(), f.summary().getValue().description());
        }
        List<CargoSearch.Ranked> ranked = new java.util.ArrayList<>();
        for (PackageSearch.Found<CargoSearch.Summary> f : packages.find(repo, who, INDEX_FILES,
                s -> query.relevance(s.name(), descriptions.get(s.lowerName())) > 0)) {
            CargoSearch.Summary s = f.summary();
            String description = descriptions.get(s.lowerName());
            CargoSearch.maxVersion(s, f.gate()::allows).ifPresent(max -> ranked.add(new CargoSearch.Ranked(s.name(), max,
                    description, query.relevance(s.name(), description))));
        }
        return CargoSearch.page(ranked, number, size);
    }

    /** A {@code .crate}, from the first member of {@code repo} whose index lists the version, if the guards let it. */
    public ArtifactResult crate(RepositoryInfo repo, CargoPath.Download d) {
        return reads.artifact(repo, who, d.artifactPath(), crateSource(who, d), release(d));
    }

    /** What a crate is a release of, for the supply-chain guards (the index file lists the versions' times). */
    ReleaseKey release(CargoPath.Download d) {
        return new ReleaseKey(guardName(d.name()), d.version(), member -> indexRequest(d.name()));
    }

    /** Where a crate of a proxy member comes from, read as {@code as} (prefetch reads as Granary itself). */
    java.util.function.Function<RepositoryInfo, ArtifactSource> crateSource(Identity as, CargoPath.Download d) {
        return member -> source(member, as, d);
    }

    /** The versions a member's index file lists. */
    List<String> versions(RepositoryInfo repo, Identity as, String crate) {
        try {
            return CrateIndex.versions(new ByteArrayInputStream(reads.first(repo, as, m -> indexRequest(crate)).bytes()));
        } catch (IOException e) {
            throw new UpstreamFailureException("cached index file of " + crate + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static MetadataRequest indexRequest(String crate) {
        String path = CargoPath.indexPath(crate);
        return new MetadataRequest(INDEX_DOCUMENT_PREFIX + path, path, INDEX_HEADERS,
                content -> CrateIndex.check(content, crate))
                .withListing(new ReleaseListing(guardName(crate), CooldownFilter::releaseTimes));
    }

    /** Crate names are case-insensitive: the guards know a crate by its lower-case name. */
    private static String guardName(String crate) {
        return crate.toLowerCase(java.util.Locale.ROOT);
    }

    private static byte[] merge(List<CachedMetadata> hostedFirst) {
        return CrateIndex.merge(hostedFirst.stream().map(m -> new String(m.bytes(), StandardCharsets.UTF_8)).toList())
                .getBytes(StandardCharsets.UTF_8);
    }

    private ArtifactSource source(RepositoryInfo member, Identity as, CargoPath.Download d) {
        CrateIndex.Entry entry;
        try {
            entry = CrateIndex.find(new ByteArrayInputStream(reads.first(member, as, m -> indexRequest(d.name())).bytes()),
                    d.version()).orElseThrow(() -> new NotFoundException(d.name() + "@" + d.version()
                    + " is not in the index of repository '" + member.name() + "'"));
        } catch (IOException e) {
            throw new UpstreamFailureException("cached index file of " + d.name() + " is unreadable: " + e.getMessage(), e);
        }
        if (!CrateIndex.isSha256(entry.cksum())) {
            throw new UpstreamFailureException("the upstream index line of " + entry.name() + "@" + entry.version()
                    + " has no usable sha256 cksum");
        }
        URI configUrl = member.upstreamUrl(CONFIG_PATH);
        RegistryConfig upstreamConfig = upstreamConfig(member, as);
        URI url;
        try {
            url = DownloadTemplate.resolve(configUrl, upstreamConfig.dl(), entry.name(), entry.version(), entry.cksum());
        } catch (IllegalArgumentException e) {
            throw new UpstreamFailureException("the upstream config.json of repository '" + member.name()
                    + "' gives no usable download URL for " + entry.name() + "@" + entry.version() + ": " + e.getMessage());
        }
        return new ArtifactSource(url, Optional.of(new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, entry.cksum())),
                new ArtifactSource.Coordinates(entry.name(), "cargo", entry.name(), entry.version(), null), CRATE_TYPE);
    }

    private RegistryConfig upstreamConfig(RepositoryInfo member, Identity as) {
        CachedMetadata meta;
        try {
            meta = reads.first(member, as, m -> new MetadataRequest(CONFIG_PATH, CONFIG_PATH, INDEX_HEADERS,
                    RegistryConfig::read));
        } catch (NotFoundException e) {
            throw new UpstreamFailureException("the upstream of repository '" + member.name()
                    + "' has no config.json, so the download URL of its crates is unknown", e);
        }
        try {
            return RegistryConfig.read(new ByteArrayInputStream(meta.bytes()));
        } catch (IOException e) {
            throw new UpstreamFailureException("cached config.json of repository '" + member.name()
                    + "' is unreadable: " + e.getMessage(), e);
        }
    }
}
