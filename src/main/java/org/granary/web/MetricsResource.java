package org.granary.web;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.granary.config.GranaryConfig;
import org.granary.core.ForbiddenException;
import org.granary.core.UnauthorizedException;
import org.granary.metrics.GranaryMetrics;
import org.granary.security.Caller;

/** {@code /granary/metrics}: the Prometheus text exposition, for the callers {@link MetricsAccess} allows. */
@Path("metrics")
@ApplicationScoped
public class MetricsResource {

    @Inject
    GranaryMetrics metrics;
    @Inject
    Caller caller;
    @Inject
    GranaryConfig config;

    private MetricsAccess access;

    @PostConstruct
    void init() {
        access = MetricsAccess.from(config);
    }

    /** Reads the access settings at start-up, so a bad address list stops the deployment, naming the setting. */
    void checkAtStartUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
        access.getClass();
    }

    @GET
    public Response scrape() {
        switch (access.decide(caller, caller.clientAddress())) {
            case UNAUTHORIZED:
                throw new UnauthorizedException("metrics are readable from the addresses in GRANARY_METRICS_ALLOWED_FROM, "
                        + "or with the credentials of a user in GRANARY_METRICS_USERS or an administrator");
            case FORBIDDEN:
                throw new ForbiddenException("user '" + caller.name().orElse("") + "' may not read metrics: add it to "
                        + "GRANARY_METRICS_USERS");
            default:
                return Response.ok(metrics.scrape(), GranaryMetrics.contentType()).header("Cache-Control", "no-store").build();
        }
    }
}
