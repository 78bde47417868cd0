package org.granary.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;

/**
 * Error responses in the style of the client that asked: the format of the repository the request is for
 * ({@link FormatEndpoints#errorBody}), else JSON {@code {"error": "..."}}. Never a stack trace.
 */
public final class ErrorBody {

    /** Request attribute naming the {@link FormatEndpoints} that serves the request (set by the router). */
    static final String FORMAT_ATTRIBUTE = "granary.format";

    private static final FormatEndpoints DEFAULT = new FormatEndpoints() {
        @Override
        public org.granary.core.Format format() {
            return null;
        }

        @Override
        public Object endpointFor(org.granary.core.RepositoryInfo repo) {
            return null;
        }
    };

    private ErrorBody() {
    }

    /** JSON {@code {"error": ...}}. */
    public static Response of(int status, String message) {
        return of(status, message, DEFAULT);
    }

    /** In the style of the format serving {@code request}. */
    public static Response of(int status, String message, HttpServletRequest request) {
        Object format = request == null ? null : request.getAttribute(FORMAT_ATTRIBUTE);
        return of(status, message, format instanceof FormatEndpoints f ? f : DEFAULT);
    }

    private static Response of(int status, String message, FormatEndpoints format) {
        String text = message == null || message.isBlank() ? "error" : message;
        return Response.status(status).type(format.errorMediaType()).entity(format.errorBody(status, text)).build();
    }
}
