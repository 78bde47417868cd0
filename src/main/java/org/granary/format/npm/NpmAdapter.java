package org.granary.format.npm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
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

    @Override
    public Format format() {
        return Format.NPM;
    }

    @Override
    public Object endpointFor(RepositoryInfo repo) {
        return new NpmResource(repo, this, config);
    }

    /** A packument as cached, from the first member of {@code repo} that has it. */
    public Packument packument(RepositoryInfo repo, String name) {
        return GroupReads.firstFound(repo, registry.members(repo), member -> {
            CachedMetadata meta = cache.metadata(member, new MetadataRequest(name,
                    member.upstreamUrl(NpmPath.encodeForUpstream(name)), Map.of("Accept", "application/json"),
                    JSON_OBJECT));
            return new Packument(meta, member);
        });
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

    /** A cached packument with the member it came from. */
    public record Packument(CachedMetadata metadata, RepositoryInfo member) {
        public JsonObject json() {
            try (InputStream in = metadata.open()) {
                return readPackument(in);
            } catch (IOException e) {
                throw new UpstreamFailureException("cached packument is unreadable: " + e.getMessage(), e);
            }
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
