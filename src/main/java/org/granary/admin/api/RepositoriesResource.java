package org.granary.admin.api;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.granary.core.CleanupPolicy;
import org.granary.core.Guards;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.core.RepositoryService;
import org.granary.core.Format;
import org.granary.core.RepositoryType;
import org.granary.persistence.StatsDao;
import org.granary.security.RepositoryAccess;

/**
 * Repositories: any authenticated user may list them (one repository also with its statistics: requests,
 * hits, misses, bytes served, bytes stored); admins create, change and delete them.
 */
@Path("api/repositories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RepositoriesResource {

    @Inject
    ApiGuard guard;
    @Inject
    RepositoryRegistry registry;
    @Inject
    RepositoryService repositories;
    @Inject
    RepositoryAccess audit;
    @Inject
    StatsDao stats;
    @Inject
    Guards guards;

    /** The fields of a repository body ({@link RepositoryService.Spec}); any other is refused with 400. */
    private static final Set<String> FIELDS = Set.of("name", "format", "type", "upstreamUrl", "members", "anonymousRead",
            "publishers", "metadataMaxAgeSeconds", "maxUploadBytes", "maxMetadataBytes", "requireDeclaredHash",
            "minimumReleaseAge", "missingReleaseTime", "breakGlass", "breakGlassUntil", "maxBytes", "maxIdleDays",
            "keepLatest");

    @GET
    public JsonArray list() {
        guard.authenticated();
        JsonArrayBuilder a = Json.createArrayBuilder();
        registry.all().stream().sorted((x, y) -> x.name().compareTo(y.name())).forEach(r -> a.add(json(r)));
        return a.build();
    }

    @GET
    @Path("{name}")
    public JsonObject get(@PathParam("name") String name) {
        guard.authenticated();
        RepositoryInfo r = registry.find(name)
                .orElseThrow(() -> new NotFoundException("there is no repository named '" + name + "'"));
        JsonObjectBuilder counters = Json.createObjectBuilder();
        stats.find(r.id()).ifPresent(s -> counters.add("requests", s.getRequests()).add("hits", s.getHits())
                .add("misses", s.getMisses()).add("bytesServed", s.getBytesServed())
                .add("updatedAt", Json2.nullable(s.getUpdatedAt())));
        JsonObjectBuilder storage = Json.createObjectBuilder();
        long[] stored = {0};
        stats.find(r.id()).ifPresent(s -> {
            storage.add("artifacts", s.getArtifactCount()).add("artifactBytes", s.getArtifactBytes())
                    .add("documents", s.getDocumentCount()).add("documentBytes", s.getDocumentBytes());
            stored[0] = s.getArtifactBytes() + s.getDocumentBytes();
        });
        return json(r).add("stats", counters).add("storage", storage).add("bytesStored", stored[0]).build();
    }

    @POST
    public Response create(InputStream in) {
        guard.admin();
        JsonObject body = ApiBody.required(in, FIELDS);
        RepositoryInfo r = repositories.create(spec(body, Json2.string(body, "name"), CleanupPolicy.NONE));
        audit.audited("repository.create", r.name(), r.format().id() + " " + r.type().name().toLowerCase(Locale.ROOT));
        auditGuard(r, body);
        return Response.status(201).entity(json(r).build()).build();
    }

    @PUT
    @Path("{name}")
    public JsonObject update(@PathParam("name") String name, InputStream in) {
        guard.admin();
        JsonObject body = ApiBody.required(in, FIELDS);
        String named = Json2.string(body, "name");
        if (named != null && !named.equals(name)) {
            throw new InvalidRequestException("repositories cannot be renamed ('" + named + "' in the body, '" + name
                    + "' in the URL)");
        }
        CleanupPolicy current = registry.find(name).map(RepositoryInfo::cleanup).orElse(CleanupPolicy.NONE);
        RepositoryInfo r = repositories.update(name, spec(body, name, current));
        audit.audited("repository.update", name, String.join(",", body.keySet()));
        auditGuard(r, body);
        return json(r).build();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        guard.admin();
        String removed = repositories.delete(name);
        audit.audited("repository.delete", name, removed);
        return Response.noContent().build();
    }

    private static RepositoryService.Spec spec(JsonObject body, String name, CleanupPolicy current) {
        Long maxAge = Json2.number(body, "metadataMaxAgeSeconds");
        return new RepositoryService.Spec(name, enumValue(Format.class, Json2.string(body, "format"), "format"),
                enumValue(RepositoryType.class, Json2.string(body, "type"), "type"), Json2.string(body, "upstreamUrl"),
                Json2.list(body, "members"), Json2.bool(body, "anonymousRead"), Json2.list(body, "publishers"),
                maxAge == null ? null : Duration.ofSeconds(maxAge), Json2.number(body, "maxUploadBytes"),
                Json2.number(body, "maxMetadataBytes"), Json2.bool(body, "requireDeclaredHash"),
                GuardJson.policyChange(body), cleanup(body, current));
    }

    /** A repository's settings and its supply-chain policy. */
    private JsonObjectBuilder json(RepositoryInfo r) {
        return GuardJson.policy(Json2.repository(r), guards.policy(r));
    }

    private void auditGuard(RepositoryInfo r, JsonObject body) {
        if (!GuardJson.policyChange(body).isEmpty()) {
            audit.audited("repository.guard", r.name(), GuardJson.describe(guards.policy(r)));
        }
    }

    /**
     * The cleanup policy a body asks for: the current one with the fields the body names replaced ({@code null}
     * removes a limit); {@code null} when the body names none.
     */
    private static CleanupPolicy cleanup(JsonObject body, CleanupPolicy current) {
        if (!body.containsKey("maxBytes") && !body.containsKey("maxIdleDays") && !body.containsKey("keepLatest")) {
            return null;
        }
        Long maxBytes = body.containsKey("maxBytes") ? Json2.number(body, "maxBytes") : current.maxBytes();
        Integer idle = body.containsKey("maxIdleDays") ? small(body, "maxIdleDays") : current.maxIdleDays();
        Integer keep = body.containsKey("keepLatest") ? small(body, "keepLatest") : current.keepLatest();
        return new CleanupPolicy(maxBytes, idle, keep);
    }

    private static Integer small(JsonObject body, String field) {
        Long v = Json2.number(body, field);
        if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
            throw new InvalidRequestException("'" + field + "' is too large: " + v);
        }
        return v == null ? null : v.intValue();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("unknown " + field + " '" + value + "'");
        }
    }
}
