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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.granary.core.ForbiddenException;
import org.granary.core.InvalidRequestException;
import org.granary.persistence.ApiToken;
import org.granary.security.RepositoryAccess;
import org.granary.security.TokenService;

/**
 * API tokens: list your own (admins: anyone's with {@code ?user=}), create one (the token is in the
 * response once and never again), revoke one (effective at once).
 */
@Path("api/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokensResource {

    @Inject
    ApiGuard guard;
    @Inject
    TokenService tokens;
    @Inject
    RepositoryAccess audit;

    @GET
    public JsonArray list(@QueryParam("user") String user) {
        String caller = guard.authenticated();
        String whose = user == null ? caller : user;
        if (!whose.equals(caller) && !guard.caller().isAdmin()) {
            throw new ForbiddenException("only an admin may list another user's tokens");
        }
        JsonArrayBuilder a = Json.createArrayBuilder();
        tokens.list(whose).forEach(t -> a.add(Json2.token(t)));
        return a.build();
    }

    @POST
    public Response create(JsonObject body) {
        String caller = guard.authenticated();
        String user = body == null || Json2.string(body, "user") == null ? caller : Json2.string(body, "user");
        if (!user.equals(caller) && !guard.caller().isAdmin()) {
            throw new ForbiddenException("only an admin may create tokens for another user");
        }
        Boolean readOnly = Json2.bool(body, "readOnly");
        TokenService.Created created = tokens.create(user, Json2.string(body, "name"),
                readOnly != null && readOnly, expiry(body));
        audit.audited("token.create", user + "/" + created.record().getTokenPrefix(),
                created.record().isReadOnly() ? "read-only" : null);
        return Response.status(201).entity(Json2.token(created.record()).add("token", created.token()).build()).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") long id) {
        String caller = guard.authenticated();
        ApiToken t = tokens.revoke(id, caller, guard.caller().isAdmin());
        audit.audited("token.revoke", t.getUser().getUsername() + "/" + t.getTokenPrefix(), null);
        return Response.noContent().build();
    }

    private static Instant expiry(JsonObject body) {
        String at = Json2.string(body, "expiresAt");
        Long days = Json2.number(body, "expiresInDays");
        Long seconds = Json2.number(body, "expiresInSeconds");
        try {
            if (at != null) {
                return Instant.parse(at);
            }
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("expiresAt must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
        }
        if (days != null) {
            return Instant.now().plus(Duration.ofDays(days));
        }
        return seconds == null ? null : Instant.now().plusSeconds(seconds);
    }
}
