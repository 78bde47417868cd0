package org.granary.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.core.BlockedException;
import org.granary.core.BusyException;
import org.granary.core.GranaryException;
import org.granary.security.LoginThrottledException;
import org.granary.storage.InvalidPathException;

/** The one place where failures become HTTP responses. */
public final class ExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class.getName());

    private ExceptionMappers() {
    }

    /** 404, 400, 502 ... with the exception's message, in the style of the format's clients. */
    @Provider
    public static class Granary implements ExceptionMapper<GranaryException> {
        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(GranaryException e) {
            if (e.status() >= 500) {
                LOG.log(Level.WARNING, e.getMessage());
            }
            Response.ResponseBuilder r = Response.fromResponse(ErrorBody.of(e.status(), e.getMessage(), request));
            if (e.status() == 401) {
                r.header("WWW-Authenticate", "Basic realm=\"granary\"");
            }
            if (e instanceof BusyException busy) {
                r.header("Retry-After", Math.max(1, busy.retryAfter().toSeconds()));
            }
            if (e.status() == 403 || e.status() >= 500) {
                r.header("Cache-Control", "no-store");
            }
            if (e instanceof BlockedException blocked) {
                r.header("X-Granary-Block-Reason", blocked.blockReason());
                countBlocked(blocked);
            }
            return r.build();
        }
    }

    /** Counts a blocked download for the metrics and the console's dashboard (never fails the response). */
    static void countBlocked(BlockedException blocked) {
        try {
            String repository = blocked.verdict() == null || blocked.verdict().repository() == null ? "unknown"
                    : blocked.verdict().repository();
            jakarta.enterprise.inject.spi.CDI.current().select(org.granary.metrics.GranaryMetrics.class).get()
                    .blocked(repository, blocked.blockReason(), blocked.getMessage());
        } catch (RuntimeException ignored) {
            // no CDI container (a unit test): nothing to count in
        }
    }

    /** A login refused by the throttle: 429 (or 503) with the {@code Retry-After} the client should honour. */
    @Provider
    public static class Throttled implements ExceptionMapper<LoginThrottledException> {
        @Override
        public jakarta.ws.rs.core.Response toResponse(LoginThrottledException e) {
            return jakarta.ws.rs.core.Response.fromResponse(ErrorBody.of(e.status(), e.getMessage()))
                    .header("Retry-After", e.retryAfterSeconds()).build();
        }
    }

    /** A path that is not a safe storage key: the client's fault. */
    @Provider
    public static class InvalidPath implements ExceptionMapper<InvalidPathException> {
        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(InvalidPathException e) {
            return ErrorBody.of(400, "invalid path: " + e.getMessage(), request);
        }
    }

    /** JAX-RS's own 404/405/406..., in the format's style instead of the container's page. */
    @Provider
    public static class Jaxrs implements ExceptionMapper<WebApplicationException> {
        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String message = status == 404 ? "not found" : e.getResponse().getStatusInfo().getReasonPhrase();
            Response.ResponseBuilder r = Response.fromResponse(ErrorBody.of(status, message, request));
            Object allow = e.getResponse().getHeaders().getFirst("Allow");
            if (allow != null) {
                r.header("Allow", allow);
            }
            return r.build();
        }
    }

    /** Anything else: 500 with an id to find the stack trace in the server log. */
    @Provider
    public static class Unexpected implements ExceptionMapper<Exception> {
        @Context
        HttpServletRequest request;

        @Override
        public Response toResponse(Exception e) {
            if (e instanceof java.io.IOException && e.getCause() instanceof GranaryException g) {
                // A body that failed while streaming (e.g. verification): the client's connection is cut.
                LOG.log(Level.WARNING, "Response aborted: " + g.getMessage());
                return ErrorBody.of(g.status(), g.getMessage(), request);
            }
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.log(Level.SEVERE, "Internal error " + id, e);
            return ErrorBody.of(500, "internal error " + id + "; the server log has the details", request);
        }
    }
}
