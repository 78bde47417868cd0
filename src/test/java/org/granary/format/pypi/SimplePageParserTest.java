package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.granary.testing.FakePypiIndex;
import org.granary.testing.PypiDistribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both upstream forms, as the fake index serves them over HTTP, and the odd corners of each. */
class SimplePageParserTest {

    private static FakePypiIndex index;
    private static PypiDistribution wheel;
    private static PypiDistribution sdist;
    private static PypiDistribution yanked;

    @BeforeAll
    static void publish() {
        index = new FakePypiIndex();
        wheel = index.publish(PypiDistribution.wheel("Parse_Me", "1.0.0", ">=3.8", List.of("other>=1")));
        sdist = index.publish(PypiDistribution.sdist("Parse_Me", "1.0.0", ">=3.8", List.of()));
        yanked = index.publish(PypiDistribution.wheel("Parse_Me", "2.0.0", null, List.of()), "do not <use> & see");
    }

    @AfterAll
    static void stop() {
        index.close();
    }

    @Test
    void theJsonFormCarriesEverything() throws Exception {
        HttpResponse<byte[]> r = fetch(FakePypiIndex.JSON_TYPE);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(FakePypiIndex.JSON_TYPE));
        SimplePage page = SimplePageParser.parse(r.body(), pageUrl(), "parse-me");

        assertEquals("1.1", page.apiVersion());
        assertEquals(List.of("1.0.0", "2.0.0"), page.versions());
        assertCommon(page);
        SimplePage.Distribution w = page.file(wheel.filename()).orElseThrow();
        assertEquals((long) wheel.bytes().length, w.size());
        assertTrue(w.uploadTime().endsWith("Z"));
        assertTrue(page.sizesKnown());
    }

    @Test
    void theHtmlFormCarriesEverythingButPep700Fields() throws Exception {
        HttpResponse<byte[]> r = fetch("text/html");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        SimplePage page = SimplePageParser.parse(r.body(), pageUrl(), "parse-me");

        assertEquals("1.0", page.apiVersion());
        assertEquals(List.of("1.0.0", "2.0.0"), page.versions(), "derived from the file names");
        assertCommon(page);
        assertNull(page.file(wheel.filename()).orElseThrow().size());
        assertFalse(page.sizesKnown());
    }

    /** What both forms must agree on: absolute URLs (the HTML ones are relative upstream), hashes, attributes. */
    private static void assertCommon(SimplePage page) {
        assertEquals("parse-me", page.name());
        assertEquals(List.of(wheel.filename(), sdist.filename(), yanked.filename()),
                page.files().stream().map(SimplePage.Distribution::filename).toList());
        SimplePage.Distribution w = page.file(wheel.filename()).orElseThrow();
        assertEquals(URI.create(index.baseUrl() + "/files/parse-me/" + wheel.filename()), w.url());
        assertEquals(Map.of("sha256", wheel.sha256()), w.hashes());
        assertEquals(">=3.8", w.requiresPython());
        assertFalse(w.isYanked());
        assertEquals(Map.of("sha256", wheel.metadataSha256()), w.coreMetadata());
        assertEquals(URI.create(index.baseUrl() + "/files/parse-me/" + wheel.filename() + ".metadata"),
                w.coreMetadataUrl());

        SimplePage.Distribution s = page.file(sdist.filename()).orElseThrow();
        assertFalse(s.hasCoreMetadata());
        assertEquals(Map.of("sha256", sdist.sha256()), s.hashes());

        SimplePage.Distribution y = page.file(yanked.filename()).orElseThrow();
        assertEquals("do not <use> & see", y.yanked());
        assertNull(y.requiresPython());
    }

    @Test
    void jsonOddities() throws IOException {
        String json = """
                {"meta": {"api-version": "1.3"}, "name": "odd",
                 "files": [
                   {"filename": "odd-1.0.tar.gz", "url": "../../packages/odd-1.0.tar.gz",
                    "hashes": {"SHA256": "ABCDEF", "md5": "00ff", "bogus": "not hex"},
                    "yanked": true, "requires-python": "", "dist-info-metadata": true},
                   {"filename": "odd-1.1.tar.gz", "url": "https://files.example.test/odd-1.1.tar.gz",
                    "hashes": {}, "yanked": false, "core-metadata": false, "dist-info-metadata": {"sha256": "aa"},
                    "size": -1},
                   {"filename": "no-url.tar.gz"},
                   {"filename": "../escape.whl", "url": "x"},
                   {"filename": "ftp-1.0.tar.gz", "url": "ftp://files.example.test/ftp-1.0.tar.gz"},
                   "not an object"
                 ]}
                """;
        SimplePage page = SimplePageParser.parse(json.getBytes(StandardCharsets.UTF_8),
                URI.create("https://index.example.test/simple/odd/"), "odd");
        assertEquals(2, page.files().size());
        SimplePage.Distribution first = page.files().get(0);
        assertEquals(URI.create("https://index.example.test/packages/odd-1.0.tar.gz"), first.url());
        assertEquals(Map.of("sha256", "abcdef", "md5", "00ff"), first.hashes());
        assertEquals("", first.yanked());
        assertNull(first.requiresPython());
        assertEquals(Map.of(), first.coreMetadata(), "true: the file exists, no hashes known");
        SimplePage.Distribution second = page.files().get(1);
        assertFalse(second.isYanked());
        assertFalse(second.hasCoreMetadata(), "core-metadata (PEP 714) wins over the older name");
        assertNull(second.size());
        assertEquals(List.of("1.0", "1.1"), page.versions());
    }

    @Test
    void htmlOddities() throws IOException {
        String html = "\ufeff  <html><head><base href=\"https://mirror.example.test/root/\"></head><body>"
                + "<a href=\"pkgs/odd-1.0.tar.gz#md5=00FF\" data-dist-info-metadata=\"true\">odd-1.0.tar.gz</a>"
                + "<a href=\"pkgs/odd-1.1.tar.gz#egg=odd\" data-core-metadata=\"sha256=AA\" data-dist-info-metadata=\"true\"></a>"
                + "<a>no href</a><a href=\"javascript:alert(1)\">js.tar.gz</a>"
                + "<a href=\"pkgs/with space-1.0.zip\">with space-1.0.zip</a>"
                + "</body></html>";
        SimplePage page = SimplePageParser.parse(html.getBytes(StandardCharsets.UTF_8),
                URI.create("https://index.example.test/simple/odd/"), "odd");
        assertEquals(List.of("odd-1.0.tar.gz", "odd-1.1.tar.gz", "with space-1.0.zip"),
                page.files().stream().map(SimplePage.Distribution::filename).toList());
        assertEquals(URI.create("https://mirror.example.test/root/pkgs/odd-1.0.tar.gz"), page.files().get(0).url());
        assertEquals(Map.of("md5", "00ff"), page.files().get(0).hashes());
        assertEquals(Map.of(), page.files().get(0).coreMetadata());
        assertEquals(Map.of(), page.files().get(1).hashes(), "#egg= is no hash");
        assertEquals(Map.of("sha256", "aa"), page.files().get(1).coreMetadata());
        assertEquals("https://mirror.example.test/root/pkgs/with%20space-1.0.zip", page.files().get(2).url().toString());
    }

    @Test
    void unreadableOrUnsupportedPagesAreRefused() {
        URI u = URI.create("https://index.example.test/simple/x/");
        for (String bad : List.of("not a page", "{\"meta\": {\"api-version\": \"2.0\"}, \"files\": []}",
                "{\"files\": 3}", "{broken", "<html><meta name=\"pypi:repository-version\" content=\"2.0\"></html>")) {
            assertThrows(IOException.class, () -> SimplePageParser.parse(bad.getBytes(StandardCharsets.UTF_8), u, "x"),
                    bad);
        }
    }

    private static URI pageUrl() {
        return URI.create(index.baseUrl() + FakePypiIndex.pagePath("parse-me"));
    }

    private static HttpResponse<byte[]> fetch(String accept) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(pageUrl())
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r;
    }
}
