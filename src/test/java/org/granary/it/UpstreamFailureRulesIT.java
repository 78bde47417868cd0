package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Function;
import org.granary.testing.FakeUpstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules every ecosystem's metadata obeys when the upstream misbehaves, in one table: an upstream 404
 * is a 404; an unreachable upstream with nothing cached is a 502; an unreachable upstream with the
 * metadata cached serves the cached copy (200, {@code Warning: 110}).
 */
class UpstreamFailureRulesIT extends GranaryIT {

    /** Per ecosystem: where its metadata for a package lives upstream and in Granary, and a valid document. */
    enum Ecosystem {
        NPM("npm", name -> "/" + name, name -> "npm/" + name,
                name -> "{\"name\":\"" + name + "\",\"dist-tags\":{},\"versions\":{}}", "application/json"),
        PYPI("pypi", name -> "/simple/" + name + "/", name -> "pypi/simple/" + name + "/",
                name -> "<!DOCTYPE html><html><body><a href=\"../../files/" + name + "-1.0.tar.gz#sha256="
                        + "0".repeat(64) + "\">" + name + "-1.0.tar.gz</a></body></html>", "text/html"),
        CARGO("cargo", name -> "/" + cargoPrefix(name) + "/" + name, name -> "cargo/" + cargoPrefix(name) + "/" + name,
                name -> "{\"name\":\"" + name + "\",\"vers\":\"1.0.0\",\"deps\":[],\"cksum\":\"" + "0".repeat(64)
                        + "\",\"features\":{},\"yanked\":false}\n", "text/plain"),
        MAVEN("maven", name -> "/org/example/" + name + "/maven-metadata.xml",
                name -> "maven/org/example/" + name + "/maven-metadata.xml",
                name -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?><metadata><groupId>org.example</groupId><artifactId>"
                        + name + "</artifactId><versioning><latest>1.0</latest><release>1.0</release><versions>"
                        + "<version>1.0</version></versions></versioning></metadata>", "application/xml"),
        GO("go", name -> "/example.test/" + name + "/@v/list", name -> "go/example.test/" + name + "/@v/list",
                name -> "v1.0.0\n", "text/plain");

        final String id;
        final Function<String, String> upstreamPath;
        final Function<String, String> granaryPath;
        final Function<String, String> document;
        final String contentType;

        Ecosystem(String id, Function<String, String> upstreamPath, Function<String, String> granaryPath,
                  Function<String, String> document, String contentType) {
            this.id = id;
            this.upstreamPath = upstreamPath;
            this.granaryPath = granaryPath;
            this.document = document;
            this.contentType = contentType;
        }

        String url(String name) {
            return GranaryServer.baseUrl() + "/" + granaryPath.apply(name);
        }

        private static String cargoPrefix(String name) {
            return name.substring(0, 2) + "/" + name.substring(2, 4);
        }
    }

    @ParameterizedTest
    @EnumSource(Ecosystem.class)
    void anUpstream404IsA404(Ecosystem eco) throws Exception {
        try (FakeUpstream upstream = new FakeUpstream(GranaryServer.upstreamPort(eco.id))) {
            String name = unique();
            HttpResponse<byte[]> r = GranaryServer.get(eco.url(name));
            assertEquals(404, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            assertTrue(upstream.totalRequests() >= 1, "the upstream was asked");
        }
    }

    @ParameterizedTest
    @EnumSource(Ecosystem.class)
    void anUnreachableUpstreamWithNothingCachedIsA502(Ecosystem eco) throws Exception {
        HttpResponse<byte[]> r = GranaryServer.get(eco.url(unique()));
        assertEquals(502, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("error"));
    }

    @ParameterizedTest
    @EnumSource(Ecosystem.class)
    void anUnreachableUpstreamWithMetadataCachedServesItStale(Ecosystem eco) throws Exception {
        String name = unique();
        byte[] document = eco.document.apply(name).getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> fresh;
        try (FakeUpstream upstream = new FakeUpstream(GranaryServer.upstreamPort(eco.id))) {
            upstream.on(eco.upstreamPath.apply(name), ex -> ex.respond(200, eco.contentType, document));
            fresh = GranaryServer.get(eco.url(name));
            assertEquals(200, fresh.statusCode(), new String(fresh.body(), StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> stale = GranaryServer.get(eco.url(name));
        assertEquals(200, stale.statusCode(), new String(stale.body(), StandardCharsets.UTF_8));
        assertTrue(stale.headers().firstValue("Warning").orElse("").startsWith("110"), "served with Warning: 110");
        assertArrayEquals(fresh.body(), stale.body(), "the stale copy is what was served fresh");
    }

    /**
     * A document larger than the repository's {@code maxMetadataBytes} is refused with 502 naming the limit, and nothing
     * is cached; the format's default limit is what a repository shows when it sets none.
     */
    @ParameterizedTest
    @EnumSource(Ecosystem.class)
    void aDocumentOverTheRepositorysMetadataLimitIsA502NamingTheLimit(Ecosystem eco) throws Exception {
        String name = unique();
        byte[] document = eco.document.apply(name).getBytes(StandardCharsets.UTF_8);
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.on(eco.upstreamPath.apply(name), ex -> ex.respond(200, eco.contentType, document));
            String repo = "limit-" + eco.id + "-" + UUID.randomUUID().toString().substring(0, 8);
            String upstreamUrl = upstream.baseUrl() + (eco == Ecosystem.PYPI ? "/simple/" : "/");
            createRepository("{\"name\":\"" + repo + "\",\"format\":\"" + eco.id + "\",\"type\":\"proxy\","
                    + "\"upstreamUrl\":\"" + upstreamUrl + "\"}");
            long defaultLimit = json(send("GET", API + "repositories/" + repo, ADMIN, null))
                    .getJsonNumber("maxMetadataBytes").longValue();
            assertEquals(eco == Ecosystem.NPM ? 128L << 20 : eco == Ecosystem.PYPI ? 64L << 20 : 16L << 20, defaultLimit);
            updateRepository(repo, "{\"maxMetadataBytes\":" + (document.length - 1) + "}");
            String url = GranaryServer.baseUrl() + "/" + repo + eco.granaryPath.apply(name).substring(eco.id.length());

            HttpResponse<byte[]> refused = GranaryServer.get(url);

            String body = new String(refused.body(), StandardCharsets.UTF_8);
            assertEquals(502, refused.statusCode(), body);
            assertTrue(body.contains("(" + (document.length - 1) + " bytes) this repository accepts"), body);
            assertTrue(body.contains("maxMetadataBytes"), body);

            updateRepository(repo, "{\"maxMetadataBytes\":" + document.length + "}");
            HttpResponse<byte[]> within = GranaryServer.get(url);
            assertEquals(200, within.statusCode(), new String(within.body(), StandardCharsets.UTF_8));
        }
    }

    private static String unique() {
        return "rules" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
