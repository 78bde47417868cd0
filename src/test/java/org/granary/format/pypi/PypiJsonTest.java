package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.core.NotFoundException;
import org.junit.jupiter.api.Test;

/** PyPI's JSON API as poetry, pip-audit and Renovate read it, from hosted uploads and upstream documents. */
class PypiJsonTest {

    private static final String FILES = "https://granary.example/granary/pypi/files/";
    private static final String API = "https://granary.example/granary/pypi/pypi/";
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);

    private static final byte[] METADATA = ("Metadata-Version: 2.1\nName: Demo.Pkg\nVersion: 1.0\n"
            + "Summary: A demo\nHome-page: https://example.org/demo\nAuthor: Ada\nLicense: MIT\n"
            + "Requires-Python: >=3.8\nRequires-Dist: requests>=2\nRequires-Dist: idna; extra == 'net'\n"
            + "Project-URL: Source, https://example.org/src\nClassifier: Programming Language :: Python :: 3\n"
            + "\nThe long description.\n").getBytes(StandardCharsets.UTF_8);

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private byte[] hostedDocument() {
        JsonObject info = PypiJson.info(Map.of("name", List.of("Demo.Pkg"), "version", List.of("1.0")), METADATA);
        byte[] doc = HostedProject.withFile(Optional.empty(), "demo-pkg", new HostedProject.File(
                "demo_pkg-1.0-py3-none-any.whl", "1.0", SHA_A, 10, "2025-01-06T09:00:00.123456Z", ">=3.8", null, null,
                "paula"), info);
        doc = HostedProject.withFile(Optional.of(doc), "demo-pkg", new HostedProject.File("demo_pkg-2.0.tar.gz",
                "2.0", SHA_B, 20, "2025-02-01T10:00:00Z", null, null, null, "paula"),
                PypiJson.info(Map.of("name", List.of("Demo.Pkg"), "version", List.of("2.0"),
                        "summary", List.of("Second"), "requires_dist", List.of("click")), null));
        return doc;
    }

    @Test
    void aHostedProjectReadsAsPyPiDoesItsInfoFromTheCoreMetadataItsFilesWithDigestsAndGranaryUrls() throws Exception {
        JsonObject json = parse(PypiJson.render(PypiJson.hosted(hostedDocument()), "demo-pkg", null, v -> true, FILES,
                API));

        JsonObject info = json.getJsonObject("info");
        assertEquals("2.0", info.getString("version"), "the latest release is shown");
        assertEquals("Second", info.getString("summary"));
        assertEquals(List.of("click"), info.getJsonArray("requires_dist").getValuesAs(JsonString::getString));
        assertEquals(API + "demo-pkg/2.0/", info.getString("release_url"));
        assertEquals(List.of("1.0", "2.0"), List.copyOf(json.getJsonObject("releases").keySet()));
        JsonObject sdist = json.getJsonArray("urls").getJsonObject(0);
        assertEquals(FILES + "demo-pkg/demo_pkg-2.0.tar.gz", sdist.getString("url"));
        assertEquals(SHA_B, sdist.getJsonObject("digests").getString("sha256"));
        assertEquals("sdist", sdist.getString("packagetype"));
        assertEquals("2025-02-01T10:00:00", sdist.getString("upload_time"));
        assertEquals("2025-02-01T10:00:00Z", sdist.getString("upload_time_iso_8601"));
        assertEquals(20, sdist.getInt("size"));
        assertFalse(sdist.getBoolean("yanked"));

        JsonObject one = parse(PypiJson.render(PypiJson.hosted(hostedDocument()), "demo-pkg", "1.0", v -> true, FILES,
                API));
        JsonObject i1 = one.getJsonObject("info");
        assertEquals("A demo", i1.getString("summary"));
        assertEquals(List.of("requests>=2", "idna; extra == 'net'"),
                i1.getJsonArray("requires_dist").getValuesAs(JsonString::getString));
        assertEquals(">=3.8", i1.getString("requires_python"));
        assertEquals("MIT", i1.getString("license"));
        assertEquals("https://example.org/demo", i1.getString("home_page"));
        assertEquals("https://example.org/src", i1.getJsonObject("project_urls").getString("Source"));
        assertEquals("The long description.", i1.getString("description"));
        assertEquals("Demo.Pkg", i1.getString("name"));
        assertFalse(one.containsKey("releases"), "a version's document has its urls only, as PyPI's");
        assertEquals("wheel", one.getJsonArray("urls").getJsonObject(0).getString("packagetype").replace("bdist_", ""));
    }

    @Test
    void yankedFilesShowAsYankedWithTheirReasonAndTheLatestIsTheHighestReleaseNotYanked() throws Exception {
        byte[] doc = HostedProject.withYanked(Optional.of(hostedDocument()), "demo-pkg", f -> f.version().equals("2.0"),
                "broken build", "demo-pkg@2.0");
        JsonObject json = parse(PypiJson.render(PypiJson.hosted(doc), "demo-pkg", null, v -> true, FILES, API));
        assertEquals("1.0", json.getJsonObject("info").getString("version"));
        JsonObject yanked = json.getJsonObject("releases").getJsonArray("2.0").getJsonObject(0);
        assertTrue(yanked.getBoolean("yanked"));
        assertEquals("broken build", yanked.getString("yanked_reason"));
        JsonObject v2 = parse(PypiJson.render(PypiJson.hosted(doc), "demo-pkg", "2.0", v -> true, FILES, API))
                .getJsonObject("info");
        assertTrue(v2.getBoolean("yanked"));
        assertEquals("broken build", v2.getString("yanked_reason"));
    }

    @Test
    void versionsTheGuardsHideAreLeftOutAndAHiddenOrUnknownVersionIs404() throws Exception {
        PypiJson.Doc doc = PypiJson.hosted(hostedDocument());
        JsonObject json = parse(PypiJson.render(doc, "demo-pkg", null, v -> !v.equals("2.0"), FILES, API));
        assertEquals(List.of("1.0"), List.copyOf(json.getJsonObject("releases").keySet()));
        assertEquals("1.0", json.getJsonObject("info").getString("version"));
        assertThrows(NotFoundException.class, () -> PypiJson.render(doc, "demo-pkg", "2.0", v -> !v.equals("2.0"),
                FILES, API));
        assertThrows(NotFoundException.class, () -> PypiJson.render(doc, "demo-pkg", "3.0", v -> true, FILES, API));
    }

    @Test
    void anUpstreamDocumentKeepsItsInfoAndFilesWithUrlsRewrittenAndAGroupMergesHostedFirst() throws Exception {
        String upstream = "{\"info\": {\"name\": \"demo-pkg\", \"version\": \"3.0\", \"summary\": \"Upstream\","
                + " \"requires_dist\": [\"six\"]}, \"releases\": {\"2.0\": [{\"filename\": \"demo_pkg-2.0.tar.gz\","
                + " \"url\": \"https://files.example/x/demo_pkg-2.0.tar.gz\", \"digests\": {\"sha256\": \"" + "c".repeat(64)
                + "\", \"md5\": \"" + "d".repeat(32) + "\"}, \"yanked\": false}], \"3.0\": [{\"filename\":"
                + " \"demo_pkg-3.0.tar.gz\", \"url\": \"https://files.example/y/demo_pkg-3.0.tar.gz\","
                + " \"digests\": {\"sha256\": \"" + "e".repeat(64) + "\"}, \"upload_time_iso_8601\":"
                + " \"2025-03-01T00:00:00.000000Z\", \"yanked\": false}]}, \"urls\": []}";
        PypiJson.Doc proxied = PypiJson.upstream(upstream.getBytes(StandardCharsets.UTF_8));
        PypiJson.Doc merged = PypiJson.read(PypiJson.write(PypiJson.merge(List.of(PypiJson.hosted(hostedDocument()),
                proxied))));

        JsonObject json = parse(PypiJson.render(merged, "demo-pkg", null, v -> true, FILES, API));
        assertEquals("3.0", json.getJsonObject("info").getString("version"));
        assertEquals("Upstream", json.getJsonObject("info").getString("summary"));
        assertEquals(List.of("1.0", "2.0", "3.0"), List.copyOf(json.getJsonObject("releases").keySet()));
        List<JsonObject> two = json.getJsonObject("releases").getJsonArray("2.0").getValuesAs(JsonObject.class);
        assertEquals(1, two.size(), "a file name the hosted member has hides the upstream's");
        assertEquals(SHA_B, two.get(0).getJsonObject("digests").getString("sha256"));
        JsonObject three = json.getJsonArray("urls").getJsonObject(0);
        assertEquals(FILES + "demo-pkg/demo_pkg-3.0.tar.gz", three.getString("url"), "no upstream URL is handed out");
        assertEquals(Map.of("1.0", java.time.Instant.parse("2025-01-06T09:00:00.123456Z")),
                Map.of("1.0", PypiJson.releaseTimes(PypiJson.hosted(hostedDocument())).get("1.0")));
        assertEquals(java.time.Instant.parse("2025-03-01T00:00:00Z"), PypiJson.releaseTimes(proxied).get("3.0"));
        assertNull(PypiJson.releaseTimes(proxied).get("2.0"));
        assertThrows(java.io.IOException.class, () -> PypiJson.upstream("{\"x\": 1}".getBytes(StandardCharsets.UTF_8)));
    }
}
