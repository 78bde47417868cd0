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
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Date;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.core.ArtifactResult;
import org.granary.core.StoredArtifact;
import org.granary.storage.BlobNotFoundException;
import org.granary.storage.OpenedBlob;

/**
 * Serves an artifact: strong ETag (its sha256) with 304, a single byte range with 206/416, long-lived
 * caching headers (artifacts never change), and the bytes streamed, never buffered. Through JAX-RS ({@link #of})
 * for every artifact a format resource answers, and through the Servlet API ({@link #send}) for the hits
 * {@link ArtifactHits} answers before JAX-RS: same statuses, headers and bytes either way, and either way the
 * status, range and {@code Content-Length} follow from the size of the blob as opened.
 */
public final class ArtifactResponses {

    private static final Logger LOG = Logger.getLogger(ArtifactResponses.class.getName());

    private static final Pattern RANGE = Pattern.compile("(?i)bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)");
    static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
    /** Bytes read per write: large, so a 1 MiB artifact is four writes. */
    static final int BUFFER = 256 * 1024;
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);
    /** A request thread's direct buffer for {@link DirectWrites} (the server's threads are pooled: a few MiB in all). */
    private static final ThreadLocal<ByteBuffer> DIRECT_BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER));

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
                .header("Cache-Control", CACHE_CONTROL)
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

    /**
     * Answers a GET or HEAD of a stored artifact through the Servlet API, as {@link #of} answers it through JAX-RS
     * (for an authenticated request, with {@code Cache-Control: private}, as {@link PrivateCaching} makes it there).
     * The bytes go from a local file through a direct buffer and the server's buffer write when {@code direct} and the
     * server has one ({@link DirectWrites}),
     * else in large reads through the standard stream; {@code Content-Length} is the size of what was opened.
     *
     * @return false, with nothing written, when this path should not answer: the request has preconditions other
     *         than {@code If-None-Match} / {@code If-Range}, or the stored bytes are gone (another server replaced
     *         or deleted them); the caller then takes the ordinary path
     */
    static boolean send(ArtifactResult.Stored stored, HttpServletRequest request, HttpServletResponse response,
                        boolean direct) throws IOException {
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
        try (Body body = Body.open(stored)) {
            if (body == null) {
                return false;
            }
            Plan plan = Plan.of(body.size(), request.getHeader("Range"), request.getHeader("If-Range"), etag);
            if (plan.status() == 416) {
                response.setStatus(416);
                response.setHeader("Content-Range", plan.contentRange());
                return true;
            }
            if (plan.status() == 206) {
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                response.setHeader("Content-Range", plan.contentRange());
            }
            response.setContentType(e.contentType());
            response.setHeader("ETag", etag);
            response.setDateHeader("Last-Modified", e.fetchedAt().toEpochMilli());
            response.setHeader("Accept-Ranges", "bytes");
            boolean authenticated = request.getUserPrincipal() != null || request.getHeader("Authorization") != null;
            response.setHeader("Cache-Control", authenticated ? CACHE_CONTROL.replace("public", "private") : CACHE_CONTROL);
            response.setContentLengthLong(plan.length());
            if (!"HEAD".equals(request.getMethod())) {
                body.send(response.getOutputStream(), plan.start(), plan.length(), direct);
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

    /**
     * The stored bytes as opened: a local file's channel (its size is the file's), or the store's blob (its size as
     * the store reports it for what it opened). Nothing is read until {@link #send}.
     */
    static final class Body implements AutoCloseable {

        private final FileChannel channel;
        private final ArtifactResult.LocalFile file;
        private final OpenedBlob blob;
        private final long size;

        private Body(FileChannel channel, ArtifactResult.LocalFile file, OpenedBlob blob, long size) {
            this.channel = channel;
            this.file = file;
            this.blob = blob;
            this.size = size;
        }

        /** Opens the bytes; null when they are gone. */
        static Body open(ArtifactResult.Stored stored) throws IOException {
            try {
                FileChannel channel = stored.file() == null ? null : stored.file().open();
                if (channel != null) {
                    try {
                        return new Body(channel, stored.file(), null, channel.size());
                    } catch (IOException | RuntimeException e) {
                        channel.close();
                        throw e;
                    }
                }
                OpenedBlob blob = stored.openBlob();
                return new Body(null, null, blob, blob.size());
            } catch (BlobNotFoundException gone) {
                return null;
            }
        }

        long size() {
            return size;
        }

        /**
         * Sends {@code length} bytes from {@code offset} to {@code out}; with {@code direct}, a local file through a
         * direct buffer and the server's own buffer write if it has one ({@link DirectWrites}): the file is read
         * straight into the buffer and the buffer handed to the socket, two copies instead of four.
         */
        void send(OutputStream out, long offset, long length, boolean direct) throws IOException {
            if (channel == null) {
                try (InputStream in = blob.stream(offset)) {
                    copy(in, out, length);
                }
                return;
            }
            long sent = 0;
            try {
                Optional<DirectWrites.Writer> server = direct ? DirectWrites.of(out) : Optional.empty();
                // the server's buffer write takes a direct buffer as it is; the standard stream the heap buffer's bytes
                ByteBuffer buf = server.isPresent() ? DIRECT_BUFFERS.get() : ByteBuffer.wrap(BUFFERS.get());
                DirectWrites.Writer writer = server.orElse(b -> out.write(b.array(), b.position(), b.remaining()));
                long position = offset;
                while (sent < length) {
                    buf.clear().limit((int) Math.min(buf.capacity(), length - sent));
                    int n = channel.read(buf, position);
                    if (n < 0) {
                        break;
                    }
                    writer.write(buf.flip());
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
            if (blob != null) {
                blob.close();
            }
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
