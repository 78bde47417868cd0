package org.granary.format.go;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checks a fetched .info, .mod and version list must pass before they are cached. */
class GoAdapterChecksTest {

    @Test
    void anInfoMustNameTheVersionAskedFor() throws IOException {
        GoAdapter.readInfo(utf8("{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-02T03:04:05Z\"}"), "v1.0.0");
        GoAdapter.readInfo(utf8("{\"Version\":\"v0.0.0-20240102030405-abcdef123456\"}"), null);

        assertRefused(() -> GoAdapter.readInfo(utf8("{\"Version\":\"v1.0.1\"}"), "v1.0.0"), "for version v1.0.1, not v1.0.0");
        assertRefused(() -> GoAdapter.readInfo(utf8("{\"Time\":\"2024-01-02T03:04:05Z\"}"), null), "no Version");
        assertRefused(() -> GoAdapter.readInfo(utf8("[]"), null), "not a JSON object");
        assertRefused(() -> GoAdapter.readInfo(utf8("<html>"), null), "not valid JSON");
        assertRefused(() -> GoAdapter.readInfo(utf8("{\"Version\":\"v1.0.0\",\"Time\":\"yesterday\"}"), null), "RFC 3339");
    }

    @Test
    void aModFileMustBeText() throws IOException {
        GoAdapter.checkGoMod(utf8("module example.test/lib\n"));
        assertRefused(() -> GoAdapter.checkGoMod(new byte[] {'m', (byte) 0xff, 0x00}), "not UTF-8");
        assertRefused(() -> GoAdapter.checkGoMod(new byte[] {'m', 0x00}), "NUL");
    }

    @Test
    void aVersionListMustBeText() throws IOException {
        GoAdapter.checkVersionList(new ByteArrayInputStream(utf8("v1.0.0\nv1.1.0\n")));
        GoAdapter.checkVersionList(new ByteArrayInputStream(new byte[0]));
        assertRefused(() -> GoAdapter.checkVersionList(new ByteArrayInputStream(new byte[] {'v', 1, 2})), "control");
    }

    private interface Check {
        void run() throws IOException;
    }

    private static void assertRefused(Check check, String expected) {
        IOException e = assertThrows(IOException.class, check::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
