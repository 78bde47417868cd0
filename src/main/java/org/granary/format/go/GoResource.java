package org.granary.format.go;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.core.CachedMetadata;
import org.granary.core.GranaryException;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.storage.InvalidPathException;
import org.granary.web.ArtifactResponses;
import org.granary.web.MetadataResponses;
import org.granary.web.RequestPaths;

/**
 * The GOPROXY protocol of one repository, at {@code /granary/{repository}/}: point
 * {@code GOPROXY=http://host/granary/go} at it.
 * <p>
 * Errors are answered here as {@code text/plain} rather than by the shared JSON mappers: the go command
 * shows a plain-text error body to the user ("server response: ...") and ignores any other kind. Statuses
 * are the shared ones: 404 when nothing is known (go then tries the next GOPROXY entry), 400 for module
 * paths or versions go would never send, 502 when the upstream fails or serves something broken.
 */
public class GoResource {

    private static final Logger LOG = Logger.getLogger(GoResource.class.getName());
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
        try {
            return serve(GoPath.parse(RequestPaths.afterRepository(uri)), headers, request);
        } catch (GranaryException e) {
            if (e.status() >= 500) {
                LOG.log(Level.WARNING, e.getMessage());
            }
            return error(e.status(), e.getMessage());
        } catch (InvalidPathException e) {
            return error(400, "invalid path: " + e.getMessage());
        }
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

    /** One line, {@code error: <message>}: go prints it after "server response:". */
    private static Response error(int status, String message) {
        String text = message == null || message.isBlank() ? "error" : "error: " + message.replace('\n', ' ');
        return Response.status(status).type(TEXT).entity(text + "\n").build();
    }
}
