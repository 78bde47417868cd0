package org.granary.format.npm;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.granary.config.GranaryConfig;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.web.ArtifactResponses;
import org.granary.web.BaseUrl;
import org.granary.web.MetadataResponses;
import org.granary.web.RequestPaths;

/** The npm registry API of one repository, at {@code /granary/{repository}/}. */
public class NpmResource {

    private final RepositoryInfo repo;
    private final NpmAdapter adapter;
    private final GranaryConfig config;

    NpmResource(RepositoryInfo repo, NpmAdapter adapter, GranaryConfig config) {
        this.repo = repo;
        this.adapter = adapter;
        this.config = config;
    }

    @GET
    public Response root() {
        return Response.ok(Json.createObjectBuilder().add("db_name", repo.name()).add("format", "npm").build().toString(),
                "application/json").build();
    }

    @GET
    @Path("{path: .+}")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @Context Request request) {
        NpmPath path = NpmPath.parse(RequestPaths.afterRepository(uri));
        String base = RequestPaths.repositoryUrl(BaseUrl.of(config, uri, headers), repo.name());
        boolean abbreviated = accepts(headers, NpmAdapter.ABBREVIATED);
        if (path instanceof NpmPath.Tarball t) {
            return ArtifactResponses.of(adapter.tarball(repo, t), request, headers);
        }
        if (path instanceof NpmPath.Packument p) {
            NpmAdapter.Packument packument = adapter.packument(repo, p.name());
            return MetadataResponses.of(packument.metadata(), (abbreviated ? "a" : "f") + base,
                    abbreviated ? NpmAdapter.ABBREVIATED : "application/json", request, headers,
                    () -> PackumentRewriter.rewrite(packument.json(), base, abbreviated).toString());
        }
        if (path instanceof NpmPath.DistTags d) {
            NpmAdapter.Packument packument = adapter.packument(repo, d.name());
            return MetadataResponses.of(packument.metadata(), "dist-tags", "application/json", request, headers,
                    () -> distTags(packument.json()).toString());
        }
        if (path instanceof NpmPath.VersionDocument v) {
            NpmAdapter.Packument packument = adapter.packument(repo, v.name());
            return MetadataResponses.of(packument.metadata(), "v" + v.versionOrTag() + base, "application/json",
                    request, headers, () -> versionDocument(packument.json(), v, base).toString());
        }
        return Response.ok("{}", "application/json").build();
    }

    private static JsonObject distTags(JsonObject packument) {
        return packument.get("dist-tags") instanceof JsonObject tags ? tags : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static JsonObject versionDocument(JsonObject packument, NpmPath.VersionDocument v, String base) {
        String version = distTags(packument).getString(v.versionOrTag(), v.versionOrTag());
        if (packument.get("versions") instanceof JsonObject versions && versions.get(version) instanceof JsonObject doc) {
            return PackumentRewriter.rewriteVersion(doc, v.name(), version, base, false);
        }
        throw new NotFoundException(v.name() + "@" + v.versionOrTag() + " is not in the registry");
    }

    private static boolean accepts(HttpHeaders headers, String mediaType) {
        String accept = headers.getHeaderString("Accept");
        return accept != null && accept.contains(mediaType);
    }
}
