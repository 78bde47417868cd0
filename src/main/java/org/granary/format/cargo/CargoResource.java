package org.granary.format.cargo;

import org.granary.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.granary.config.GranaryConfig;
import org.granary.core.CachedMetadata;
import org.granary.core.RepositoryInfo;
import org.granary.web.ArtifactResponses;
import org.granary.web.BaseUrl;
import org.granary.web.MetadataResponses;
import org.granary.web.RequestPaths;

/**
 * The Cargo sparse registry of one repository, at {@code /granary/{repository}/} (Cargo's
 * {@code sparse+<url>}): {@code config.json}, index files, crate downloads under {@code api/v1/crates/},
 * and for hosted repositories and groups with a hosted member Cargo's web API (publish, yank, unyank,
 * owners), whose failures are answered in Cargo's {@code {"errors":[{"detail":...}]}} form.
 */
public class CargoResource {

    private static final String INDEX_TYPE = CargoPublishing.INDEX_TYPE;

    private final RepositoryInfo repo;
    private final CargoAdapter adapter;
    private final CargoPublishing publishing;
    private final GranaryConfig config;

    CargoResource(RepositoryInfo repo, CargoAdapter adapter, CargoPublishing publishing, GranaryConfig config) {
        this.repo = repo;
        this.adapter = adapter;
        this.publishing = publishing;
        this.config = config;
    }

    /** Tells a person who opens the URL how to point Cargo here. */
    @GET
    public Response root(@Context UriInfo uri, @Context HttpHeaders headers) {
        String base = RequestPaths.repositoryUrl(BaseUrl.of(config, uri, headers), repo.name());
        return BaseUrl.varying(config, Response.ok(Json.createObjectBuilder()
                .add("format", "cargo")
                .add("repository", repo.name())
                .add("index", "sparse+" + base)
                .build().toString(), "application/json").build());
    }

    @GET
    @Path("{path: .+}")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @Context Request request) {
        CargoPath path = CargoPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof CargoPath.Owners o) {
            return json(publishing.owners(repo, o.name()));
        }
        if (path instanceof CargoPath.Search) {
            var q = uri.getQueryParameters();
            return Response.ok(adapter.search(repo, q.getFirst("q"), q.getFirst("per_page"), q.getFirst("page")).toString(),
                    MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-cache").build();
        }
        if (path instanceof CargoPath.Publish || path instanceof CargoPath.Yank) {
            throw notAllowed(path);
        }
        if (path instanceof CargoPath.Download d) {
            return ArtifactResponses.of(adapter.crate(repo, d), request, headers);
        }
        if (path instanceof CargoPath.IndexFile file) {
            CachedMetadata index = adapter.indexFile(repo, file);
            return MetadataResponses.of(index, "index", INDEX_TYPE, request, headers, () -> unchanged(index));
        }
        String base = RequestPaths.repositoryUrl(BaseUrl.of(config, uri, headers), repo.name());
        RegistryConfig own = RegistryConfig.forGranary(base, publishing.publishable(repo), !repo.anonymousRead());
        return BaseUrl.varying(config, Response.ok(own.toJson().toString(), "application/json")
                .header("Cache-Control", "no-cache")
                .build());
    }

    /** {@code cargo publish} ({@code api/v1/crates/new}), {@code cargo yank --undo} ({@code .../unyank}), {@code cargo owner --add}. */
    @PUT
    @Path("{path: .+}")
    public Response put(@Context UriInfo uri, InputStream body) {
        CargoPath path = CargoPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof CargoPath.Publish) {
            return json(publishing.publish(repo, body));
        }
        if (path instanceof CargoPath.Yank y && !y.yanked()) {
            return json(publishing.yank(repo, y));
        }
        if (path instanceof CargoPath.Owners o) {
            return json(publishing.changeOwners(repo, o.name(), body, true));
        }
        throw notAllowed(path);
    }

    /** {@code cargo yank} ({@code api/v1/crates/{crate}/{version}/yank}) and {@code cargo owner --remove}. */
    @DELETE
    @Path("{path: .+}")
    public Response delete(@Context UriInfo uri, InputStream body) {
        CargoPath path = CargoPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof CargoPath.Yank y && y.yanked()) {
            return json(publishing.yank(repo, y));
        }
        if (path instanceof CargoPath.Owners o) {
            return json(publishing.changeOwners(repo, o.name(), body, false));
        }
        throw notAllowed(path);
    }

    /** 405 naming the method {@code path} takes. */
    private static NotAllowedException notAllowed(CargoPath path) {
        if (path instanceof CargoPath.Publish || path instanceof CargoPath.Yank y && !y.yanked()) {
            return new NotAllowedException("PUT");
        }
        if (path instanceof CargoPath.Owners) {
            return new NotAllowedException("GET", new String[] {"PUT", "DELETE"});
        }
        return path instanceof CargoPath.Yank
                ? new NotAllowedException("DELETE")
                : new NotAllowedException("GET", new String[] {"HEAD"});
    }

    private static Response json(JsonObject body) {
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Index files are served as kept (upstream files unchanged, yanked versions included); a group's merged. */
    private static String unchanged(CachedMetadata index) throws IOException {
        try (InputStream in = index.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
