package org.granary.format.pypi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.granary.config.GranaryConfig;
import org.granary.core.RepositoryInfo;
import org.granary.web.ArtifactResponses;
import org.granary.web.BaseUrl;
import org.granary.web.MetadataResponses;
import org.granary.web.RequestPaths;

/**
 * The PyPI Simple API of one repository, at {@code /granary/{repository}/}: point pip at
 * {@code /granary/{repository}/simple/}.
 */
public class PypiResource {

    private final RepositoryInfo repo;
    private final PypiAdapter adapter;
    private final GranaryConfig config;

    PypiResource(RepositoryInfo repo, PypiAdapter adapter, GranaryConfig config) {
        this.repo = repo;
        this.adapter = adapter;
        this.config = config;
    }

    @GET
    public Response root(@Context UriInfo uri, @Context HttpHeaders headers) {
        return redirect(new PypiPath.Redirect("simple/"), uri, headers);
    }

    @GET
    @Path("{path: .+}")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @Context Request request) {
        PypiPath path = PypiPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof PypiPath.File f) {
            return ArtifactResponses.of(adapter.file(repo, f), request, headers);
        }
        if (path instanceof PypiPath.CoreMetadata m) {
            return ArtifactResponses.of(adapter.coreMetadata(repo, m), request, headers);
        }
        if (path instanceof PypiPath.Redirect r) {
            return redirect(r, uri, headers);
        }
        SimpleFormat format = SimpleFormat.negotiate(headers.getHeaderString("Accept"),
                uri.getQueryParameters().getFirst("format"));
        if (path instanceof PypiPath.Project p) {
            String filesBase = repositoryUrl(uri, headers) + "files/";
            PypiAdapter.ProjectPage page = adapter.project(repo, p.name());
            return MetadataResponses.of(page.metadata(), format.name() + " " + filesBase, format.contentType(),
                    request, headers, () -> format.isJson()
                            ? SimplePageRenderer.json(page.page(), filesBase)
                            : SimplePageRenderer.html(page.page(), filesBase));
        }
        List<String> projects = adapter.projectList(repo);
        String body = format.isJson() ? SimplePageRenderer.projectListJson(projects)
                : SimplePageRenderer.projectListHtml(projects);
        return Response.ok(body, format.contentType()).header("Vary", "Accept").build();
    }

    /** 301 to the canonical URL, keeping the query (e.g. {@code ?format=}). */
    private Response redirect(PypiPath.Redirect r, UriInfo uri, HttpHeaders headers) {
        String query = uri.getRequestUri().getRawQuery();
        String location = repositoryUrl(uri, headers) + r.location() + (query == null ? "" : "?" + query);
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create(location)).build();
    }

    private String repositoryUrl(UriInfo uri, HttpHeaders headers) {
        return RequestPaths.repositoryUrl(BaseUrl.of(config, uri, headers), repo.name());
    }
}
