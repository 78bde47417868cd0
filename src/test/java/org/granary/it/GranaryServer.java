package org.granary.it;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Where the Granary under test runs, the WAR that Arquillian deploys there (the one the build made), and plain
 * requests to it as an anonymous client sends them. The base class of the tests is {@link GranaryIT}.
 */
public final class GranaryServer {

    private GranaryServer() {
    }

    /** The WAR exactly as built, named granary.war so it serves at /granary. */
    public static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.war", "target/granary.war")));
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + System.getProperty("it.http.port", "18080") + "/granary";
    }

    /** The URL of a repository, ending in a slash: {@code http://127.0.0.1:18080/granary/npm/}. */
    public static String repositoryUrl(String repository) {
        return baseUrl() + "/" + repository + "/";
    }

    /** The server's data directory (H2 database and blobs). */
    public static Path dataDir() {
        return Path.of(System.getProperty("it.data.dir", "target/it-data"));
    }

    /**
     * The blobs stored for {@code relative} under the data directory's {@code blobs/}: the file itself, or the copies
     * kept under keys of their own ({@code <path>~<sha256>…}, one per fetch or version).
     */
    public static java.util.List<Path> storedBlobs(String relative) throws java.io.IOException {
        Path file = dataDir().resolve("blobs").resolve(relative);
        Path dir = file.getParent();
        if (!java.nio.file.Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        String name = file.getFileName().toString();
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().equals(name)
                    || f.getFileName().toString().startsWith(name + "~")).sorted().toList();
        }
    }

    /** The port a fake upstream of {@code ecosystem} must listen on (the server was configured with it). */
    public static int upstreamPort(String ecosystem) {
        return Integer.getInteger("it.upstream." + ecosystem + ".port");
    }

    public static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static HttpResponse<byte[]> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public static HttpResponse<Void> head(String url) throws Exception {
        return http().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }
}
