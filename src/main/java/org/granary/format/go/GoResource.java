package org.granary.format.go;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.granary.core.CachedMetadata;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.web.ArtifactResponses;
import org.granary.web.MetadataResponses;
import org.granary.web.RequestPaths;

/**
 * The GOPROXY protocol of one repository, at {@code /granary/{repository}/}: point
 * {@code GOPROXY=http://host/granary/go} at it.
 * <p>
 * Errors are answered by the shared mapper in the plain-text style {@link GoAdapter#errorBody} gives (the go
 * command shows a plain-text body after "server response: ..." and ignores any other kind). Statuses are the
 * shared ones: 404 when nothing is known (go then tries the next GOPROXY entry), 400 for module
 * paths or versions go would never send, 502 when the upstream fails or serves something broken.
 */
public class GoResource {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final RepositoryInfo repo;
    private final GoAdapter adapter;

    GoResource(RepositoryInfo repo, GoAdapter adapter) {
        this.repo = repo;
        this.adapter = adapter;
    }

    @GET
    public Response root() {
        return Response.ok("Go module proxy '" + repo.name() + "' (GOPROXY protocol). Use it with:\n"
                + "  go env -w GOPROXY=<this URL without the trailing slash>,direct\n", TEXT).build();
    }

    @GET
    @Path("{path: .+}")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @Context Request request) {
        return serve(GoPath.parse(RequestPaths.afterRepository(uri)), headers, request);
    }

    private Response serve(GoPath path, HttpHeaders headers, Request request) {
        if (path instanceof GoPath.VersionFile file) {
            return ArtifactResponses.of(adapter.file(repo, file), request, headers);
        }
        if (path instanceof GoPath.VersionList list) {
            return metadata(adapter.list(repo, list), "list", TEXT, headers, request);
        }
        if (path instanceof GoPath.Latest latest) {
            return metadata(adapter.latest(repo, latest), "latest", "application/json", headers, request);
        }
        if (path instanceof GoPath.Query query) {
            return metadata(adapter.query(repo, query), "info", "application/json", headers, request);
        }
        if (path instanceof GoPath.ZipHash hash) {
            return Response.ok(adapter.zipHash(repo, hash) + "\n", TEXT)
                    .header("Cache-Control", "public, max-age=31536000, immutable").build();
        }
        if (path instanceof GoPath.SumDb) {
            throw new NotFoundException("this Go module proxy does not proxy checksum databases; go contacts the "
                    + "checksum database directly (set GONOSUMDB or GOPRIVATE for private modules, or GOSUMDB=off)");
        }
        throw new NotFoundException("not found");
    }

    private static Response metadata(CachedMetadata metadata, String variant, String contentType, HttpHeaders headers,
                                     Request request) {
        return MetadataResponses.of(metadata, variant, contentType, request, headers, () -> GoAdapter.text(metadata));
    }
}
