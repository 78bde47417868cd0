package org.granary.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.granary.security.GranaryAuthenticationMechanism;

/**
 * The error page for refusals by the authentication mechanism (mapped for 401, 403, 405, 429 and 503 in
 * web.xml): renders the mechanism's message and headers as the usual JSON error body. The error dispatch
 * keeps the original method, hence one method per verb.
 */
@Path("api/error")
public class AuthErrorResource {

    @Context
    HttpServletRequest request;

    @GET
    public Response get() {
        return render();
    }

    @HEAD
    public Response head() {
        return render();
    }

    @POST
    public Response post() {
        return render();
    }

    @PUT
    public Response put() {
        return render();
    }

    @DELETE
    public Response delete() {
        return render();
    }

    private Response render() {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object message = request.getAttribute(GranaryAuthenticationMechanism.REFUSAL_MESSAGE);
        int code = status instanceof Integer i ? i : 401;
        Response.Status known = Response.Status.fromStatusCode(code);
        String fallback = code == 401 ? "authentication required" : known != null ? known.getReasonPhrase() : "error " + code;
        Response.ResponseBuilder r = Response.fromResponse(ErrorBody.of(code, message != null ? message.toString() : fallback));
        if (code == 401) {
            r.header("WWW-Authenticate", "Basic realm=\"granary\"");
        }
        if (request.getAttribute(GranaryAuthenticationMechanism.REFUSAL_HEADERS) instanceof Map<?, ?> headers) {
            headers.forEach((name, value) -> r.header(String.valueOf(name), value));
        }
        return r.build();
    }
}
