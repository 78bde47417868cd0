package org.granary.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Responses to authenticated requests must not be kept by shared caches (a CDN or corporate proxy could
 * otherwise hand a private package to someone else): their {@code Cache-Control: public} becomes
 * {@code private}.
 */
@Provider
public class PrivateCaching implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getSecurityContext().getUserPrincipal() == null && request.getHeaderString("Authorization") == null) {
            return;
        }
        Object cacheControl = response.getHeaders().getFirst("Cache-Control");
        if (cacheControl != null && cacheControl.toString().contains("public")) {
            response.getHeaders().putSingle("Cache-Control", cacheControl.toString().replace("public", "private"));
        }
    }
}
