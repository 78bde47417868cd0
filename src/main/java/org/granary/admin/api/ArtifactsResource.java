package org.granary.admin.api;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.granary.core.Browse;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.persistence.BrowseDao;

/**
 * The artifacts a repository stores (a proxy's cache, a hosted repository's files), for administrators: path, size,
 * sha256, hits, when stored and from where, and the hash the ecosystem's client records where it is not a hash of the
 * bytes (a Go module zip's go.sum {@code h1:}), as {@code clientHash}.
 */
@Path("api/repositories/{name}/artifacts")
@Produces(MediaType.APPLICATION_JSON)
public class ArtifactsResource {

    @Inject
    ApiGuard guard;
    @Inject
    RepositoryRegistry registry;
    @Inject
    Browse browse;

    @GET
    public JsonObject list(@PathParam("name") String name, @QueryParam("path") String prefix,
                           @QueryParam("limit") Integer limit) {
        guard.admin();
        RepositoryInfo repo = registry.find(name)
                .orElseThrow(() -> new NotFoundException("there is no repository named '" + name + "'"));
        List<Browse.ListedArtifact> listed = browse.artifacts(repo, prefix, limit == null ? 100 : limit);
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (Browse.ListedArtifact l : listed) {
            BrowseDao.ArtifactRow r = l.artifact();
            JsonObjectBuilder o = Json.createObjectBuilder().add("path", r.path()).add("size", r.size())
                    .add("sha256", r.sha256()).add("hits", r.hits()).add("storedAt", r.storedAt().toString());
            if (r.lastAccessedAt() != null) {
                o.add("lastAccessedAt", r.lastAccessedAt().toString());
            }
            if (r.upstreamUrl() != null) {
                o.add("upstreamUrl", r.upstreamUrl());
            }
            if (r.publishedBy() != null) {
                o.add("publishedBy", r.publishedBy());
            }
            if (l.clientHash() != null) {
                o.add("clientHash", l.clientHash());
            }
            a.add(o);
        }
        return Json.createObjectBuilder().add("repository", repo.name()).add("artifacts", a).build();
    }
}
