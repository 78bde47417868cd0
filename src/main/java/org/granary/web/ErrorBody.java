package org.granary.web;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Error responses as JSON {@code {"error": "..."}}, the shape npm (and most clients) print. Never a stack
 * trace.
 */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Response of(int status, String message) {
        String body = Json.createObjectBuilder().add("error", message == null ? "error" : message).build().toString();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).entity(body).build();
    }
}
