package org.granary.web;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.granary.core.ArtifactResult;
import org.granary.core.StoredArtifact;
import org.granary.storage.OpenedBlob;

/**
 * Serves an artifact: strong ETag (its sha256) with 304, a single byte range with 206/416, long-lived
 * caching headers (artifacts never change), and the bytes streamed, never buffered.
 */
public final class ArtifactResponses {

    private static final Logger LOG = Logger.getLogger(ArtifactResponses.class.getName());

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

    /**
     * A stored artifact: 304 on a matching ETag; otherwise its blob is opened first, and the status, range and
     * {@code Content-Length} follow from the size of what was opened (never from the database row, which a damaged or
     * replaced file would contradict: a client would wait for bytes that never come). A HEAD request closes the blob
     * at once and reads nothing.
     */
    private static Response stored(ArtifactResult.Stored stored, Request request, HttpHeaders headers) {
        StoredArtifact e = stored.artifact();
        EntityTag etag = new EntityTag(e.sha256());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.tag(etag).build();
        }
        OpenedBlob blob;
        try {
            blob = stored.openBlob();
        } catch (IOException ex) {
            throw new UncheckedIOException("the stored file of an artifact (sha256 " + e.sha256() + ") cannot be opened: "
                    + ex.getMessage(), ex);
        }
        if (blob.size() != e.size()) {
            LOG.log(Level.WARNING, "Stored artifact with sha256 {0} has {1} bytes on storage but {2} in the database; "
                    + "serving what is stored", new Object[] {e.sha256(), blob.size(), e.size()});
        }
        Plan plan = Plan.of(blob.size(), headers.getHeaderString("Range"), headers.getHeaderString("If-Range"),
                etag.toString());
        boolean head = "HEAD".equals(request.getMethod());
        if (plan.status() == 416 || head) {
            closeQuietly(blob);
        }
        if (plan.status() == 416) {
            return Response.status(416).header("Content-Range", plan.contentRange()).build();
        }
        StreamingOutput body = head ? out -> { } : body(blob, plan.start(), plan.length());
        Response.ResponseBuilder b = Response.status(plan.status()).entity(body).header("Content-Length", plan.length());
        if (plan.status() == 206) {
            b.header("Content-Range", plan.contentRange());
        }
        return b.type(e.contentType())
                .tag(etag)
                .lastModified(Date.from(e.fetchedAt()))
                .header("Accept-Ranges", "bytes")
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .build();
    }

    /**
     * What a stored artifact's response is: 200 with the whole blob, 206 with one range of it, or 416, decided on the
     * blob's size as opened.
     */
    record Plan(int status, long start, long length, long size) {

        static Plan of(long size, String range, String ifRange, String etag) {
            boolean rangeApplies = range != null && (ifRange == null || ifRange.equals(etag));
            ByteRange r = rangeApplies ? ByteRange.parse(range, size) : ByteRange.WHOLE;
            if (r == ByteRange.UNSATISFIABLE) {
                return new Plan(416, 0, 0, size);
            }
            if (r == ByteRange.WHOLE) {
                return new Plan(200, 0, size, size);
            }
            return new Plan(206, r.start(), r.end() - r.start() + 1, size);
        }

        /** The {@code Content-Range} header of a 206 or 416, else {@code null}. */
        String contentRange() {
            return switch (status) {
                case 206 -> "bytes " + start + "-" + (start + length - 1) + "/" + size;
                case 416 -> "bytes */" + size;
                default -> null;
            };
        }
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

    private static StreamingOutput body(ArtifactResult result, long offset, long length) {
        return out -> {
            try (InputStream in = result.open(offset)) {
                if (length < 0) {
                    in.transferTo(out);
                } else {
                    copy(in, out, length);
                }
            }
        };
    }

    /** {@code length} bytes of an opened blob from {@code offset}; the blob is closed after. */
    private static StreamingOutput body(OpenedBlob blob, long offset, long length) {
        return out -> {
            try (blob; InputStream in = blob.stream(offset)) {
                copy(in, out, length);
            }
        };
    }

    /** At most {@code length} bytes of {@code in}. */
    private static void copy(InputStream in, java.io.OutputStream out, long length) throws IOException {
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

    private static void closeQuietly(OpenedBlob blob) {
        try {
            blob.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "Could not close a blob", e);
        }
    }
}
