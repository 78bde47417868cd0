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
import org.granary.security.GranaryAuthenticationMechanism;

/**
 * The error page for refusals by the authentication mechanism (mapped for 401 in web.xml): renders the
 * mechanism's message as the usual JSON error body. The error dispatch keeps the original method, hence one
 * method per verb.
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
        Response r = ErrorBody.of(code, message != null ? message.toString() : "authentication required");
        return code == 401 ? Response.fromResponse(r).header("WWW-Authenticate", "Basic realm=\"granary\"").build() : r;
    }
}
