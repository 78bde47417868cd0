package org.granary.web;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.granary.core.DiskReserve;
import org.granary.core.HealthChecks;

/**
 * {@code /granary/health}: readiness (database, storage, and free disk space against {@code GRANARY_MIN_FREE_BYTES})
 * with liveness; {@code /health/live} answers
 * as long as the application runs; {@code /health/ready} is 503 when a dependency is down.
 */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @Inject
    HealthChecks checks;

    @GET
    public Response health() {
        return ready();
    }

    @GET
    @Path("live")
    public Response live() {
        return Response.ok(Json.createObjectBuilder().add("status", "UP").build().toString()).build();
    }

    @GET
    @Path("ready")
    public Response ready() {
        String database = checks.database();
        String storage = checks.storage();
        DiskReserve.Status disk = checks.disk();
        boolean up = database == null && storage == null && disk.problem().isEmpty();
        JsonObjectBuilder diskCheck = check(disk.problem().orElse(null)).add("reserveBytes", disk.reserveBytes());
        if (disk.freeBytes() >= 0) {
            diskCheck.add("freeBytes", disk.freeBytes());
        }
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("status", up ? "UP" : "DOWN")
                .add("live", "UP")
                .add("checks", Json.createObjectBuilder()
                        .add("database", check(database))
                        .add("storage", check(storage))
                        .add("disk", diskCheck));
        return Response.status(up ? 200 : 503).entity(body.build().toString()).build();
    }

    private static JsonObjectBuilder check(String problem) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("status", problem == null ? "UP" : "DOWN");
        if (problem != null) {
            b.add("error", problem);
        }
        return b;
    }
}
