package org.granary.format.npm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
 * npm on the shared read path: what a packument request is, where a tarball comes from and what it must hash to
 * ({@code dist.integrity}, else {@code dist.shasum}, from the member's packument), and how a group's packuments
 * merge ({@link HostedPackument#mergeGroup}). Walking members, access and caching are core's.
 */
@ApplicationScoped
public class NpmAdapter implements FormatEndpoints {

    static final String ABBREVIATED = "application/vnd.npm.install-v1+json";
    private static final MetadataRequest.ContentCheck JSON_OBJECT = NpmAdapter::readPackument;
    /** Packuments' tarball indexes, at most about 32 MiB of them (a 2,000-version packument's is well under 1 MiB). */
    private static final ParsedDocuments<TarballIndex> TARBALLS = new ParsedDocuments<>(32L << 20, TarballIndex::weight);

    @Inject
    RepositoryReads reads;
    @Inject
    Identity who;
    @Inject
    GranaryConfig config;
    @Inject
    NpmPublishing publishing;
    @Inject
    PackageSearch packages;
    @Inject
    NpmAudit audit;
    @Inject
    java.time.Clock clock;

    /** Search summaries of packuments, by the packument's hash (about 16 MiB of them). */
    private static final ParsedDocuments<Optional<NpmSearch.Summary>> SUMMARIES = new ParsedDocuments<>(16L << 20,
            s -> s.map(NpmSearch::weight).orElse(64L));

    /** What npm search reads of a repository's documents: every document is a packument. */
    private static final PackageSearch.Catalog<NpmSearch.Summary> CATALOG = new PackageSearch.Catalog<>() {
        @Override
        public String pathPrefix() {
            return "";
        }

        @Override
        public Optional<NpmSearch.Summary> summary(String path, String sha256, java.util.function.Supplier<byte[]> bytes) {
            return SUMMARIES.get(sha256, () -> NpmSearch.summary(bytes.get()));
        }

        @Override
        public String packageName(NpmSearch.Summary summary) {
            return summary.name();
        }

        @Override
        public MetadataRequest listing(String packageName) {
            return packumentRequest(packageName);
        }
    };

    @Override
    public Format format() {
        return Format.NPM;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new NpmResource(repo, this, publishing, config, audit);
    }

    /** npm's login must work on repositories with anonymous read off: it is how npm gets its token. */
    @Override
    public boolean isLoginRequest(String method, String pathInRepo) {
        if (!"PUT".equals(method) && !"POST".equals(method)) {
            return false;
        }
        try {
            NpmPath path = NpmPath.parse(pathInRepo);
            return path instanceof NpmPath.CouchUser || path instanceof NpmPath.WebLogin;
        } catch (RuntimeException notNpm) {
            return false;
        }
    }

    /** Publishing, deprecating and dist-tag changes write to the hosted repository. */

    /** The stored artifact a GET of {@code pathInRepo} reads, for the edge's fast path of hits. */
    @Override
    public Optional<ArtifactPath> artifactPath(String pathInRepo) {
        return FormatEndpoints.parsedArtifactPath(() -> NpmPath.parse(pathInRepo) instanceof NpmPath.Tarball t
                ? new ArtifactPath(t.artifactPath(), release(t)) : null);
    }
    @Override
    public boolean isPublishRequest(String method, String pathInRepo) {
        if (!"PUT".equals(method) && !"DELETE".equals(method)) {
            return false;
        }
        try {
            NpmPath path = NpmPath.parse(pathInRepo);
            return path instanceof NpmPath.Packument || path instanceof NpmPath.DistTag || path instanceof NpmPath.Revision
                    || path instanceof NpmPath.TarballRevision;
        } catch (RuntimeException notNpm) {
            return false;
        }
    }

    /**
     * A packument as cached or stored; for a group, the packuments of every member that has the package, merged; as
     * the supply-chain guards let clients see it ({@link CooldownFilter}).
     */
    public CachedMetadata packument(RepositoryInfo repo, String name) {
        return reads.visible(repo, who, member -> packumentRequest(name), NpmAdapter::merge, CooldownFilter::filter);
    }

    /** The packument a hosted repository keeps, unfiltered (what npm's "read for writing" gets). */
    public CachedMetadata hostedPackument(RepositoryInfo repo, String name) {
        return reads.merged(publishing.writeTarget(repo), who, member -> packumentRequest(name), NpmAdapter::merge);
    }

    /**
     * {@code GET /-/v1/search}: the packages of {@code repo}'s members (hosted and cached) that match {@code text},
     * each at the version the supply-chain guards let clients install, best first.
     */
    public JsonObject search(RepositoryInfo repo, String text, String size, String from) {
        NpmSearch.Query query = NpmSearch.query(text);
        int pageSize = NpmSearch.size(size);
        int start = NpmSearch.from(from);
        List<NpmSearch.Ranked> ranked = new java.util.ArrayList<>();
        for (PackageSearch.Found<NpmSearch.Summary> f : packages.find(repo, who, CATALOG, query::matches)) {
            double relevance = query.relevance(f.summary());
            NpmSearch.result(f.summary(), f.gate()::allows, relevance)
                    .ifPresent(entry -> ranked.add(new NpmSearch.Ranked(entry, relevance, f.summary().name())));
        }
        return NpmSearch.page(ranked, start, pageSize, clock.instant());
    }

    /**
     * A tarball, from the first member of {@code repo} whose packument lists the version, if the supply-chain guards
     * let it through.
     */
    public ArtifactResult tarball(RepositoryInfo repo, NpmPath.Tarball t) {
        return reads.artifact(repo, who, t.artifactPath(), tarballSource(who, t), release(t));
    }

    /** What a tarball is a release of, for the supply-chain guards (the packument lists the versions' times). */
    ReleaseKey release(NpmPath.Tarball t) {
        return new ReleaseKey(t.name(), t.version(), member -> packumentRequest(t.name()));
    }

    /** Where a tarball of a proxy member comes from, read as {@code as} (prefetch reads as Granary itself). */
    Function<RepositoryInfo, ArtifactSource> tarballSource(Identity as, NpmPath.Tarball t) {
        return member -> source(member, as, t);
    }

    /** The versions a member's packument lists (from its tarball index: the packument is not built as objects). */
    List<String> versions(RepositoryInfo repo, Identity as, String name) {
        CachedMetadata packument = reads.first(repo, as, m -> packumentRequest(name));
        return List.copyOf(tarballs(packument).versions().keySet());
    }

    private static MetadataRequest packumentRequest(String name) {
        return new MetadataRequest(name, NpmPath.encodeForUpstream(name), Map.of("Accept", "application/json"), JSON_OBJECT)
                .withListing(new ReleaseListing(name, CooldownFilter::releaseTimes));
    }

    private static byte[] merge(List<CachedMetadata> hostedFirst) throws IOException {
        List<JsonObject> packuments = new java.util.ArrayList<>();
        for (CachedMetadata m : hostedFirst) {
            packuments.add(readPackument(new ByteArrayInputStream(m.bytes())));
        }
        return HostedPackument.mergeGroup(packuments).toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Where a tarball of one member comes from and what it must hash to, from that member's packument as {@code as}
     * reads it. The packument's versions are indexed once per packument (by its hash) however many tarballs of it miss.
     */
    private ArtifactSource source(RepositoryInfo member, Identity as, NpmPath.Tarball t) {
        CachedMetadata packument = reads.first(member, as, m -> packumentRequest(t.name()));
        TarballIndex.Dist dist = tarballs(packument).version(t.version());
        if (dist == null) {
            throw new NotFoundException(t.name() + "@" + t.version() + " is not in the registry");
        }
        URI upstream;
        try {
            upstream = URI.create(dist.tarball());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UpstreamFailureException("the upstream packument of " + t.name() + "@" + t.version()
                    + " has no usable dist.tarball URL");
        }
        Optional<ExpectedDigest> expected = ExpectedDigest.fromSri(dist.integrity())
                .or(() -> Optional.ofNullable(dist.shasum())
                        .filter(s -> s.matches("[0-9a-fA-F]{40}"))
                        .map(s -> new ExpectedDigest(ExpectedDigest.Algorithm.SHA1, s)));
        Instant released = null;
        try {
            released = dist.time() == null ? null : Instant.parse(dist.time());
        } catch (DateTimeParseException ignored) {
            // release time is informative only
        }
        return new ArtifactSource(upstream, expected,
                new ArtifactSource.Coordinates(t.name(), "npm", purlName(t.name()), t.version(), released),
                "application/octet-stream");
    }

    private static TarballIndex tarballs(CachedMetadata packument) {
        return TARBALLS.get(packument.sha256(), () -> index(packument));
    }

    private static TarballIndex index(CachedMetadata packument) {
        try (InputStream in = packument.open()) {
            return TarballIndex.read(in);
        } catch (IOException e) {
            throw new UpstreamFailureException("the stored packument is unreadable: " + e.getMessage(), e);
        }
    }

    /** The package-URL name part: {@code %40scope/name} for scoped packages. */
    static String purlName(String name) {
        return name.startsWith("@") ? "%40" + name.substring(1) : name;
    }

    /** A packument's JSON. */
    static JsonObject json(CachedMetadata packument) {
        try {
            return readPackument(new ByteArrayInputStream(packument.bytes()));
        } catch (IOException e) {
            throw new UpstreamFailureException("the stored packument is unreadable: " + e.getMessage(), e);
        }
    }

    private static JsonObject readPackument(InputStream in) throws IOException {
        try (JsonReader reader = Json.createReader(in)) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject o) || !o.containsKey("name")) {
                throw new IOException("upstream packument is not a JSON object with a name");
            }
            return o;
        } catch (JsonException e) {
            throw new IOException("upstream packument is not valid JSON: " + e.getMessage(), e);
        }
    }
}
