package org.granary.format.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DownloadTemplateTest {

    private static final String SUM = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void aPlainDlGetsCratVersionDownloadAppended() {
        assertEquals("https://up.example/api/v1/crates/serde/1.0.0/download",
                DownloadTemplate.expand("https://up.example/api/v1/crates", "serde", "1.0.0", SUM));
    }

    @Test
    void everyMarkerIsReplacedAndNothingIsAppended() {
        assertEquals("https://cdn.example/crates/Inflector/Inflector-0.11.4.crate",
                DownloadTemplate.expand("https://cdn.example/crates/{crate}/{crate}-{version}.crate", "Inflector", "0.11.4", SUM));
        assertEquals("https://cdn.example/In/fl/in/fl/Inflector",
                DownloadTemplate.expand("https://cdn.example/{prefix}/{lowerprefix}/{crate}", "Inflector", "0.11.4", SUM));
        assertEquals("https://cdn.example/3/a/Abc/1.0.0",
                DownloadTemplate.expand("https://cdn.example/{lowerprefix}/{crate}/{version}", "Abc", "1.0.0", SUM));
        assertEquals("https://cdn.example/by-hash/" + SUM,
                DownloadTemplate.expand("https://cdn.example/by-hash/{sha256-checksum}", "x", "1.0.0", SUM));
        assertEquals("https://cdn.example/1/x?v=2.0.0",
                DownloadTemplate.expand("https://cdn.example/{prefix}/x?v={version}", "x", "2.0.0", SUM));
    }

    @Test
    void aRelativeDlIsResolvedAgainstTheConfigUrl() {
        assertEquals(URI.create("http://127.0.0.1:9/files/x/1.0.0/download"),
                DownloadTemplate.resolve(URI.create("http://127.0.0.1:9/index/config.json"), "/files", "x", "1.0.0", SUM));
    }

    @Test
    void aNonHttpDownloadUrlIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> DownloadTemplate.resolve(URI.create("http://h/config.json"), "file:///etc", "x", "1.0.0", SUM));
    }
}
