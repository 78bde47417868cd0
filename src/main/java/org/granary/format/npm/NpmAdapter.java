package org.granary.format.npm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
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
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.CachedMetadata;
import org.granary.core.ExpectedDigest;
import org.granary.core.GroupReads;
import org.granary.core.InvalidRequestException;
import org.granary.core.MetadataRequest;
import org.granary.core.NotFoundException;
import org.granary.core.ProxyCache;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.core.UpstreamFailureException;
import org.granary.persistence.Format;
import org.granary.web.FormatEndpoints;

/**
 * npm on the shared cache: names the upstream URL of a packument, and for a tarball its upstream URL and
 * expected hash ({@code dist.integrity}, else {@code dist.shasum}) from the packument.
 */
@ApplicationScoped
public class NpmAdapter implements FormatEndpoints {

    static final String ABBREVIATED = "application/vnd.npm.install-v1+json";
    private static final MetadataRequest.ContentCheck JSON_OBJECT = NpmAdapter::readPackument;

    @Inject
    ProxyCache cache;
    @Inject
    RepositoryRegistry registry;
    @Inject
    org.granary.config.GranaryConfig config;
    @Inject
    NpmHosted hosted;

    @Override
    public Format format() {
        return Format.NPM;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new NpmResource(repo, this, hosted, config);
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

    /**
     * A packument as cached or stored. For a group, the packuments of every member that has the package,
     * merged (hosted first; see {@link HostedPackument#mergeGroup}).
     */
    public Packument packument(RepositoryInfo repo, String name) {
        List<Packument> found = GroupReads.allFound(repo, registry.members(repo), member -> memberPackument(member, name));
        return found.size() == 1 ? found.get(0) : Packument.merged(repo, found);
    }

    private Packument memberPackument(RepositoryInfo member, String name) {
        CachedMetadata meta = cache.metadata(member, new MetadataRequest(name,
                member.upstreamUrl(NpmPath.encodeForUpstream(name)), Map.of("Accept", "application/json"), JSON_OBJECT));
        return new Packument(meta, member, List.of());
    }

    /**
     * The hosted repository that writes to {@code repo} go to: itself when hosted, a group's first hosted member.
     *
     * @throws InvalidRequestException for a proxy, or a group without a hosted member
     */
    public RepositoryInfo writeTarget(RepositoryInfo repo) {
        return registry.publishTarget(repo);
    }

    /** A tarball, from the first member of {@code repo} whose packument lists the version. */
    public ArtifactResult tarball(RepositoryInfo repo, NpmPath.Tarball t) {
        return GroupReads.firstFound(repo, registry.members(repo), member ->
                cache.artifact(member, t.artifactPath(), () -> source(member, t)));
    }

    private ArtifactSource source(RepositoryInfo member, NpmPath.Tarball t) {
        JsonObject packument = packument(member, t.name()).json();
        JsonObject version = packument.get("versions") instanceof JsonObject versions
                && versions.get(t.version()) instanceof JsonObject v ? v : null;
        if (version == null || !(version.get("dist") instanceof JsonObject dist)) {
            throw new NotFoundException(t.name() + "@" + t.version() + " is not in the registry");
        }
        String tarball = dist.getString("tarball", null);
        URI upstream;
        try {
            upstream = URI.create(tarball);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UpstreamFailureException("the upstream packument of " + t.name() + "@" + t.version()
                    + " has no usable dist.tarball URL");
        }
        if (!"http".equals(upstream.getScheme()) && !"https".equals(upstream.getScheme())) {
            throw new UpstreamFailureException("the upstream packument of " + t.name() + "@" + t.version()
                    + " points at a non-HTTP tarball URL");
        }
        Optional<ExpectedDigest> expected = ExpectedDigest.fromSri(dist.getString("integrity", null))
                .or(() -> Optional.ofNullable(dist.getString("shasum", null))
                        .filter(s -> s.matches("[0-9a-fA-F]{40}"))
                        .map(s -> new ExpectedDigest(ExpectedDigest.Algorithm.SHA1, s)));
        Instant released = null;
        if (packument.get("time") instanceof JsonObject time) {
            try {
                String at = time.getString(t.version(), null);
                released = at == null ? null : Instant.parse(at);
            } catch (DateTimeParseException | ClassCastException ignored) {
                // release time is informative only
            }
        }
        String purlName = t.name().startsWith("@") ? "%40" + t.name().substring(1) : t.name();
        return new ArtifactSource(upstream, expected,
                new ArtifactSource.Coordinates(t.name(), "npm", purlName, t.version(), released),
                "application/octet-stream");
    }

    /**
     * A cached or stored packument with the member it came from, or (for a group that found it in several
     * members) the merge of its {@code parts}, with the group as member.
     */
    public record Packument(CachedMetadata metadata, RepositoryInfo member, List<Packument> parts) {

        static Packument merged(RepositoryInfo group, List<Packument> parts) {
            StringBuilder identity = new StringBuilder();
            Instant fetched = null;
            boolean stale = false;
            for (Packument p : parts) {
                identity.append(p.member().name()).append('=').append(p.metadata().sha256()).append('\n');
                Instant at = p.metadata().fetchedAt();
                fetched = fetched == null || (at != null && at.isAfter(fetched)) ? at : fetched;
                stale |= p.metadata().stale();
            }
            List<Packument> copy = List.copyOf(parts);
            CachedMetadata meta = new CachedMetadata(sha256Hex(identity.toString()), -1, "application/json", fetched,
                    stale, () -> new ByteArrayInputStream(merge(copy).toString().getBytes(StandardCharsets.UTF_8)));
            return new Packument(meta, group, copy);
        }

        private static JsonObject merge(List<Packument> parts) {
            return HostedPackument.mergeGroup(parts.stream().map(Packument::json).toList());
        }

        public JsonObject json() {
            if (!parts.isEmpty()) {
                return merge(parts);
            }
            try (InputStream in = metadata.open()) {
                return readPackument(in);
            } catch (IOException e) {
                throw new UpstreamFailureException("cached packument is unreadable: " + e.getMessage(), e);
            }
        }
    }

    private static String sha256Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
