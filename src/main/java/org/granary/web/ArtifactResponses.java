package org.granary.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.core.ArtifactResult;
import org.granary.core.StoredArtifact;
import org.granary.storage.BlobNotFoundException;

/**
 * Serves an artifact: strong ETag (its sha256) with 304, a single byte range with 206/416, long-lived
 * caching headers (artifacts never change), and the bytes streamed, never buffered. Through JAX-RS ({@link #of})
 * for every artifact a format resource answers, and through the Servlet API ({@link #send}) for the hits
 * {@link ArtifactHits} answers before JAX-RS: same statuses, headers and bytes either way.
 */
public final class ArtifactResponses {

    private static final Pattern RANGE = Pattern.compile("(?i)bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)");
    static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
    /** Bytes read from a file per write on the standard path: large, so a 1 MiB artifact is four writes. */
    static final int BUFFER = 256 * 1024;
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);

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
                .header("Cache-Control", CACHE_CONTROL)
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
                    copy(in, out, length);
                }
            }
        };
    }

    /**
     * Answers a GET or HEAD of a stored artifact through the Servlet API, as {@link #of} answers it through JAX-RS
     * (for an authenticated request, with {@code Cache-Control: private}, as {@link PrivateCaching} makes it there).
     * The bytes go from a local file with the server's zero-copy send when {@code zeroCopy} and the server has one,
     * else in large reads through the standard stream.
     *
     * @return false, with nothing written, when this path should not answer: the request has preconditions other
     *         than {@code If-None-Match} / {@code If-Range}, or the stored bytes are gone (another server replaced
     *         or deleted them); the caller then takes the ordinary path
     */
    static boolean send(ArtifactResult.Stored stored, HttpServletRequest request, HttpServletResponse response,
                        boolean zeroCopy) throws IOException {
        if (request.getHeader("If-Match") != null || request.getHeader("If-Unmodified-Since") != null) {
            return false;
        }
        StoredArtifact e = stored.artifact();
        String etag = '"' + e.sha256() + '"';
        if (matches(request.getHeader("If-None-Match"), e.sha256())) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            response.setHeader("ETag", etag);
            return true;
        }
        long size = e.size();
        String range = request.getHeader("Range");
        String ifRange = request.getHeader("If-Range");
        ByteRange r = range != null && (ifRange == null || ifRange.equals(etag)) ? ByteRange.parse(range, size)
                : ByteRange.WHOLE;
        if (r == ByteRange.UNSATISFIABLE) {
            response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            response.setHeader("Content-Range", "bytes */" + size);
            return true;
        }
        boolean whole = r == ByteRange.WHOLE;
        long offset = whole ? 0 : r.start();
        long length = whole ? size : r.end() - r.start() + 1;
        boolean head = "HEAD".equals(request.getMethod());
        try (Body body = head ? null : Body.open(stored, offset)) {
            if (!head && body == null) {
                return false;
            }
            if (!whole) {
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                response.setHeader("Content-Range", "bytes " + r.start() + "-" + r.end() + "/" + size);
            }
            response.setContentType(e.contentType());
            response.setHeader("ETag", etag);
            response.setDateHeader("Last-Modified", e.fetchedAt().toEpochMilli());
            response.setHeader("Accept-Ranges", "bytes");
            boolean authenticated = request.getUserPrincipal() != null || request.getHeader("Authorization") != null;
            response.setHeader("Cache-Control", authenticated ? CACHE_CONTROL.replace("public", "private") : CACHE_CONTROL);
            response.setContentLengthLong(length);
            if (body != null) {
                body.send(response.getOutputStream(), length, whole && zeroCopy);
            }
        }
        return true;
    }

    /** Whether an {@code If-None-Match} header names {@code sha256}'s tag (weakly or not) or is {@code *}. */
    static boolean matches(String ifNoneMatch, String sha256) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || (t.length() == sha256.length() + 2 && t.charAt(0) == '"'
                    && t.regionMatches(1, sha256, 0, sha256.length()) && t.charAt(t.length() - 1) == '"')) {
                return true;
            }
        }
        return false;
    }

    /** The stored bytes from an offset: a local file's channel, or the store's stream. */
    static final class Body implements AutoCloseable {

        private final FileChannel channel;
        private final ArtifactResult.LocalFile file;
        private final InputStream stream;
        private final long offset;

        private Body(FileChannel channel, ArtifactResult.LocalFile file, InputStream stream, long offset) {
            this.channel = channel;
            this.file = file;
            this.stream = stream;
            this.offset = offset;
        }

        /** Opens the bytes; null when they are gone. */
        static Body open(ArtifactResult.Stored stored, long offset) throws IOException {
            try {
                FileChannel channel = stored.file() == null ? null : stored.file().open();
                if (channel != null) {
                    return new Body(channel, stored.file(), null, offset);
                }
                return new Body(null, null, stored.open(offset), offset);
            } catch (BlobNotFoundException gone) {
                return null;
            }
        }

        /** Sends {@code length} bytes to {@code out}; with {@code zeroCopy}, by the server's own file send if any. */
        void send(OutputStream out, long length, boolean zeroCopy) throws IOException {
            if (channel == null) {
                copy(stream, out, length);
                return;
            }
            long sent = 0;
            try {
                Optional<ZeroCopy.Sender> sender = zeroCopy && offset == 0 ? ZeroCopy.of(out) : Optional.empty();
                if (sender.isPresent()) {
                    sender.get().send(channel);
                    sent = length;
                    return;
                }
                byte[] buf = BUFFERS.get();
                ByteBuffer view = ByteBuffer.wrap(buf);
                long position = offset;
                while (sent < length) {
                    view.clear().limit((int) Math.min(buf.length, length - sent));
                    int n = channel.read(view, position);
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    position += n;
                    sent += n;
                }
            } finally {
                file.sent(sent);
            }
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
            if (stream != null) {
                stream.close();
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = BUFFERS.get();
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
