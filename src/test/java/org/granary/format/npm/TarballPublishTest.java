package org.granary.format.npm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.granary.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** A tarball uploaded in the console becomes the body npm publish would have sent, checked by the same publication rules. */
class TarballPublishTest {

    @Test
    void theTarballsPackageJsonNamesThePublishAndTheTarballIsItsOneAttachment() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("package/index.js", "module.exports = 1;\n");
        files.put("package/package.json", "{\"name\":\"@acme/widget\",\"version\":\"1.2.0\",\"main\":\"index.js\"}");
        byte[] tgz = tgz(files);

        TarballPublish.Body b = TarballPublish.of(tgz);
        assertEquals("@acme/widget", b.name());
        assertEquals("1.2.0", b.version());
        JsonObject body = Json.createReader(new ByteArrayInputStream(b.json())).readObject();
        HostedPackument.Publication p = HostedPackument.publication("@acme/widget", body,
                Set.of(body.getJsonObject("_attachments").keySet().iterator().next()));
        assertEquals("1.2.0", p.version());
        assertEquals("index.js", p.manifest().getString("main"));
        assertArrayEquals(tgz, Base64.getDecoder().decode(body.getJsonObject("_attachments").getJsonObject("widget-1.2.0.tgz")
                .getString("data")));
    }

    @Test
    void somethingElseIsRefusedWithAReason() throws IOException {
        assertTrue(assertThrows(InvalidRequestException.class, () -> TarballPublish.of("not gzip".getBytes(UTF_8)))
                .getMessage().contains("not a package tarball"));
        assertTrue(assertThrows(InvalidRequestException.class, () -> TarballPublish.of(tgz(Map.of("package/a.js", "x"))))
                .getMessage().contains("no package/package.json"));
        assertTrue(assertThrows(InvalidRequestException.class,
                () -> TarballPublish.of(tgz(Map.of("package/package.json", "{\"name\":\"x\"}"))))
                .getMessage().contains("no 'version'"));
    }

    /** A gzipped ustar archive of {@code files}. */
    static byte[] tgz(Map<String, String> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] data = f.getValue().getBytes(UTF_8);
                byte[] h = new byte[512];
                put(h, 0, f.getKey());
                put(h, 100, "0000644");
                put(h, 108, "0000000");
                put(h, 116, "0000000");
                put(h, 124, String.format("%011o", data.length));
                put(h, 136, "00000000000");
                h[156] = '0';
                put(h, 257, "ustar");
                for (int i = 148; i < 156; i++) {
                    h[i] = ' ';
                }
                int sum = 0;
                for (byte x : h) {
                    sum += x & 0xff;
                }
                put(h, 148, String.format("%06o", sum));
                gz.write(h);
                gz.write(data);
                gz.write(new byte[(512 - data.length % 512) % 512]);
            }
            gz.write(new byte[1024]);
        }
        return out.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(UTF_8);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
