package org.granary.admin.api;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.granary.core.Cleanup;
import org.granary.core.InvalidRequestException;
import org.granary.core.Jobs;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.security.RepositoryAccess;

/**
 * {@code POST api/repositories/{name}/cleanup[?dryRun=true]} (admins): applies the repository's cleanup policy and
 * collects its orphans now, or with {@code dryRun} lists what would go; both are kept in the run history.
 */
@Path("api/repositories/{name}/cleanup")
@Produces(MediaType.APPLICATION_JSON)
public class CleanupResource {

    @Inject
    ApiGuard guard;
    @Inject
    RepositoryRegistry registry;
    @Inject
    Jobs jobs;
    @Inject
    RepositoryAccess audit;

    @POST
    public JsonObject cleanup(@PathParam("name") String name,
                              @QueryParam("dryRun") @DefaultValue("false") String dryRun) {
        guard.admin();
        boolean dry = switch (dryRun) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new InvalidRequestException("dryRun is true or false, not '" + dryRun + "'");
        };
        RepositoryInfo repo = repository(name);
        Jobs.Recorded<Cleanup.Report> done = jobs.cleanup(repo, dry);
        Cleanup.Report r = done.result();
        if (!dry) {
            audit.audited("repository.cleanup", name, r.count() + " removed, " + r.bytes() + " bytes");
        }
        JsonArrayBuilder removals = Json.createArrayBuilder();
        r.removals().forEach(x -> removals.add(Json.createObjectBuilder().add("item", x.item())
                .add("reason", x.kind().id()).add("bytes", x.bytes())));
        return Json.createObjectBuilder().add("repository", name).add("dryRun", dry).add("runId", done.runId())
                .add("count", r.count()).add("bytes", r.bytes()).add("removals", removals).build();
    }

    private RepositoryInfo repository(String name) {
        return registry.find(name).orElseThrow(() -> new NotFoundException("there is no repository named '" + name + "'"));
    }
}
