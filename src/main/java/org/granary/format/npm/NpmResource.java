package org.granary.format.npm;

import org.granary.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.granary.config.GranaryConfig;
import org.granary.core.CachedMetadata;
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
    private final NpmPublishing publishing;
    private final GranaryConfig config;
    private final NpmAudit audit;

    NpmResource(RepositoryInfo repo, NpmAdapter adapter, NpmPublishing publishing, GranaryConfig config, NpmAudit audit) {
        this.repo = repo;
        this.adapter = adapter;
        this.publishing = publishing;
        this.config = config;
        this.audit = audit;
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
            // npm reads a document "for writing" (deprecate) before it PUTs it back: the hosted copy, not the merge
            boolean write = "true".equals(uri.getQueryParameters().getFirst("write"));
            CachedMetadata packument = write ? adapter.hostedPackument(repo, p.name()) : adapter.packument(repo, p.name());
            return BaseUrl.varying(config, MetadataResponses.of(packument, (abbreviated ? "a" : "f") + base,
                    abbreviated ? NpmAdapter.ABBREVIATED : "application/json", request, headers,
                    () -> PackumentRewriter.rewrite(NpmAdapter.json(packument), base, abbreviated).toString()));
        }
        if (path instanceof NpmPath.DistTags d) {
            CachedMetadata packument = adapter.packument(repo, d.name());
            return MetadataResponses.of(packument, "dist-tags", "application/json", request, headers,
                    () -> distTags(NpmAdapter.json(packument)).toString());
        }
        if (path instanceof NpmPath.VersionDocument v) {
            CachedMetadata packument = adapter.packument(repo, v.name());
            return BaseUrl.varying(config, MetadataResponses.of(packument, "v" + v.versionOrTag() + base,
                    "application/json", request, headers, () -> versionDocument(NpmAdapter.json(packument), v, base).toString()));
        }
        if (path instanceof NpmPath.Search) {
            var q = uri.getQueryParameters();
            return Response.ok(adapter.search(repo, q.getFirst("text"), q.getFirst("size"), q.getFirst("from")).toString(),
                    "application/json").header("Cache-Control", "no-cache").build();
        }
        if (path instanceof NpmPath.WhoAmI) {
            return json(200, publishing.whoami());
        }
        if (path instanceof NpmPath.Tokens) {
            return json(200, publishing.listTokens());
        }
        if (path instanceof NpmPath.Ping) {
            return Response.ok("{}", "application/json").build();
        }
        if (path instanceof NpmPath.CouchUser u) {
            return json(200, publishing.userDocument(u.username()));
        }
        throw notAllowed(path);
    }

    /** Publish, deprecate ({@code PUT /{name}}), unpublish of versions ({@code PUT /{name}/-rev/{rev}}), login, dist-tags. */
    @PUT
    @Path("{path: .+}")
    public Response put(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        NpmPath path = NpmPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof NpmPath.Packument p) {
            NpmPublishing.Put done = publishing.put(repo, p.name(), body, contentLength(headers));
            return json(done.action().equals("publish") ? 201 : 200,
                    Json.createObjectBuilder().add("ok", true).add("id", p.name()).add("success", true).build());
        }
        if (path instanceof NpmPath.CouchUser u) {
            return json(201, publishing.login(repo, u.username(), body));
        }
        if (path instanceof NpmPath.DistTag t) {
            return json(200, publishing.setDistTag(repo, t.name(), t.tag(), body));
        }
        if (path instanceof NpmPath.Revision r) {
            return json(200, publishing.revise(repo, r.name(), r.rev(), body));
        }
        throw notAllowed(path);
    }

    /** Token creation, npm audit; web login is not offered (npm then falls back to the username/password login). */
    @POST
    @Path("{path: .+}")
    public Response post(@Context UriInfo uri, InputStream body) {
        NpmPath path = NpmPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof NpmPath.WebLogin) {
            throw new NotFoundException("web login is not offered by this registry; npm falls back to the "
                    + "username and password login");
        }
        if (path instanceof NpmPath.Tokens) {
            return json(200, publishing.createToken(body));
        }
        if (path instanceof NpmPath.Audit a) {
            return Response.ok(audit.forward(repo, a.kind(), body), "application/json")
                    .header("Cache-Control", "no-store").build();
        }
        throw notAllowed(path);
    }

    /** Dist-tag removal, unpublish, token revocation and logout. */
    @DELETE
    @Path("{path: .+}")
    public Response delete(@Context UriInfo uri) {
        NpmPath path = NpmPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof NpmPath.DistTag t) {
            return json(200, publishing.removeDistTag(repo, t.name(), t.tag()));
        }
        if (path instanceof NpmPath.Revision r) {
            return json(200, publishing.unpublishPackage(repo, r.name(), r.rev()));
        }
        if (path instanceof NpmPath.TarballRevision t) {
            return json(200, publishing.deleteTarball(repo, t.tarball()));
        }
        if (path instanceof NpmPath.Token t) {
            publishing.revokeToken(repo, t.key());
            return Response.noContent().build();
        }
        if (path instanceof NpmPath.UserToken t) {
            publishing.logout(repo, t.token());
            return Response.noContent().build();
        }
        throw notAllowed(path);
    }

    private static Response json(int status, JsonObject body) {
        return Response.status(status).entity(body.toString()).type("application/json").build();
    }

    private static long contentLength(HttpHeaders headers) {
        String value = headers.getHeaderString("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static NotAllowedException notAllowed(NpmPath path) {
        String allowed = path instanceof NpmPath.Packument ? "GET, PUT"
                : path instanceof NpmPath.DistTag || path instanceof NpmPath.Revision ? "PUT, DELETE"
                : path instanceof NpmPath.TarballRevision ? "DELETE"
                : path instanceof NpmPath.CouchUser ? "GET, PUT"
                : path instanceof NpmPath.Tokens ? "GET, POST"
                : path instanceof NpmPath.Token || path instanceof NpmPath.UserToken ? "DELETE"
                : path instanceof NpmPath.WebLogin || path instanceof NpmPath.Audit ? "POST"
                : "GET";
        return new NotAllowedException(Response.status(405).header("Allow", allowed).build());
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
