package org.granary.format.cargo;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.core.GranaryException;

/**
 * Failures of Cargo's web API in the form Cargo displays: {@code {"errors":[{"detail":"..."}]}} with the
 * real status, which Cargo 1.95 prints as {@code the remote server responded with an error (status 409
 * Conflict): <detail>}. The rest of Granary answers {@code {"error":"..."}}, which Cargo would only dump.
 */
final class CargoApiErrors {

    private static final Logger LOG = Logger.getLogger(CargoApiErrors.class.getName());

    private CargoApiErrors() {
    }

    /** Runs a web-API call, answering its {@link GranaryException} in Cargo's form. */
    static Response handled(Supplier<Response> call) {
        try {
            return call.get();
        } catch (GranaryException e) {
            return of(e);
        }
    }

    static Response of(GranaryException e) {
        if (e.status() >= 500) {
            LOG.log(Level.WARNING, e.getMessage());
        }
        String body = Json.createObjectBuilder()
                .add("errors", Json.createArrayBuilder().add(Json.createObjectBuilder().add("detail", e.getMessage())))
                .build().toString();
        Response.ResponseBuilder b = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                .entity(body);
        if (e.status() == 401) {
            b.header("WWW-Authenticate", "Basic realm=\"granary\"");
        }
        return b.build();
    }
}
