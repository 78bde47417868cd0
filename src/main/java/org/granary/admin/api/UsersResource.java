package org.granary.admin.api;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
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
import org.granary.core.ForbiddenException;
import org.granary.core.InvalidRequestException;
import org.granary.persistence.UserAccount;
import org.granary.security.RepositoryAccess;
import org.granary.security.UserService;

/** Users: admins list, create, change and delete them; a user may change their own password. */
@Path("api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {

    @Inject
    ApiGuard guard;
    @Inject
    UserService users;
    @Inject
    RepositoryAccess audit;

    @GET
    public JsonArray list() {
        guard.admin();
        JsonArrayBuilder a = Json.createArrayBuilder();
        users.list().forEach(u -> a.add(Json2.user(u)));
        return a.build();
    }

    @POST
    public Response create(JsonObject body) {
        guard.admin();
        String username = Json2.string(body, "username");
        UserAccount u = users.create(username, Json2.string(body, "password"), Json2.set(body, "roles"),
                Json2.string(body, "email"));
        audit.audited("user.create", username, "roles " + u.getRoles());
        return Response.status(201).entity(Json2.user(u)).build();
    }

    @PUT
    @Path("{name}")
    public JsonObject update(@PathParam("name") String name, JsonObject body) {
        String caller = guard.authenticated();
        boolean admin = guard.caller().isAdmin();
        if (!admin && (!caller.equals(name) || body.containsKey("roles") || body.containsKey("enabled"))) {
            throw new ForbiddenException("only an admin may change other users or roles; you may change your own password");
        }
        UserAccount u = users.update(name, Json2.string(body, "password"), Json2.set(body, "roles"),
                Json2.bool(body, "enabled"), Json2.string(body, "email"));
        audit.audited("user.update", name, String.join(",", body.keySet()));
        return Json2.user(u);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        String caller = guard.admin();
        if (caller.equals(name)) {
            throw new InvalidRequestException("you cannot delete yourself");
        }
        users.delete(name);
        audit.audited("user.delete", name, null);
        return Response.noContent().build();
    }
}
