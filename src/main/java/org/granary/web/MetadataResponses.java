package org.granary.web;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.granary.core.CachedMetadata;

/**
 * Serves metadata a format has rendered for the client: an ETag derived from the cached copy and the
 * rendering (so 304s need no rendering), the body rendered once per source and variant and then served from
 * {@link RenderedDocuments} (gzip prepared with it; deflate when asked for), and {@code Warning: 110} when the
 * copy is stale because the upstream failed.
 */
public final class MetadataResponses {

    private MetadataResponses() {
    }

    /**
     * @param source  the cached metadata the body was rendered from
     * @param variant what distinguishes this rendering of the same source (e.g. "abbreviated" and the base URL)
     * @param render  produces the body; called only when this rendering of this source is not in memory yet
     */
    public static Response of(CachedMetadata source, String variant, String contentType, Request request,
                              HttpHeaders headers, Renderer render) {
        EntityTag etag = new EntityTag(source.sha256().substring(0, 32) + "-" + Integer.toHexString(variant.hashCode()), true);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        Response.ResponseBuilder b;
        if (notModified != null) {
            b = notModified;
        } else {
            RenderedDocuments.Rendered rendered = RenderedDocuments.SHARED.get(
                    source.sha256() + "\n" + variant + "\n" + contentType, source.size(), render);
            String encoding = chooseEncoding(headers.getHeaderString("Accept-Encoding"));
            byte[] body;
            if ("gzip".equals(encoding)) {
                body = rendered.gzip();
                b = Response.ok(body).header("Content-Encoding", encoding);
            } else if (encoding != null) {
                body = compress(rendered.identity(), encoding);
                b = Response.ok(body).header("Content-Encoding", encoding);
            } else {
                body = rendered.identity();
                b = Response.ok(body);
            }
            b.type(contentType).header("Content-Length", body.length);
        }
        b.tag(etag).header("Vary", "Accept, Accept-Encoding").header("Cache-Control", "public, max-age=60");
        if (source.fetchedAt() != null) {
            b.lastModified(Date.from(source.fetchedAt()));
        }
        if (source.stale()) {
            b.header("Warning", "110 granary \"Response is Stale\"");
        }
        return b.build();
    }

    /** Renders a body. */
    @FunctionalInterface
    public interface Renderer {
        String render() throws IOException;
    }

    /** gzip or deflate if acceptable (gzip preferred), else {@code null} for identity. */
    static String chooseEncoding(String acceptEncoding) {
        if (acceptEncoding == null) {
            return null;
        }
        double gzip = -1; // -1: not listed, so "*" decides
        double deflate = -1;
        double any = 0;
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] p = part.trim().split(";");
            double q = 1;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            switch (p[0].trim()) {
                case "gzip", "x-gzip" -> gzip = Math.max(gzip, q);
                case "deflate" -> deflate = Math.max(deflate, q);
                case "*" -> any = Math.max(any, q);
                default -> { }
            }
        }
        // "*" stands for the codings not listed explicitly (RFC 9110 12.5.3): it cannot undo "gzip;q=0".
        gzip = gzip < 0 ? any : gzip;
        deflate = deflate < 0 ? any : deflate;
        if (gzip > 0 && gzip >= deflate) {
            return "gzip";
        }
        return deflate > 0 ? "deflate" : null;
    }

    private static byte[] compress(byte[] body, String encoding) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length / 4 + 64);
        try (OutputStream out = "gzip".equals(encoding) ? new GZIPOutputStream(bytes) : new DeflaterOutputStream(bytes)) {
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
