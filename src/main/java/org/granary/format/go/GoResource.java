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
 * <p>
 * Under {@code sumdb/<name>/} it proxies the checksum databases {@link GoSumDbProxy} names, so go verifies modules
 * through Granary ({@code GOSUMDB} on, {@code GOPROXY} at Granary only).
 */
public class GoResource {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final RepositoryInfo repo;
    private final GoAdapter adapter;
    private final GoSumDbProxy sumDbs;

    GoResource(RepositoryInfo repo, GoAdapter adapter, GoSumDbProxy sumDbs) {
        this.repo = repo;
        this.adapter = adapter;
        this.sumDbs = sumDbs;
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
        if (path instanceof GoPath.SumDb sumdb) {
            return sumDb(sumDbs.parse(sumdb.rest()), headers, request);
        }
        throw new NotFoundException("not found");
    }

    /**
     * A proxied checksum database: {@code supported} is an empty 200 (404 when the database is not proxied or the
     * repository has no proxy to fetch it with), {@code latest} and lookups are revalidated documents, tiles immutable.
     */
    private Response sumDb(SumDbPath path, HttpHeaders headers, Request request) {
        if (path instanceof SumDbPath.Supported supported) {
            sumDbs.answering(repo, supported.name());
            return Response.ok("", TEXT).build();
        }
        if (path instanceof SumDbPath.Latest latest) {
            return metadata(sumDbs.latest(repo, latest), "sumdb-latest", TEXT, headers, request);
        }
        if (path instanceof SumDbPath.Lookup lookup) {
            return metadata(sumDbs.lookup(repo, lookup), "sumdb-lookup", TEXT, headers, request);
        }
        return ArtifactResponses.of(sumDbs.tile(repo, (SumDbPath.Tile) path), request, headers);
    }

    private static Response metadata(CachedMetadata metadata, String variant, String contentType, HttpHeaders headers,
                                     Request request) {
        return MetadataResponses.of(metadata, variant, contentType, request, headers, () -> GoAdapter.text(metadata));
    }
}
