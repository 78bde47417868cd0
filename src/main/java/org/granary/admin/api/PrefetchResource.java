package org.granary.admin.api;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.granary.core.InvalidRequestException;
import org.granary.core.Jobs;
import org.granary.core.NotFoundException;
import org.granary.core.PayloadTooLargeException;
import org.granary.core.Prefetch;
import org.granary.core.PrefetchFormat;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.persistence.PrefetchRule;
import org.granary.security.RepositoryAccess;

/**
 * Prefetching into a proxy repository (admins): {@code POST api/repositories/{name}/prefetch?kind=} with a lockfile
 * as the body starts a run and answers its id at once; the allow-list rules are under {@code …/prefetch/rules}.
 */
@Path("api/repositories/{name}/prefetch")
@Produces(MediaType.APPLICATION_JSON)
public class PrefetchResource {

    /** The largest lockfile accepted. */
    static final int MAX_LOCKFILE_BYTES = 16 << 20;
    private static final Set<String> RULE_FIELDS = Set.of("pattern", "versions");

    @Inject
    ApiGuard guard;
    @Inject
    RepositoryRegistry registry;
    @Inject
    Jobs jobs;
    @Inject
    RepositoryAccess audit;
    @Inject
    Prefetch prefetch;
    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response prefetch(@PathParam("name") String name, @QueryParam("kind") String kind, InputStream body) {
        guard.admin();
        RepositoryInfo repo = repository(name);
        prefetch.formatOf(repo); // a group or hosted repository is refused before the body is read
        byte[] file = read(body);
        List<PrefetchFormat.Wanted> wanted = prefetch.parse(repo, kind, file);
        long run = jobs.prefetch(repo, wanted, kind + " of " + wanted.size() + " packages");
        audit.audited("repository.prefetch", name, kind + ": " + wanted.size() + " packages, run " + run);
        return Response.accepted(Json.createObjectBuilder().add("runId", run).add("packages", wanted.size())
                .add("run", "api/jobs/runs/" + run).build()).build();
    }

    @GET
    @Path("rules")
    public JsonObject rules(@PathParam("name") String name) {
        guard.admin();
        JsonArrayBuilder a = Json.createArrayBuilder();
        prefetch.rules(repository(name)).forEach(r -> a.add(rule(r)));
        return Json.createObjectBuilder().add("rules", a).build();
    }

    @POST
    @Path("rules")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addRule(@PathParam("name") String name, InputStream in) {
        guard.admin();
        RepositoryInfo repo = repository(name);
        JsonObject body = ApiBody.required(in, RULE_FIELDS);
        String versions = Json2.string(body, "versions");
        PrefetchRule r = prefetch.addRule(repo, Json2.string(body, "pattern"), versions == null ? "latest" : versions,
                clock.instant());
        audit.audited("repository.prefetch-rule", name, r.getPattern() + " " + r.getVersions());
        return Response.status(201).entity(rule(r)).build();
    }

    @DELETE
    @Path("rules/{id}")
    public Response deleteRule(@PathParam("name") String name, @PathParam("id") long id) {
        guard.admin();
        prefetch.deleteRule(repository(name), id);
        audit.audited("repository.prefetch-rule.delete", name, String.valueOf(id));
        return Response.noContent().build();
    }

    private static JsonObjectBuilder rule(PrefetchRule r) {
        return Json.createObjectBuilder().add("id", r.getId()).add("pattern", r.getPattern())
                .add("versions", r.getVersions()).add("createdAt", r.getCreatedAt().toString());
    }

    private RepositoryInfo repository(String name) {
        return registry.find(name).orElseThrow(() -> new NotFoundException("there is no repository named '" + name + "'"));
    }

    private static byte[] read(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(MAX_LOCKFILE_BYTES + 1);
            if (bytes.length > MAX_LOCKFILE_BYTES) {
                throw new PayloadTooLargeException("a lockfile is at most " + MAX_LOCKFILE_BYTES + " bytes");
            }
            if (bytes.length == 0) {
                throw new InvalidRequestException("send the lockfile as the request body (curl --data-binary @file)");
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidRequestException("the upload of the lockfile broke off: " + e.getMessage());
        }
    }
}
