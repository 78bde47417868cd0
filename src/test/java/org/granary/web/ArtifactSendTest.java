package org.granary.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.granary.core.ArtifactResult;
import org.granary.core.StoredArtifact;
import org.granary.storage.BlobNotFoundException;
import org.granary.storage.Digests;
import org.granary.storage.StoragePath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client gets from the fast path of hits ({@link ArtifactResponses#send}): the bytes, from the container's
 * buffer write when its stream has one and through the standard stream otherwise, with the headers the JAX-RS
 * path sends; 304 and 206 as there; and nothing at all when the stored bytes are gone.
 */
class ArtifactSendTest {

    @TempDir
    Path dir;

    private byte[] content;
    private Path file;
    private final AtomicLong counted = new AtomicLong();
    private ArtifactResult.Stored stored;

    @BeforeEach
    void setUp() throws IOException {
        content = new byte[700_000]; // more than one buffer
        new Random(7).nextBytes(content);
        file = dir.resolve("blob");
        Files.write(file, content);
        stored = stored(file);
    }

    @Test
    void aServerWithoutZeroCopyGetsTheBytesThroughTheStandardStream() throws IOException {
        PlainStream out = new PlainStream();
        Answer a = send(Map.of(), out, true);

        assertEquals(200, a.status);
        assertArrayEquals(content, out.bytes.toByteArray());
        assertEquals(String.valueOf(content.length), a.headers.get("content-length"));
        assertEquals('"' + Digests.sha256Hex(content) + '"', a.headers.get("etag"));
        assertEquals(ArtifactResponses.CACHE_CONTROL, a.headers.get("cache-control"));
        assertEquals("bytes", a.headers.get("accept-ranges"));
        assertEquals("application/gzip", a.headers.get("content-type"));
        assertEquals(content.length, counted.get(), "the bytes sent count as served");
    }

    @Test
    void aServerWithABufferWriteIsHandedDirectBuffersOfTheFile() throws IOException {
        BufferStream out = new BufferStream();
        Answer a = send(Map.of(), out, true);

        assertEquals(200, a.status);
        assertArrayEquals(content, out.bytes.toByteArray());
        assertEquals(3, out.writes, "700,000 bytes in buffers of 256 KiB, none through write(byte[])");
        assertTrue(out.allDirect, "the file is read straight into direct buffers");
        assertEquals(content.length, counted.get());
    }

    @Test
    void theDirectSendSwitchedOffUsesTheStandardStreamEvenWhereItExists() throws IOException {
        BufferStream out = new BufferStream();
        send(Map.of(), out, false);

        assertEquals(0, out.writes);
        assertArrayEquals(content, out.bytes.toByteArray());
    }

    @Test
    void aRangeIsSentFromTheFileThroughTheBufferWrite() throws IOException {
        BufferStream out = new BufferStream();
        Answer a = send(Map.of("Range", "bytes=300000-300099"), out, true);

        assertEquals(206, a.status);
        assertEquals("bytes 300000-300099/" + content.length, a.headers.get("content-range"));
        assertEquals("100", a.headers.get("content-length"));
        assertArrayEquals(Arrays.copyOfRange(content, 300000, 300100), out.bytes.toByteArray());
        assertEquals(1, out.writes);
        assertEquals(100, counted.get(), "what was sent counts as served");
    }

    @Test
    void aRangeBeyondTheEndIs416() throws IOException {
        Answer a = send(Map.of("Range", "bytes=" + content.length + "-"), new PlainStream(), true);

        assertEquals(416, a.status);
        assertEquals("bytes */" + content.length, a.headers.get("content-range"));
    }

    @Test
    void aClientThatHasTheArtifactGets304() throws IOException {
        PlainStream out = new PlainStream();
        Answer a = send(Map.of("If-None-Match", "W/\"other\", \"" + Digests.sha256Hex(content) + "\""), out, true);

        assertEquals(304, a.status);
        assertEquals(0, out.bytes.size());
    }

    @Test
    void anAuthenticatedDownloadIsPrivateToSharedCaches() throws IOException {
        Answer a = send(Map.of("Authorization", "Bearer gra_x"), new PlainStream(), true);

        assertEquals("private, max-age=31536000, immutable", a.headers.get("cache-control"));
    }

    @Test
    void headSendsTheHeadersAndNoBytes() throws IOException {
        PlainStream out = new PlainStream();
        Answer a = send("HEAD", Map.of(), out, true);

        assertEquals(200, a.status);
        assertEquals(String.valueOf(content.length), a.headers.get("content-length"));
        assertEquals(0, out.bytes.size());
    }

    @Test
    void bytesThatAreGoneLeaveTheAnswerToTheOrdinaryPath() throws IOException {
        Files.delete(file);
        PlainStream out = new PlainStream();
        Answer a = new Answer();

        boolean answered = ArtifactResponses.send(stored, request("GET", Map.of()), a.response(out), true);

        assertFalse(answered);
        assertTrue(a.headers.isEmpty(), "nothing written: " + a.headers);
    }

    @Test
    void theRepositoryAndPathOfARequestAreSplitAsTheRouterSplitsThem() {
        assertEquals(new ArtifactHits.RepositoryPath("npm", "@scope%2fname/-/name-1.0.0.tgz"),
                ArtifactHits.RepositoryPath.of("/granary/npm/@scope%2fname/-/name-1.0.0.tgz", "/granary"));
        assertEquals(null, ArtifactHits.RepositoryPath.of("/granary/npm/", "/granary"));
        assertEquals(null, ArtifactHits.RepositoryPath.of("/granary/npm", "/granary"));
        assertEquals(null, ArtifactHits.RepositoryPath.of("/other/npm/x", "/granary"));
    }

    private Answer send(Map<String, String> headers, ServletOutputStream out, boolean zeroCopy) throws IOException {
        return send("GET", headers, out, zeroCopy);
    }

    private Answer send(String method, Map<String, String> headers, ServletOutputStream out, boolean zeroCopy)
            throws IOException {
        Answer a = new Answer();
        assertTrue(ArtifactResponses.send(stored, request(method, headers), a.response(out), zeroCopy));
        return a;
    }

    private ArtifactResult.Stored stored(Path blob) {
        StoredArtifact artifact = new StoredArtifact(content.length, "sha1", Digests.sha256Hex(content), "sha512",
                "application/gzip", Instant.parse("2026-01-01T00:00:00Z"));
        return new ArtifactResult.Stored(artifact, () -> {
            throw new AssertionError("a local file is read as a file");
        }, new ArtifactResult.LocalFile() {
            @Override
            public FileChannel open() throws IOException {
                if (!Files.exists(blob)) {
                    throw new BlobNotFoundException(StoragePath.of("blob"));
                }
                return FileChannel.open(blob, StandardOpenOption.READ);
            }

            @Override
            public void sent(long bytes) {
                counted.addAndGet(bytes);
            }
        });
    }

    private static HttpServletRequest request(String method, Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return (HttpServletRequest) Proxy.newProxyInstance(ArtifactSendTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> lower.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getUserPrincipal" -> lower.containsKey("authorization") ? (Principal) () -> "ci" : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** What the response got: status and headers (lower-case names). */
    private static final class Answer {
        int status = 200;
        final Map<String, String> headers = new LinkedHashMap<>();

        HttpServletResponse response(ServletOutputStream out) {
            return (HttpServletResponse) Proxy.newProxyInstance(ArtifactSendTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put(((String) args[0]).toLowerCase(Locale.ROOT), (String) args[1]);
                            case "setDateHeader" -> headers.put(((String) args[0]).toLowerCase(Locale.ROOT),
                                    String.valueOf(args[1]));
                            case "setContentType" -> headers.put("content-type", (String) args[0]);
                            case "setContentLengthLong" -> headers.put("content-length", String.valueOf(args[0]));
                            case "getOutputStream" -> {
                                return out;
                            }
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
        }
    }

    /** A container's stream with nothing but the standard API. */
    static class PlainStream extends ServletOutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    /** A container's stream with a buffer write, as Undertow's has (and Servlet 6.1's ServletOutputStream). */
    public static class BufferStream extends PlainStream {
        int writes;
        boolean allDirect = true;

        public void write(ByteBuffer buffer) {
            writes++;
            allDirect &= buffer.isDirect();
            byte[] b = new byte[buffer.remaining()];
            buffer.get(b);
            bytes.write(b, 0, b.length);
        }
    }
}
