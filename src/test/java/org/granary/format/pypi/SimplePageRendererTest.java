package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimplePageRendererTest {

    private static final String FILES = "https://granary.example.test/granary/pypi/files/";
    private static final URI GRANARY_PAGE = URI.create("https://granary.example.test/granary/pypi/simple/demo/");

    private static final SimplePage.Distribution WHEEL = new SimplePage.Distribution("demo-1.0+local-py3-none-any.whl",
            URI.create("https://files.example.test/ab/demo-1.0+local-py3-none-any.whl"), Map.of("sha256", "aa11"),
            ">=3.8,<4", null, Map.of("sha256", "bb22"), 1234L, "2024-01-02T03:04:05.678901Z");
    private static final SimplePage.Distribution YANKED = new SimplePage.Distribution("demo-0.9.tar.gz",
            URI.create("https://files.example.test/cd/demo-0.9.tar.gz"), Map.of("sha512", "cc33", "md5", "dd"),
            null, "\"bad\" <build> & more", null, 99L, null);
    private static final SimplePage.Distribution PLAIN = new SimplePage.Distribution("demo-0.8.zip",
            URI.create("https://files.example.test/ef/demo-0.8.zip"), Map.of(), null, "", Map.of(), 5L, null);
    private static final SimplePage PAGE = new SimplePage("demo", "1.1", List.of("1.0+local", "0.9", "0.8"),
            List.of(WHEEL, YANKED, PLAIN));

    @Test
    void htmlPointsAtGranaryAndKeepsEveryAttributeEscaped() throws Exception {
        String html = SimplePageRenderer.html(PAGE, FILES);
        assertTrue(html.contains("<meta name=\"pypi:repository-version\" content=\"1.1\">"), html);
        assertTrue(html.contains("href=\"" + FILES + "demo/demo-1.0+local-py3-none-any.whl#sha256=aa11\""), html);
        assertTrue(html.contains("data-requires-python=\"&gt;=3.8,&lt;4\""), html);
        assertTrue(html.contains("data-core-metadata=\"sha256=bb22\" data-dist-info-metadata=\"sha256=bb22\""), html);
        assertTrue(html.contains("#sha512=cc33\" data-yanked=\"&quot;bad&quot; &lt;build&gt; &amp; more\""), html);
        assertTrue(html.contains("demo-0.8.zip\" data-yanked=\"\" data-core-metadata=\"true\""), html);
        assertFalse(html.contains("files.example.test"), "no upstream URL leaks");

        SimplePage back = SimplePageParser.parse(html.getBytes(StandardCharsets.UTF_8), GRANARY_PAGE, "demo");
        assertEquals(List.of(WHEEL.filename(), YANKED.filename(), PLAIN.filename()),
                back.files().stream().map(SimplePage.Distribution::filename).toList());
        assertEquals(WHEEL.requiresPython(), back.files().get(0).requiresPython());
        assertEquals(YANKED.yanked(), back.files().get(1).yanked());
        assertEquals(Map.of("sha256", "bb22"), back.files().get(0).coreMetadata());
        assertEquals(URI.create(FILES + "demo/demo-1.0+local-py3-none-any.whl"), back.files().get(0).url());
    }

    @Test
    void jsonHasThePep700FieldsAndBothCoreMetadataNames() {
        JsonObject json = Json.createReader(new StringReader(SimplePageRenderer.json(PAGE, FILES))).readObject();
        assertEquals("1.1", json.getJsonObject("meta").getString("api-version"));
        assertEquals("demo", json.getString("name"));
        assertEquals(List.of("1.0+local", "0.9", "0.8"), json.getJsonArray("versions").getValuesAs(
                JsonString::getString));
        JsonObject w = json.getJsonArray("files").getJsonObject(0);
        assertEquals(FILES + "demo/demo-1.0+local-py3-none-any.whl", w.getString("url"));
        assertEquals("aa11", w.getJsonObject("hashes").getString("sha256"));
        assertEquals(">=3.8,<4", w.getString("requires-python"));
        assertEquals(1234, w.getInt("size"));
        assertEquals("2024-01-02T03:04:05.678901Z", w.getString("upload-time"));
        assertEquals("bb22", w.getJsonObject("core-metadata").getString("sha256"));
        assertEquals("bb22", w.getJsonObject("dist-info-metadata").getString("sha256"));
        assertFalse(w.containsKey("yanked"));
        JsonObject y = json.getJsonArray("files").getJsonObject(1);
        assertEquals("\"bad\" <build> & more", y.getString("yanked"));
        assertFalse(y.containsKey("core-metadata"));
        JsonObject p = json.getJsonArray("files").getJsonObject(2);
        assertTrue(p.getBoolean("yanked"));
        assertTrue(p.getBoolean("core-metadata"));
        assertEquals(0, p.getJsonObject("hashes").size());
    }

    @Test
    void withoutEverySizeThePageIsApiVersion10() {
        SimplePage fromHtml = new SimplePage("demo", "1.0", List.of("0.9"), List.of(new SimplePage.Distribution(
                "demo-0.9.tar.gz", URI.create("https://files.example.test/demo-0.9.tar.gz"), Map.of(), null, null,
                null, null, null)));
        JsonObject json = Json.createReader(new StringReader(SimplePageRenderer.json(fromHtml, FILES))).readObject();
        assertEquals("1.0", json.getJsonObject("meta").getString("api-version"));
        assertFalse(json.getJsonArray("files").getJsonObject(0).containsKey("size"));
        assertTrue(SimplePageRenderer.html(fromHtml, FILES).contains("content=\"1.0\""));
    }

    @Test
    void theProjectListIsValidInBothForms() {
        assertTrue(SimplePageRenderer.projectListHtml(List.of("a-b")).contains("<a href=\"a-b/\">a-b</a>"));
        JsonObject json = Json.createReader(new StringReader(SimplePageRenderer.projectListJson(List.of()))).readObject();
        assertEquals(0, json.getJsonArray("projects").size());
    }
}
