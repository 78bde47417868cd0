package org.granary.admin.api;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.granary.security.Roles;

/** {@code GET /api/whoami}: the caller's name and roles. */
@Path("api/whoami")
@Produces(MediaType.APPLICATION_JSON)
public class WhoAmIResource {

    @Inject
    ApiGuard guard;

    @GET
    public JsonObject whoami() {
        String name = guard.authenticated();
        var roles = Json.createArrayBuilder();
        Roles.ALL.stream().sorted().filter(r -> guard.caller().hasRole(r)).forEach(roles::add);
        return Json.createObjectBuilder().add("username", name).add("roles", roles).build();
    }
}
