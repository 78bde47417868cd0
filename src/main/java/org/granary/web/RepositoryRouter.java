package org.granary.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.UriInfo;
import org.granary.core.HostedStore;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.security.RepositoryAccess;

/** Routes {@code /{repository}/…} to the endpoint of that repository's format. */
@Path("")
@RequestScoped
public class RepositoryRouter {

    @Inject
    RepositoryRegistry registry;
    @Inject
    Instance<FormatEndpoints> formats;
    @Inject
    RepositoryAccess access;
    @Inject
    HttpServletRequest servletRequest;
    @Inject
    HostedStore store;

    @Path("{repository}")
    public Object repository(@PathParam("repository") String name, @Context UriInfo uri, @Context Request request) {
        RepositoryInfo repo = registry.find(name)
                .orElseThrow(() -> new NotFoundException("there is no repository named '" + name + "'"));
        FormatEndpoints endpoints = formats.stream()
                .filter(f -> f.format() == repo.format())
                .findFirst()
                .orElseThrow(() -> new NotFoundException("repository '" + name + "' is a " + repo.format().id()
                        + " repository, which this server does not serve yet"));
        servletRequest.setAttribute(ErrorBody.FORMAT_ATTRIBUTE, endpoints);
        String path = RequestPaths.afterRepository(uri);
        if (!endpoints.isLoginRequest(request.getMethod(), path)) {
            access.requireRead(repo);
        }
        if (endpoints.isPublishRequest(request.getMethod(), path)) {
            // who may write is settled before any body is read (the format's write checks again, cheaply)
            RepositoryInfo target = store.publishTarget(repo);
            access.requirePublish(target, "publish", target.name() + "/" + path);
        }
        return endpoints.endpointFor(repo);
    }
}
