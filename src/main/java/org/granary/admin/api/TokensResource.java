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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.granary.core.ForbiddenException;
import org.granary.core.InvalidRequestException;
import org.granary.persistence.ApiToken;
import org.granary.security.RepositoryAccess;
import org.granary.security.TokenService;

/**
 * API tokens: list your own (admins: anyone's with {@code ?user=}), create one (the token is in the
 * response once and never again), revoke one (effective at once). A read-only token may only list; a token
 * creates tokens that expire no later than itself ({@link TokenService}).
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
    @Inject
    Clock clock;

    private static final Set<String> FIELDS = Set.of("name", "user", "readOnly", "expiresAt", "expiresInDays",
            "expiresInSeconds");

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
    public Response create(InputStream in) {
        String caller = guard.manager();
        TokenService.Issuer issuer = guard.credential();
        JsonObject body = ApiBody.optional(in, FIELDS).orElse(JsonValue.EMPTY_JSON_OBJECT);
        String user = Json2.string(body, "user") == null ? caller : Json2.string(body, "user");
        if (!user.equals(caller) && !guard.caller().isAdmin()) {
            throw new ForbiddenException("only an admin may create tokens for another user");
        }
        Boolean readOnly = Json2.bool(body, "readOnly");
        TokenService.Created created = tokens.create(issuer, user, Json2.string(body, "name"),
                readOnly != null && readOnly, expiry(body, clock.instant()));
        audit.audited("token.create", user + "/" + created.record().getTokenPrefix(),
                (created.record().isReadOnly() ? "read-only, " : "") + "created with " + issuer.description());
        return Response.status(201).entity(Json2.token(created.record()).add("token", created.token()).build()).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") long id) {
        String caller = guard.manager();
        ApiToken t = tokens.revoke(id, caller, guard.caller().isAdmin());
        audit.audited("token.revoke", t.getUser().getUsername() + "/" + t.getTokenPrefix(), null);
        return Response.noContent().build();
    }

    /** The expiry asked for: one of {@code expiresAt}, {@code expiresInDays}, {@code expiresInSeconds}, or none. */
    static Instant expiry(JsonObject body, Instant now) {
        String at = Json2.string(body, "expiresAt");
        Long days = Json2.number(body, "expiresInDays");
        Long seconds = Json2.number(body, "expiresInSeconds");
        if ((at != null ? 1 : 0) + (days != null ? 1 : 0) + (seconds != null ? 1 : 0) > 1) {
            throw new InvalidRequestException("give at most one of expiresAt, expiresInDays and expiresInSeconds");
        }
        if (at != null) {
            try {
                return Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("expiresAt must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
            }
        }
        if (days != null) {
            return later(now, "expiresInDays", days, ChronoUnit.DAYS);
        }
        return seconds == null ? null : later(now, "expiresInSeconds", seconds, ChronoUnit.SECONDS);
    }

    private static Instant later(Instant now, String field, long amount, ChronoUnit unit) {
        if (amount <= 0) {
            throw new InvalidRequestException("'" + field + "' must be positive, not " + amount);
        }
        long most = now.until(TokenService.LATEST_EXPIRY, unit);
        if (amount > most) {
            throw new InvalidRequestException("'" + field + "' is too large: a token's expiry must be no later than "
                    + TokenService.LATEST_EXPIRY);
        }
        return now.plus(amount, unit);
    }
}
