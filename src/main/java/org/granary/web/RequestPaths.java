package org.granary.web;

import jakarta.ws.rs.core.UriInfo;

/** Request-path helpers shared by the format resources. */
public final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * The request path after {@code /{repository}/}, still percent-encoded exactly as the client sent it
     * (as far as the container keeps it), for the format's own parser.
     */
    public static String afterRepository(UriInfo uri) {
        String raw = uri.getPath(false);
        while (raw.startsWith("/")) {
            raw = raw.substring(1);
        }
        int slash = raw.indexOf('/');
        return slash < 0 ? "" : raw.substring(slash + 1);
    }

    /** The URL of a repository as the client reaches it, ending in a slash. */
    public static String repositoryUrl(String baseUrl, String repository) {
        return baseUrl + "/" + repository + "/";
    }
}
