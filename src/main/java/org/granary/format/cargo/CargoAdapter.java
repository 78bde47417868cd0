package org.granary.format.cargo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.CachedMetadata;
import org.granary.core.ExpectedDigest;
import org.granary.core.GroupReads;
import org.granary.core.MetadataRequest;
import org.granary.core.NotFoundException;
import org.granary.core.ProxyCache;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.core.UpstreamFailureException;
import org.granary.persistence.Format;
import org.granary.web.FormatEndpoints;

/**
 * Cargo on the shared cache: index files are mutable metadata fetched from {@code <upstream>/<index path>};
 * a crate's upstream URL comes from the upstream's own {@code config.json} ({@code dl}, also cached as
 * metadata) and its expected SHA-256 from the {@code cksum} of its index line. A hosted repository's index
 * files are the documents {@link CargoPublisher} writes; a group's index file merges its members' lines.
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
    ProxyCache cache;
    @Inject
    RepositoryRegistry registry;
    @Inject
    GranaryConfig config;
    @Inject
    CargoPublisher publisher;

    @Override
    public Format format() {
        return Format.CARGO;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new CargoResource(repo, this, publisher, config);
    }

    /**
     * A crate's index file: a repository's own, or for a group every member's lines merged (hosted member
     * first; on a version conflict the earlier member's line wins). A file only one member has is served as
     * that member keeps it.
     */
    public CachedMetadata indexFile(RepositoryInfo repo, CargoPath.IndexFile file) {
        List<CachedMetadata> found = GroupReads.allFound(repo, registry.members(repo),
                member -> memberIndexFile(member, file.name()));
        if (found.size() == 1) {
            return found.get(0);
        }
        List<String> files = new ArrayList<>();
        for (CachedMetadata member : found) {
            try (InputStream in = member.open()) {
                files.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UpstreamFailureException("cached index file of " + file.name() + " is unreadable: "
                        + e.getMessage(), e);
            }
        }
        byte[] merged = CrateIndex.merge(files).getBytes(StandardCharsets.UTF_8);
        Instant newest = found.stream().map(CachedMetadata::fetchedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new CachedMetadata(sha256(merged), merged.length, CargoPublisher.INDEX_TYPE, newest,
                found.stream().anyMatch(CachedMetadata::stale), () -> new ByteArrayInputStream(merged));
    }

    /** A {@code .crate}, from the first member of {@code repo} whose index lists the version. */
    public ArtifactResult crate(RepositoryInfo repo, CargoPath.Download d) {
        return GroupReads.firstFound(repo, registry.members(repo), member ->
                cache.artifact(member, d.artifactPath(), () -> source(member, d)));
    }

    private CachedMetadata memberIndexFile(RepositoryInfo member, String name) {
        String path = CargoPath.indexPath(name);
        return cache.metadata(member, new MetadataRequest(INDEX_DOCUMENT_PREFIX + path, member.upstreamUrl(path),
                INDEX_HEADERS, content -> CrateIndex.check(content, name)));
    }

    private ArtifactSource source(RepositoryInfo member, CargoPath.Download d) {
        CrateIndex.Entry entry;
        try (InputStream in = memberIndexFile(member, d.name()).open()) {
            entry = CrateIndex.find(in, d.version()).orElseThrow(() -> new NotFoundException(
                    d.name() + "@" + d.version() + " is not in the index of repository '" + member.name() + "'"));
        } catch (IOException e) {
            throw new UpstreamFailureException("cached index file of " + d.name() + " is unreadable: " + e.getMessage(), e);
        }
        if (!CrateIndex.isSha256(entry.cksum())) {
            throw new UpstreamFailureException("the upstream index line of " + entry.name() + "@" + entry.version()
                    + " has no usable sha256 cksum");
        }
        URI configUrl = member.upstreamUrl(CONFIG_PATH);
        RegistryConfig upstreamConfig = upstreamConfig(member, configUrl);
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

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private RegistryConfig upstreamConfig(RepositoryInfo member, URI configUrl) {
        CachedMetadata meta;
        try {
            meta = cache.metadata(member, new MetadataRequest(CONFIG_PATH, configUrl, INDEX_HEADERS, RegistryConfig::read));
        } catch (NotFoundException e) {
            throw new UpstreamFailureException("the upstream of repository '" + member.name()
                    + "' has no config.json, so the download URL of its crates is unknown", e);
        }
        try (InputStream in = meta.open()) {
            return RegistryConfig.read(in);
        } catch (IOException e) {
            throw new UpstreamFailureException("cached config.json of repository '" + member.name()
                    + "' is unreadable: " + e.getMessage(), e);
        }
    }
}
