package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostedProjectTest {

    private static final String FILES = "https://granary.example.test/granary/pypi/files/";
    private static final HostedProject.File WHEEL = new HostedProject.File("demo-1.0-py3-none-any.whl", "1.0",
            "aa".repeat(32), 1234, "2024-01-02T03:04:05.678901Z", ">=3.8", "bb".repeat(32), null, "alice");
    private static final HostedProject.File SDIST = new HostedProject.File("demo-1.0.tar.gz", "1.0", "cc".repeat(32),
            99, "2024-01-02T03:04:06Z", null, null, null, "bob");
    private static final HostedProject.File NEXT = new HostedProject.File("demo-2.0+local.tar.gz", "2.0+local",
            "dd".repeat(32), 7, "2024-02-01T00:00:00Z", null, null, "", "bob");

    @Test
    void uploadsAccumulateInOrderAndARetryReplacesItsEntry() throws Exception {
        byte[] doc = HostedProject.withFile(Optional.empty(), "demo", WHEEL);
        doc = HostedProject.withFile(Optional.of(doc), "demo", SDIST);
        doc = HostedProject.withFile(Optional.of(doc), "demo", NEXT);
        doc = HostedProject.withFile(Optional.of(doc), "demo", SDIST);
        assertEquals(List.of(WHEEL, NEXT, SDIST), HostedProject.files(doc));
    }

    @Test
    void theDocumentBecomesAProjectPageRenderedLikeAnyOther() throws Exception {
        byte[] doc = HostedProject.write("demo", List.of(WHEEL, SDIST, NEXT));
        SimplePage page = HostedProject.page(doc, "demo", "pypi-hosted");
        assertEquals(List.of("1.0", "2.0+local"), page.versions());
        SimplePage.Distribution w = page.files().get(0);
        assertEquals(URI.create("hosted:pypi-hosted/demo/demo-1.0-py3-none-any.whl"), w.url());
        assertEquals(Map.of("sha256", WHEEL.sha256()), w.hashes());
        assertEquals(Map.of("sha256", WHEEL.coreMetadataSha256()), w.coreMetadata());
        assertEquals(1234L, w.size());
        assertNull(page.files().get(1).coreMetadata(), "an sdist has no core metadata file");
        assertTrue(page.files().get(2).isYanked());

        String html = SimplePageRenderer.html(page, FILES);
        assertTrue(html.contains("<a href=\"" + FILES + "demo/demo-1.0-py3-none-any.whl#sha256=" + WHEEL.sha256()
                + "\" data-requires-python=\"&gt;=3.8\" data-core-metadata=\"sha256=" + WHEEL.coreMetadataSha256()
                + "\""), html);
        assertTrue(html.contains(FILES + "demo/demo-2.0+local.tar.gz#sha256="), html);
        assertFalse(html.contains("hosted:"), html);
        String json = SimplePageRenderer.json(page, FILES);
        assertTrue(json.contains("\"upload-time\":\"2024-01-02T03:04:05.678901Z\""), json);
        assertTrue(json.contains("\"api-version\":\"1.1\""), json);
    }

    @Test
    void groupPagesListTheFirstMembersFilesFirstAndDropLaterCopiesOfAFileName() throws Exception {
        SimplePage hosted = HostedProject.page(HostedProject.write("demo", List.of(SDIST, WHEEL)), "demo", "pypi-hosted");
        SimplePage.Distribution proxyWheel = new SimplePage.Distribution(WHEEL.filename(),
                URI.create("https://upstream.test/files/demo-1.0-py3-none-any.whl"), Map.of("sha256", "ee"), null,
                null, null, null, null);
        SimplePage.Distribution proxyOld = new SimplePage.Distribution("demo-0.9.tar.gz",
                URI.create("https://upstream.test/files/demo-0.9.tar.gz"), Map.of("sha256", "ff"), null, null, null,
                null, null);
        SimplePage proxy = new SimplePage("demo", "1.0", List.of("0.9", "1.0"), List.of(proxyOld, proxyWheel));

        SimplePage merged = SimplePage.merge("demo", List.of(hosted, proxy));
        assertEquals(List.of(SDIST.filename(), WHEEL.filename(), "demo-0.9.tar.gz"),
                merged.files().stream().map(SimplePage.Distribution::filename).toList());
        assertEquals(WHEEL.sha256(), merged.file(WHEEL.filename()).orElseThrow().hashes().get("sha256"),
                "the hosted file wins its name");
        assertEquals(List.of("1.0", "0.9"), merged.versions());
        assertEquals("1.0", SimplePageRenderer.apiVersion(merged), "a proxied file without size makes it 1.0");
        assertEquals(proxy, SimplePage.merge("demo", List.of(proxy)));
    }
}
