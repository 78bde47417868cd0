package org.granary.admin.api;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.granary.core.InvalidRequestException;
import org.granary.persistence.AuditDao;
import org.granary.persistence.AuditEvent;

/**
 * {@code GET /api/audit?actor=&action=&outcome=&from=&to=&page=&size=}: the audit log, newest first
 * (admins only). {@code from}/{@code to} are ISO-8601 instants; pages start at 0, sizes are at most 500.
 */
@Path("api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    ApiGuard guard;
    @Inject
    AuditDao audit;

    @GET
    public JsonObject list(@QueryParam("actor") String actor, @QueryParam("action") String action,
                           @QueryParam("outcome") String outcome, @QueryParam("from") String from,
                           @QueryParam("to") String to, @QueryParam("page") @DefaultValue("0") int page,
                           @QueryParam("size") @DefaultValue("50") int size) {
        guard.admin();
        if (page < 0 || size < 1 || size > 500) {
            throw new InvalidRequestException("page must be 0 or more and size between 1 and 500");
        }
        List<AuditEvent> events = audit.find(actor, action, outcome, instant(from, "from"), instant(to, "to"),
                page * size, size + 1);
        JsonArrayBuilder items = Json.createArrayBuilder();
        events.stream().limit(size).forEach(e -> items.add(Json2.audit(e)));
        return Json.createObjectBuilder()
                .add("page", page)
                .add("size", size)
                .add("hasMore", events.size() > size)
                .add("events", items)
                .build();
    }

    private static Instant instant(String value, String name) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("'" + name + "' must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }
}
