package org.granary.admin.api;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.granary.core.HostedDeletes;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;

/**
 * Deleting a version of a hosted package, in every format that has hosted versions (npm, PyPI, Maven):
 * {@code DELETE /granary/api/repositories/{repo}/packages/{name}/versions/{version}} ({@code name} as the format
 * writes it: {@code @scope/pkg}, {@code demo}, {@code org.example:demo}). Administrators, or the version's publisher
 * within the format's window; audited; the version's files go (their blobs after the cleanup grace). A group takes it
 * to its first hosted member. The service is {@link HostedDeletes}, which the admin console calls too.
 */
@Path("api/repositories/{repo}/packages")
@Produces(MediaType.APPLICATION_JSON)
public class HostedPackagesResource {

    @Inject
    ApiGuard guard;
    @Inject
    RepositoryRegistry registry;
    @Inject
    HostedDeletes deletes;

    @DELETE
    @Path("{name: .+}/versions/{version}")
    public JsonObject deleteVersion(@PathParam("repo") String repo, @PathParam("name") String name,
                                    @PathParam("version") String version) {
        guard.authenticated();
        RepositoryInfo r = registry.find(repo)
                .orElseThrow(() -> new NotFoundException("there is no repository named '" + repo + "'"));
        HostedDeletes.Deleted d = deletes.deleteVersion(r, guard.caller(), name, version);
        JsonArrayBuilder files = Json.createArrayBuilder();
        d.files().forEach(files::add);
        return Json.createObjectBuilder()
                .add("repository", d.repository().name())
                .add("package", d.packageName())
                .add("version", d.version())
                .add("deleted", files)
                .build();
    }
}
