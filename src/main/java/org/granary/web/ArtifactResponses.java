package org.granary.web;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.core.ArtifactResult;
import org.granary.core.StoredArtifact;

/**
 * Serves an artifact: strong ETag (its sha256) with 304, a single byte range with 206/416, long-lived
 * caching headers (artifacts never change), and the bytes streamed, never buffered.
 */
public final class ArtifactResponses {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private ArtifactResponses() {
    }

    public static Response of(ArtifactResult result, Request request, HttpHeaders headers) {
        if (result instanceof ArtifactResult.Stored stored) {
            return stored(stored, request, headers);
        }
        ArtifactResult.Streaming streaming = (ArtifactResult.Streaming) result;
        Response.ResponseBuilder b = Response.ok(body(result, 0, -1), streaming.contentType());
        if (streaming.length() >= 0) {
            b.header("Content-Length", streaming.length());
        }
        return b.build();
    }

    private static Response stored(ArtifactResult.Stored stored, Request request, HttpHeaders headers) {
        StoredArtifact e = stored.artifact();
        EntityTag etag = new EntityTag(e.sha256());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.tag(etag).build();
        }
        long size = e.size();
        String range = headers.getHeaderString("Range");
        String ifRange = headers.getHeaderString("If-Range");
        boolean rangeApplies = range != null && (ifRange == null || ifRange.equals(etag.toString()));
        Response.ResponseBuilder b;
        if (rangeApplies) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                b = full(stored, size); // unsupported (e.g. multiple ranges): the whole body is a valid answer
            } else {
                long start;
                long end;
                if (m.group(1).isEmpty()) {
                    long suffix = Long.parseLong(m.group(2));
                    start = Math.max(0, size - suffix);
                    end = size - 1;
                } else {
                    start = Long.parseLong(m.group(1));
                    end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                }
                if (start >= size || start > end) {
                    return Response.status(416).header("Content-Range", "bytes */" + size).build();
                }
                long length = end - start + 1;
                b = Response.status(206).entity(body(stored, start, length))
                        .header("Content-Range", "bytes " + start + "-" + end + "/" + size)
                        .header("Content-Length", length);
            }
        } else {
            b = full(stored, size);
        }
        return b.type(e.contentType())
                .tag(etag)
                .lastModified(Date.from(e.fetchedAt()))
                .header("Accept-Ranges", "bytes")
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .build();
    }

    private static Response.ResponseBuilder full(ArtifactResult.Stored stored, long size) {
        return Response.ok(body(stored, 0, size)).header("Content-Length", size);
    }

    private static StreamingOutput body(ArtifactResult result, long offset, long length) {
        return out -> {
            try (InputStream in = result.open(offset)) {
                if (length < 0) {
                    in.transferTo(out);
                } else {
                    byte[] buf = new byte[64 * 1024];
                    long left = length;
                    while (left > 0) {
                        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (n < 0) {
                            break;
                        }
                        out.write(buf, 0, n);
                        left -= n;
                    }
                }
            }
        };
    }
}
