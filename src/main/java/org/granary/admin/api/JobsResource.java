package org.granary.admin.api;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.granary.core.InvalidRequestException;
import org.granary.core.Jobs;
import org.granary.core.NotFoundException;
import org.granary.persistence.JobDao;
import org.granary.persistence.JobRun;
import org.granary.persistence.JobRunItem;

/** The scheduled jobs (schedule, last and next run), running one now, and the run history (admins). */
@Path("api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    static final int MAX_ITEMS = 10_000;

    @Inject
    ApiGuard guard;
    @Inject
    Jobs jobs;
    @Inject
    JobDao runs;

    @GET
    public JsonObject list() {
        guard.admin();
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (Jobs.JobState s : jobs.list()) {
            a.add(Json.createObjectBuilder()
                    .add("name", s.job().id())
                    .add("description", s.job().description())
                    .add("intervalSeconds", s.interval().toSeconds())
                    .add("schedule", s.interval().isZero() ? "only when asked" : "every " + s.interval())
                    .add("runningOn", Json2.nullable(s.runningOn().orElse(null)))
                    .add("lastRun", s.lastRun().<jakarta.json.JsonValue>map(r -> run(r).build()).orElse(jakarta.json.JsonValue.NULL))
                    .add("nextRun", Json2.nullable(s.nextRun().orElse(null))));
        }
        return Json.createObjectBuilder().add("jobs", a).build();
    }

    @POST
    @Path("{job}/run")
    public Response runNow(@PathParam("job") String job) {
        guard.admin();
        long id = jobs.runNow(Jobs.Job.of(job));
        return Response.accepted(Json.createObjectBuilder().add("runId", id).add("run", "api/jobs/runs/" + id).build())
                .build();
    }

    @GET
    @Path("runs")
    public JsonObject history(@QueryParam("job") String job, @QueryParam("limit") @DefaultValue("50") int limit) {
        guard.admin();
        if (limit < 1 || limit > 1000) {
            throw new InvalidRequestException("limit is 1 to 1000, not " + limit);
        }
        if (job != null) {
            Jobs.Job.of(job);
        }
        JsonArrayBuilder a = Json.createArrayBuilder();
        runs.recent(job, limit).forEach(r -> a.add(run(r)));
        return Json.createObjectBuilder().add("runs", a).build();
    }

    @GET
    @Path("runs/{id}")
    public JsonObject run(@PathParam("id") String id) {
        guard.admin();
        long runId;
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("a run id is a number, not '" + id + "'");
        }
        JobRun r = runs.find(runId).orElseThrow(() -> new NotFoundException("there is no job run " + id
                + " (runs are kept for GRANARY_JOB_HISTORY_RETENTION)"));
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (JobRunItem i : runs.items(runId, MAX_ITEMS)) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("item", i.getItem()).add("outcome", i.getOutcome())
                    .add("bytes", i.getBytes());
            if (i.getReason() != null) {
                o.add("reason", i.getReason());
            }
            items.add(o);
        }
        return run(r).add("items", items).build();
    }

    /** A run's fields; the counts are named after what the job does. */
    static JsonObjectBuilder run(JobRun r) {
        JsonObjectBuilder counts = Json.createObjectBuilder();
        if (Jobs.Job.PREFETCH.id().equals(r.getJob())) {
            counts.add("fetched", r.getItemsDone()).add("cached", r.getItemsSkipped()).add("failed", r.getItemsFailed());
        } else if (Jobs.Job.WINGET_MIRROR.id().equals(r.getJob())) {
            counts.add("mirrored", r.getItemsDone()).add("unchanged", r.getItemsSkipped()).add("failed", r.getItemsFailed());
        } else {
            counts.add(r.isDryRun() ? "wouldRemove" : "removed", r.getItemsDone()).add("failed", r.getItemsFailed());
        }
        return Json.createObjectBuilder()
                .add("id", r.getId())
                .add("job", r.getJob())
                .add("repository", Json2.nullable(r.getRepository()))
                .add("trigger", r.getTrigger())
                .add("server", r.getHolder())
                .add("status", r.getStatus())
                .add("dryRun", r.isDryRun())
                .add("startedAt", r.getStartedAt().toString())
                .add("finishedAt", Json2.nullable(r.getFinishedAt()))
                .add("counts", counts)
                .add("bytes", r.getBytes())
                .add("summary", Json2.nullable(r.getSummary()));
    }
}
