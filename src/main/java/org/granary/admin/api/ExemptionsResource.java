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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.granary.core.GuardRule;
import org.granary.core.Guards;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.security.RepositoryAccess;

/**
 * A repository's supply-chain rules ("exemptions"): allow (exempt from the minimum release age), age (another minimum
 * age for some packages) and block (refused, cached or not), each with a package name or pattern, optionally versions,
 * a reason and an expiry. Any user may list them; admins add and remove them, audited.
 */
@Path("api/repositories/{name}/exemptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ExemptionsResource {

    private static final Set<String> FIELDS = Set.of("action", "package", "version", "minimumReleaseAge", "reason",
            "expiresAt", "expiresInDays");

    @Inject
    ApiGuard guard;
    @Inject
    RepositoryRegistry registry;
    @Inject
    Guards guards;
    @Inject
    RepositoryAccess audit;
    @Inject
    Clock clock;

    @GET
    public JsonArray list(@PathParam("name") String name) {
        guard.authenticated();
        RepositoryInfo repo = repository(name);
        Instant now = clock.instant();
        JsonArrayBuilder a = Json.createArrayBuilder();
        guards.policy(repo).rules().forEach(r -> a.add(GuardJson.rule(r, now)));
        return a.build();
    }

    @POST
    public Response add(@PathParam("name") String name, InputStream in) {
        String admin = guard.admin();
        RepositoryInfo repo = repository(name);
        JsonObject body = ApiBody.required(in, FIELDS);
        GuardRule r = guards.addRule(repo, spec(body), admin);
        audit.audited("repository.exemption.add", repo.name(), r.actionName() + " " + r.packagePattern()
                + (r.versions().isAll() ? "" : " " + r.versions().text())
                + (r.minimumReleaseAge() != null ? " age " + GuardJson.duration(r.minimumReleaseAge()) : "")
                + (r.expiresAt() != null ? " until " + r.expiresAt() : "") + ": " + r.reason());
        return Response.status(201).entity(GuardJson.rule(r, clock.instant())).build();
    }

    @DELETE
    @Path("{id}")
    public Response remove(@PathParam("name") String name, @PathParam("id") String id) {
        guard.admin();
        RepositoryInfo repo = repository(name);
        long ruleId;
        try {
            ruleId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException("repository '" + name + "' has no exemption " + id);
        }
        guards.removeRule(repo, ruleId);
        audit.audited("repository.exemption.remove", repo.name(), "exemption " + ruleId);
        return Response.noContent().build();
    }

    private Guards.RuleSpec spec(JsonObject body) {
        String action = Json2.string(body, "action");
        GuardRule.Action a;
        try {
            a = action == null ? GuardRule.Action.ALLOW : GuardRule.Action.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("action must be allow, block or age, not '" + action + "'");
        }
        String at = Json2.string(body, "expiresAt");
        Long days = Json2.number(body, "expiresInDays");
        if (at != null && days != null) {
            throw new InvalidRequestException("give expiresAt or expiresInDays, not both");
        }
        if (days != null && (days <= 0 || days > 36_500)) {
            throw new InvalidRequestException("expiresInDays must be between 1 and 36500");
        }
        Instant expires = at != null ? GuardJson.instant(at, "expiresAt")
                : days != null ? clock.instant().plus(Duration.ofDays(days)) : null;
        return new Guards.RuleSpec(a, Json2.string(body, "package"), Json2.string(body, "version"),
                GuardJson.duration(body, "minimumReleaseAge"), Json2.string(body, "reason"), expires);
    }

    private RepositoryInfo repository(String name) {
        return registry.find(name).orElseThrow(() -> new NotFoundException("there is no repository named '" + name + "'"));
    }
}
