package org.granary.format.cargo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.granary.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

class CratePublishTest {

    private static final String METADATA = """
            {"name":"hosted-lib","vers":"0.1.0","deps":[
              {"name":"rand","version_req":"^0.8","features":["std"],"optional":true,"default_features":false,
               "target":"cfg(unix)","kind":"normal","registry":null,"explicit_name_in_toml":"random"},
              {"name":"cc","version_req":"^1","features":[],"optional":false,"default_features":true,
               "target":null,"kind":"build","registry":"https://github.com/rust-lang/crates.io-index",
               "explicit_name_in_toml":null}],
             "features":{"default":["std"],"std":[],"rng":["dep:random"]},
             "authors":[],"description":"d","readme":"# hosted-lib","license":"MIT","links":"z","rust_version":"1.70"}
            """;

    @Test
    void readsTheMetadataAndLeavesTheStreamAtTheCrate() throws Exception {
        byte[] crate = {1, 2, 3, 4, 5};
        InputStream body = new ByteArrayInputStream(body(METADATA, crate, crate.length));
        CratePublish.Header header = CratePublish.readHeader(body);
        assertEquals(5, header.crateLength());
        CratePublish.Metadata m = header.metadata();
        assertEquals("hosted-lib@0.1.0", m.display());
        assertEquals(2, m.deps().size());
        CratePublish.Dependency rand = m.deps().get(0);
        assertEquals(new CratePublish.Dependency("rand", "^0.8", List.of("std"), true, false, "cfg(unix)", "normal",
                null, "random"), rand);
        assertEquals(List.of("dep:random"), m.features().get("rng"));
        assertEquals("z", m.links());
        assertEquals("1.70", m.rustVersion());
        assertArrayEquals(crate, CratePublish.crateBytes(body, header.crateLength()).readAllBytes());
    }

    @Test
    void aTruncatedCrateIsRefusedWhileItIsRead() throws Exception {
        byte[] crate = {1, 2, 3};
        InputStream body = new ByteArrayInputStream(body(METADATA, crate, 10));
        CratePublish.Header header = CratePublish.readHeader(body);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> CratePublish.crateBytes(body, header.crateLength()).readAllBytes());
        assertTrue(e.getMessage().contains("after 3 of the 10 bytes"), e.getMessage());
    }

    @Test
    void bodiesThatAreNotPublishRequestsAreRefused() {
        for (byte[] bad : new byte[][] {{}, {1, 0}, {10, 0, 0, 0, '{', '}'},
                {2, 0, 0, 0, '[', ']', 0, 0, 0, 0}, {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}}) {
            assertThrows(InvalidRequestException.class, () -> CratePublish.readHeader(new ByteArrayInputStream(bad)));
        }
    }

    @Test
    void metadataBreakingTheRulesIsRefusedWithTheReason() {
        assertRefused("{\"vers\":\"1.0.0\"}", "no \"name\"");
        assertRefused("{\"name\":\"1lib\",\"vers\":\"1.0.0\"}", "must start with an ASCII letter");
        assertRefused("{\"name\":\"lib\",\"vers\":\"1.0\"}", "not a valid semantic version");
        assertRefused("{\"name\":\"lib\",\"vers\":\"1.0.0\",\"deps\":{}}", "\"deps\" must be an array");
        assertRefused("{\"name\":\"lib\",\"vers\":\"1.0.0\",\"deps\":[{\"name\":\"a b\",\"version_req\":\"1\"}]}",
                "not a valid crate name");
        assertRefused("{\"name\":\"lib\",\"vers\":\"1.0.0\",\"deps\":[{\"name\":\"a\"}]}", "no \"version_req\"");
        assertRefused("{\"name\":\"lib\",\"vers\":\"1.0.0\",\"deps\":[{\"name\":\"a\",\"version_req\":\"1\",\"kind\":\"x\"}]}",
                "must be normal, dev or build");
        assertRefused("{\"name\":\"lib\",\"vers\":\"1.0.0\",\"features\":{\"a b\":[]}}", "not a valid feature name");
        assertRefused("{\"name\":\"lib\",\"vers\":\"1.0.0\",\"features\":{\"a\":[1]}}", "array of non-empty strings");
        assertRefused("{\"name\":\"lib\",\"vers\":\"1.0.0\",\"rust_version\":\">=1.70\"}", "rust_version");
    }

    @Test
    void missingOptionalFieldsTakeCargosDefaults() {
        CratePublish.Metadata m = CratePublish.metadata(json(
                "{\"name\":\"lib\",\"vers\":\"1.0.0\",\"deps\":[{\"name\":\"a\",\"version_req\":\"1\"}]}"));
        CratePublish.Dependency a = m.deps().get(0);
        assertEquals("normal", a.kind());
        assertTrue(a.defaultFeatures());
        assertEquals(List.of(), a.features());
        assertNull(m.links());
        assertTrue(m.features().isEmpty());
    }

    private static void assertRefused(String json, String reason) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> CratePublish.metadata(json(json)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static JsonObject json(String s) {
        return Json.createReader(new java.io.StringReader(s)).readObject();
    }

    static byte[] body(String json, byte[] crate, int declaredCrateLength) throws Exception {
        byte[] metadata = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le(out, metadata.length);
        out.write(metadata);
        le(out, declaredCrateLength);
        out.write(crate);
        return out.toByteArray();
    }

    private static void le(ByteArrayOutputStream out, int n) {
        out.write(n);
        out.write(n >>> 8);
        out.write(n >>> 16);
        out.write(n >>> 24);
    }
}
