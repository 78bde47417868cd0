package org.granary.admin.api;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.granary.core.Guards;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.core.RepositoryRegistry;
import org.granary.security.RepositoryAccess;

/**
 * The versions a repository's supply-chain policies refuse right now, of the packages its members have listed: held
 * by a minimum release age (with when each becomes available), blocked by a rule, or without the release time the
 * policy requires. For a group, of the members the caller may read.
 */
@Path("api/repositories/{name}/held")
@Produces(MediaType.APPLICATION_JSON)
public class HeldVersionsResource {

    @Inject
    ApiGuard guard;
    @Inject
    RepositoryRegistry registry;
    @Inject
    RepositoryReads reads;
    @Inject
    Guards guards;
    @Inject
    RepositoryAccess access;

    @GET
    public JsonObject list(@PathParam("name") String name, @QueryParam("limit") Integer limit) {
        guard.authenticated();
        RepositoryInfo repo = registry.find(name)
                .orElseThrow(() -> new NotFoundException("there is no repository named '" + name + "'"));
        int max = limit == null ? 500 : limit;
        if (max < 1 || max > 5_000) {
            throw new InvalidRequestException("limit must be between 1 and 5000");
        }
        List<Guards.Held> held = guards.held(reads.chains(repo, access.caller()), max);
        JsonArrayBuilder a = Json.createArrayBuilder();
        held.forEach(h -> a.add(GuardJson.held(h)));
        return Json.createObjectBuilder().add("repository", repo.name()).add("at", guards.now().toString())
                .add("versions", a).build();
    }
}
