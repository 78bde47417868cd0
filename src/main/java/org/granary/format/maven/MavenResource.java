package org.granary.format.maven;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import org.granary.core.ExpectedDigest;
import org.granary.core.CachedMetadata;
import org.granary.core.RepositoryInfo;
import org.granary.web.ArtifactResponses;
import org.granary.web.RequestPaths;

/**
 * A Maven repository in the standard layout, at {@code /granary/{repository}/}: release files (immutable,
 * with ranges), {@code maven-metadata.xml} and snapshot files (mutable, revalidated), and checksum files.
 * GET and HEAD (JAX-RS answers HEAD from the GET method without writing the body); PUT deploys
 * ({@link MavenPublishing}).
 */
public class MavenResource {

    private final RepositoryInfo repo;
    private final MavenAdapter adapter;
    private final MavenPublishing publishing;

    MavenResource(RepositoryInfo repo, MavenAdapter adapter, MavenPublishing publishing) {
        this.repo = repo;
        this.adapter = adapter;
        this.publishing = publishing;
    }

    @GET
    public Response root() {
        return Response.ok("Granary Maven repository '" + repo.name() + "'. Point a <mirror> in ~/.m2/settings.xml "
                + "at this URL" + (repo.isProxy() ? "" : ", and the <distributionManagement> of a project to deploy "
                + "to it") + ".\n", "text/plain; charset=utf-8").build();
    }

    @GET
    @Path("{path: .+}")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @Context Request request) {
        MavenPath path = MavenPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof MavenPath.Checksum c) {
            return checksum(adapter.checksum(repo, c), request);
        }
        if (path instanceof MavenPath.Metadata m) {
            return mutable(adapter.metadata(repo, m), MavenAdapter.METADATA_TYPE, request);
        }
        MavenPath.ArtifactFile f = (MavenPath.ArtifactFile) path;
        if (f.snapshot()) {
            return mutable(adapter.snapshotFile(repo, f), MavenAdapter.contentType(f.extension()), request);
        }
        return ArtifactResponses.of(adapter.releaseFile(repo, f), request, headers);
    }

    /**
     * {@code mvn deploy}: one file of the standard layout, to a hosted repository or a group (whose first hosted
     * member takes it). A client may declare the file's hash in {@code X-Checksum-Sha256} or {@code X-Checksum-Sha1}.
     */
    @PUT
    @Path("{path: .+}")
    public Response put(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        MavenPublishing.Outcome outcome = publishing.deploy(repo, RequestPaths.afterRepository(uri), body,
                headers.getLength(), declaredHash(headers));
        Response.ResponseBuilder b = Response.status(outcome.status());
        if (outcome.message() != null) {
            b.entity(outcome.message() + "\n").type("text/plain; charset=utf-8");
        }
        return b.build();
    }

    private static Optional<ExpectedDigest> declaredHash(HttpHeaders headers) {
        for (ChecksumAlgorithm a : ChecksumAlgorithm.VERIFICATION_ORDER) {
            String value = headers.getHeaderString("X-Checksum-" + Character.toUpperCase(a.extension().charAt(0))
                    + a.extension().substring(1));
            if (value != null && !value.isBlank()) {
                return a.expected(value.trim());
            }
        }
        return Optional.empty();
    }

    /** The cached bytes exactly as stored (so that checksums computed from them agree), revalidated upstream. */
    private static Response mutable(CachedMetadata meta, String contentType, Request request) {
        EntityTag etag = new EntityTag(meta.sha256());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        Response.ResponseBuilder b;
        if (notModified != null) {
            b = notModified;
        } else {
            StreamingOutput body = out -> {
                try (InputStream in = meta.open()) {
                    in.transferTo(out);
                }
            };
            b = Response.ok(body, contentType).header("Content-Length", meta.size());
        }
        b.tag(etag).header("Cache-Control", "public, max-age=60");
        if (meta.fetchedAt() != null) {
            b.lastModified(Date.from(meta.fetchedAt()));
        }
        if (meta.stale()) {
            b.header("Warning", "110 granary \"Response is Stale\"");
        }
        return b.build();
    }

    private static Response checksum(String hex, Request request) {
        EntityTag etag = new EntityTag(hex);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.tag(etag).build();
        }
        byte[] body = hex.getBytes(StandardCharsets.US_ASCII);
        return Response.ok(body, "text/plain; charset=us-ascii").tag(etag)
                .header("Content-Length", body.length)
                .header("Cache-Control", "public, max-age=60")
                .build();
    }
}
