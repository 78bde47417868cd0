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

    private static final Pattern RANGE = Pattern.compile("(?i)bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)");

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
        ByteRange r = rangeApplies ? ByteRange.parse(range, size) : ByteRange.WHOLE;
        if (r == ByteRange.UNSATISFIABLE) {
            return Response.status(416).header("Content-Range", "bytes */" + size).build();
        }
        if (r == ByteRange.WHOLE) {
            b = full(stored, size);
        } else {
            long length = r.end() - r.start() + 1;
            b = Response.status(206).entity(body(stored, r.start(), length))
                    .header("Content-Range", "bytes " + r.start() + "-" + r.end() + "/" + size)
                    .header("Content-Length", length);
        }
        return b.type(e.contentType())
                .tag(etag)
                .lastModified(Date.from(e.fetchedAt()))
                .header("Accept-Ranges", "bytes")
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .build();
    }

    /**
     * A {@code Range} header (RFC 9110 14.1.2) applied to a representation of {@code size} bytes: one range,
     * the whole body (no range, a malformed one, or several, which Granary answers in full), or
     * unsatisfiable (416). Positions too large for a {@code long} are just very large.
     */
    record ByteRange(long start, long end) {

        static final ByteRange WHOLE = new ByteRange(0, -1);
        static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

        static ByteRange parse(String header, long size) {
            if (header == null) {
                return WHOLE;
            }
            Matcher m = RANGE.matcher(header.trim());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                return WHOLE;
            }
            if (m.group(1).isEmpty()) {
                long suffix = number(m.group(2));
                return suffix == 0 || size == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = number(m.group(1));
            long last = m.group(2).isEmpty() ? Long.MAX_VALUE : number(m.group(2));
            if (last < first) {
                return WHOLE; // an invalid range-spec: the header is ignored
            }
            return first >= size ? UNSATISFIABLE : new ByteRange(first, Math.min(last, size - 1));
        }

        private static long number(String digits) {
            String d = digits.replaceFirst("^0+(?=.)", "");
            return d.length() > 18 ? Long.MAX_VALUE : Long.parseLong(d);
        }
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
