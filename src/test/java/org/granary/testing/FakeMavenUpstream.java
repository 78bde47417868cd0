package org.granary.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake upstream Maven repository on {@code 127.0.0.1}: files published in memory by the test, in the standard
 * layout, each with the checksum files the test asks for; and, optionally, a read-only view of a local Maven
 * repository on disk for everything else (so that the real {@code mvn} can load its plugins through Granary
 * without the internet: the build's own local repository already holds them).
 *
 * <p>Published files are served with a strong ETag and answer {@code If-None-Match} with 304, like a real
 * repository manager. {@link #corrupt(String)} makes a file's bytes differ from its published checksums.
 */
public final class FakeMavenUpstream implements AutoCloseable {

    /** The checksum files a published file gets. */
    public enum Checksums {
        NONE(), SHA1("sha1"), SHA1_SHA256("sha1", "sha256"), ALL("md5", "sha1", "sha256", "sha512");

        private final String[] extensions;

        Checksums(String... extensions) {
            this.extensions = extensions;
        }
    }

    private final FakeUpstream server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, byte[]> corrupted = new ConcurrentHashMap<>();
    private final Path localRepository;
    private final Map<String, java.time.Instant> lastModified = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param port            the port Granary was configured with
     * @param localRepository a local Maven repository to serve files the test did not publish from, or {@code null}
     */
    public FakeMavenUpstream(int port, Path localRepository) {
        this.localRepository = localRepository == null ? null : localRepository.toAbsolutePath().normalize();
        this.server = new FakeUpstream(port);
        server.onPrefix("/", this::serve);
    }

    /** Publishes {@code bytes} at {@code path} (no leading slash) with the given checksum files. */
    public FakeMavenUpstream publish(String path, byte[] bytes, Checksums checksums) {
        files.put(path, bytes.clone());
        for (String ext : Checksums.ALL.extensions) {
            files.remove(path + "." + ext);
        }
        for (String ext : checksums.extensions) {
            files.put(path + "." + ext, hex(ext, bytes).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return this;
    }

    /** Serves {@code path} with this {@code Last-Modified} (what Maven repositories send for a published file). */
    public FakeMavenUpstream lastModified(String path, java.time.Instant at) {
        lastModified.put(path, at);
        return this;
    }

    /** Publishes a checksum file with arbitrary content (e.g. a wrong or unreadable value). */
    public FakeMavenUpstream publishRaw(String path, byte[] bytes) {
        files.put(path, bytes.clone());
        return this;
    }

    /** The bytes published at {@code path}. */
    public byte[] bytes(String path) {
        byte[] b = files.get(path);
        if (b == null) {
            throw new IllegalArgumentException("nothing published at " + path);
        }
        return b.clone();
    }

    /** From now on {@code path} is served with different bytes (same length) than its checksum files declare. */
    public void corrupt(String path) {
        byte[] bad = bytes(path);
        for (int i = 0; i < bad.length; i += 97) {
            bad[i] ^= 0x5a;
        }
        corrupted.put(path, bad);
    }

    public void restore(String path) {
        corrupted.remove(path);
    }

    /** How many requests (GET or HEAD) the upstream saw for {@code path} (no leading slash). */
    public int requests(String path) {
        return server.requestCount("/" + path);
    }

    public int requestsWithPrefix(String prefix) {
        return server.requestCountWithPrefix("/" + prefix);
    }

    public int totalRequests() {
        return server.totalRequests();
    }

    public void stop() {
        server.stop();
    }

    public void start() {
        server.start();
    }

    public FakeUpstream server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }

    /** Lower-case hex of {@code bytes} under a checksum file extension ({@code md5}, {@code sha1}, ...). */
    public static String hex(String extension, byte[] bytes) {
        String algorithm = switch (extension) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException(extension);
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- internals -------------------------------------------------------------------------------------

    private void serve(Exchange exchange) throws IOException {
        String path = exchange.path().substring(1);
        byte[] body = corrupted.getOrDefault(path, files.get(path));
        if (body != null) {
            String etag = "\"" + hex("sha1", body) + "\"";
            exchange.setHeader("ETag", etag);
            java.time.Instant modified = lastModified.get(path);
            if (modified != null) {
                exchange.setHeader("Last-Modified", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(java.time.ZonedDateTime.ofInstant(modified, java.time.ZoneOffset.UTC)));
            }
            if (etag.equals(exchange.header("If-None-Match").orElse(null))) {
                exchange.respondEmpty(304);
                return;
            }
            exchange.respond(200, contentType(path), body);
            return;
        }
        Optional<Path> onDisk = fromLocalRepository(path);
        if (onDisk.isPresent()) {
            long size = Files.size(onDisk.get());
            exchange.setHeader("Content-Type", contentType(path));
            try (OutputStream out = exchange.startResponse(200, size == 0 ? -1 : size);
                 InputStream in = Files.newInputStream(onDisk.get())) {
                if (!exchange.isHead()) {
                    in.transferTo(out);
                }
            }
            return;
        }
        exchange.respondText(404, "Not Found");
    }

    /** A regular file of the local repository, never a tracking file, never outside it. */
    private Optional<Path> fromLocalRepository(String path) {
        if (localRepository == null || path.isEmpty() || path.contains("..") || path.contains("\\")) {
            return Optional.empty();
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.startsWith("_") || name.startsWith("maven-metadata") || name.endsWith(".lastUpdated")
                || name.startsWith(".")) {
            return Optional.empty();
        }
        Path file = localRepository.resolve(path).normalize();
        return file.startsWith(localRepository) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static String contentType(String path) {
        if (path.endsWith(".jar")) {
            return "application/java-archive";
        }
        if (path.endsWith(".pom") || path.endsWith(".xml")) {
            return "text/xml";
        }
        return path.matches(".*\\.(md5|sha1|sha256|sha512)$") ? "text/plain" : "application/octet-stream";
    }
}
