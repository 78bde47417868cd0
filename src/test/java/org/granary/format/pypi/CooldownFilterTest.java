package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PyPI pages through the cooldown: release time per version, files and versions of hidden releases gone. */
class CooldownFilterTest {

    private static final String FILES = "https://granary.example.test/granary/pypi/files/";

    private static SimplePage.Distribution file(String filename, String uploaded) {
        return new SimplePage.Distribution(filename, URI.create("https://files.example.test/" + filename),
                Map.of("sha256", "aa"), null, null, null, 10L, uploaded);
    }

    private static final SimplePage PAGE = new SimplePage("demo", "1.1", List.of("1.0", "2.0", "3.0"), List.of(
            file("demo-1.0.tar.gz", "2024-01-01T00:00:00Z"),
            file("demo-1.0-py3-none-any.whl", "2023-12-31T23:00:00.123456Z"),
            file("demo-2.0-py3-none-any.whl", "2025-06-01T10:00:00Z"),
            file("demo-2.0.tar.gz", null),
            file("demo-3.0.tar.gz", null)));

    @Test
    void aVersionWasReleasedWhenItsFirstFileWasUploaded() {
        Map<String, Instant> times = CooldownFilter.releaseTimes(PAGE);

        assertEquals(Instant.parse("2023-12-31T23:00:00.123456Z"), times.get("1.0"));
        assertEquals(Instant.parse("2025-06-01T10:00:00Z"), times.get("2.0"), "a file without a time does not count");
        assertTrue(times.containsKey("3.0"));
        assertNull(times.get("3.0"), "no file of 3.0 has an upload time");
    }

    @Test
    void hiddenReleasesLoseTheirFilesInHtmlAndJsonAndLeaveTheVersionsList() {
        SimplePage visible = CooldownFilter.filter(PAGE, v -> !v.equals("2.0"));

        assertEquals(List.of("1.0", "3.0"), visible.versions());
        assertEquals(List.of("demo-1.0.tar.gz", "demo-1.0-py3-none-any.whl", "demo-3.0.tar.gz"),
                visible.files().stream().map(SimplePage.Distribution::filename).toList());
        String html = SimplePageRenderer.html(visible, FILES);
        String json = SimplePageRenderer.json(visible, FILES);
        assertFalse(html.contains("demo-2.0"), html);
        assertFalse(json.contains("demo-2.0") || json.contains("\"2.0\""), json);
        assertTrue(json.contains("\"versions\":[\"1.0\",\"3.0\"]"), json);
        assertSame(PAGE, CooldownFilter.filter(PAGE, v -> true));
    }
}
