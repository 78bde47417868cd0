package org.granary.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.granary.core.BusyException;
import org.granary.core.SingleFlight;

/**
 * Metadata bodies as rendered for clients (a packument rewritten for a base URL, abbreviated or full; a project
 * page as HTML or JSON), kept in memory by what they were rendered from (the source document's hash and the
 * variant), so a hit serves bytes without parsing or rendering anything, however large the document.
 * <ul>
 *   <li>Concurrent requests for one rendering coalesce: one renders, the others wait and share the bytes.</li>
 *   <li>Renderings of large documents (over {@link #LARGE}) run at most {@code largeRenders} at a time; a request
 *       that cannot start one within {@link #WAIT} gets {@link BusyException} (503 with Retry-After) instead of
 *       pushing the heap over its limit.</li>
 *   <li>The cache holds at most {@code maxBytes} (identity and gzip bodies together), least recently used out first;
 *       a changed document has a new hash, so its old renderings simply age out.</li>
 * </ul>
 * A cache of this server's own work only: nothing another server would need.
 */
final class RenderedDocuments {

    /** A source document larger than this is parsed under the render budget. */
    static final long LARGE = 1L << 20;
    static final Duration WAIT = Duration.ofSeconds(10);

    /** The instance every metadata response uses. */
    static final RenderedDocuments SHARED = new RenderedDocuments(96L << 20, 2);

    /** One rendering: the identity body and its gzip form. */
    record Rendered(byte[] identity, byte[] gzip) {
        long bytes() {
            return identity.length + (long) gzip.length;
        }
    }

    private final long maxBytes;
    private final Semaphore largeRenders;
    private final SingleFlight<String, Rendered> flights = new SingleFlight<>();
    private final LinkedHashMap<String, Rendered> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    RenderedDocuments(long maxBytes, int largeRenders) {
        this.maxBytes = maxBytes;
        this.largeRenders = new Semaphore(largeRenders);
    }

    /**
     * The rendering stored under {@code key}, rendering it once if needed.
     *
     * @param sourceSize the size of the document rendered from (-1 when unknown, e.g. a group's merge)
     */
    Rendered get(String key, long sourceSize, MetadataResponses.Renderer render) {
        Rendered hit = lookup(key);
        if (hit != null) {
            return hit;
        }
        return flights.run(key, () -> {
            Rendered again = lookup(key);
            if (again != null) {
                return again;
            }
            Rendered fresh = sourceSize > LARGE ? underBudget(render) : render(render);
            store(key, fresh);
            return fresh;
        });
    }

    private Rendered underBudget(MetadataResponses.Renderer render) {
        boolean acquired;
        try {
            acquired = largeRenders.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new BusyException("Granary is rendering other large metadata documents right now; try again in a "
                    + "few seconds", Duration.ofSeconds(5));
        }
        try {
            return render(render);
        } finally {
            largeRenders.release();
        }
    }

    private static Rendered render(MetadataResponses.Renderer render) {
        byte[] identity;
        try {
            identity = render.render().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(identity, gzip(identity));
    }

    private synchronized Rendered lookup(String key) {
        return cache.get(key);
    }

    private synchronized void store(String key, Rendered r) {
        if (r.bytes() > maxBytes / 4) {
            return; // a rendering this large is served, not kept (it would push everything else out)
        }
        Rendered old = cache.put(key, r);
        bytes += r.bytes() - (old == null ? 0 : old.bytes());
        Iterator<Map.Entry<String, Rendered>> eldest = cache.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            Map.Entry<String, Rendered> e = eldest.next();
            bytes -= e.getValue().bytes();
            eldest.remove();
        }
    }

    synchronized long size() {
        return bytes;
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (OutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
