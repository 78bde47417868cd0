package org.granary.format.cargo;

import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
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
 * {@code sparse+<url>}): {@code config.json}, index files, and crate downloads under
 * {@code api/v1/crates/}.
 */
public class CargoResource {

    private static final String INDEX_TYPE = "text/plain; charset=utf-8";

    private final RepositoryInfo repo;
    private final CargoAdapter adapter;
    private final GranaryConfig config;

    CargoResource(RepositoryInfo repo, CargoAdapter adapter, GranaryConfig config) {
        this.repo = repo;
        this.adapter = adapter;
        this.config = config;
    }

    /** Tells a person who opens the URL how to point Cargo here. */
    @GET
    public Response root(@Context UriInfo uri, @Context HttpHeaders headers) {
        String base = RequestPaths.repositoryUrl(BaseUrl.of(config, uri, headers), repo.name());
        return Response.ok(Json.createObjectBuilder()
                .add("format", "cargo")
                .add("repository", repo.name())
                .add("index", "sparse+" + base)
                .build().toString(), "application/json").build();
    }

    @GET
    @Path("{path: .+}")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @Context Request request) {
        CargoPath path = CargoPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof CargoPath.Download d) {
            return ArtifactResponses.of(adapter.crate(repo, d), request, headers);
        }
        if (path instanceof CargoPath.IndexFile file) {
            CachedMetadata index = adapter.indexFile(repo, file);
            return MetadataResponses.of(index, "index", INDEX_TYPE, request, headers, () -> unchanged(index));
        }
        String base = RequestPaths.repositoryUrl(BaseUrl.of(config, uri, headers), repo.name());
        return Response.ok(RegistryConfig.forGranary(base).toJson().toString(), "application/json")
                .header("Cache-Control", "no-cache")
                .build();
    }

    /** Index files are served exactly as the upstream wrote them (yanked versions included). */
    private static String unchanged(CachedMetadata index) throws IOException {
        try (InputStream in = index.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
