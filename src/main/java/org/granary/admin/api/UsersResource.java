package org.granary.admin.api;

import jakarta.inject.Inject;
import org.granary.json.Json;
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
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import org.granary.core.AuditLog;
import org.granary.core.ForbiddenException;
import org.granary.core.InvalidRequestException;
import org.granary.persistence.UserAccount;
import org.granary.security.RepositoryAccess;
import org.granary.security.UserService;

/**
 * Users: admins list, create, change and delete them; a user may change their own password (with the current
 * one). A password change ends the user's admin-console sessions ({@code UserService}).
 */
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
    @Inject
    AuditLog log;

    private static final Set<String> CREATE_FIELDS = Set.of("username", "password", "roles", "email", "enabled");
    private static final Set<String> UPDATE_FIELDS = Set.of("password", "currentPassword", "roles", "email", "enabled");

    @GET
    public JsonArray list() {
        guard.admin();
        JsonArrayBuilder a = Json.createArrayBuilder();
        users.list().forEach(u -> a.add(Json2.user(u)));
        return a.build();
    }

    @POST
    public Response create(InputStream in) {
        guard.admin();
        JsonObject body = ApiBody.required(in, CREATE_FIELDS);
        String username = Json2.string(body, "username");
        UserAccount u = users.create(username, Json2.string(body, "password"), Json2.set(body, "roles"),
                Json2.string(body, "email"));
        if (Boolean.FALSE.equals(Json2.bool(body, "enabled"))) {
            u = users.update(username, null, null, false, null);
        }
        audit.audited("user.create", username, "roles " + u.getRoles());
        return Response.status(201).entity(Json2.user(u)).build();
    }

    /**
     * Changes a user. A user may change only their own password and e-mail, and must send the current password
     * with a new one ({@code currentPassword}); admins change other users without it.
     */
    @PUT
    @Path("{name}")
    public JsonObject update(@PathParam("name") String name, InputStream in) {
        String caller = guard.manager();
        boolean admin = guard.caller().isAdmin();
        if (!admin && !caller.equals(name)) {
            throw new ForbiddenException("only an admin may change other users; you may change your own password");
        }
        JsonObject body = ApiBody.required(in, UPDATE_FIELDS);
        if (!admin && (body.containsKey("roles") || body.containsKey("enabled"))) {
            throw new ForbiddenException("only an admin may change roles or enable and disable users");
        }
        String password = Json2.string(body, "password");
        if (password != null && caller.equals(name)) {
            requireCurrentPassword(name, Json2.string(body, "currentPassword"));
        }
        UserAccount u = users.update(name, password, Json2.set(body, "roles"),
                Json2.bool(body, "enabled"), Json2.string(body, "email"));
        Set<String> changed = new TreeSet<>(body.keySet());
        changed.remove("currentPassword");
        audit.audited("user.update", name, String.join(",", changed));
        return Json2.user(u);
    }

    private void requireCurrentPassword(String name, String current) {
        if (current == null) {
            throw new InvalidRequestException("to change your own password, send your current one as 'currentPassword'");
        }
        if (users.authenticate(name, current).isEmpty()) {
            log.record(name, "user.update", name, AuditLog.FAILURE, "wrong current password", guard.caller().address());
            throw new ForbiddenException("the current password is wrong; the password was not changed");
        }
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
