package org.granary.format.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.util.Map;
import org.granary.core.InvalidRequestException;
import org.granary.testing.CargoCrate;
import org.junit.jupiter.api.Test;

/**
 * {@code upload-demo-0.3.1.crate} was made by {@code cargo package --exclude-lockfile} (cargo 1.95) from
 * {@code upload-demo-Cargo.toml.orig}: renamed, optional, feature-limited, target, build and dev dependencies.
 */
class CrateManifestTest {

    private static final String OWN = "sparse+http://127.0.0.1:8080/granary/cargo/";

    @Test
    void theMetadataIsWhatCargoPublishSendsForThePackagedCrate() throws Exception {
        JsonObject m = CrateManifest.metadata(fixture(), OWN);
        String crates = "\"https://github.com/rust-lang/crates.io-index\"";
        JsonObject expected = json("""
                {"name":"upload-demo","vers":"0.3.1","deps":[
                 {"optional":false,"default_features":false,"name":"base","features":["extra"],"version_req":"1.2",
                  "target":null,"kind":"normal","registry":CRATES,"explicit_name_in_toml":null},
                 {"optional":true,"default_features":true,"name":"real-name","features":[],"version_req":"0.4",
                  "target":null,"kind":"normal","registry":CRATES,"explicit_name_in_toml":"renamed"},
                 {"optional":false,"default_features":true,"name":"tester","features":[],"version_req":"3.0.1",
                  "target":null,"kind":"dev","registry":CRATES,"explicit_name_in_toml":null},
                 {"optional":false,"default_features":true,"name":"builder","features":[],"version_req":"0.1",
                  "target":null,"kind":"build","registry":CRATES,"explicit_name_in_toml":null},
                 {"optional":false,"default_features":true,"name":"unixy","features":[],"version_req":"2",
                  "target":"cfg(unix)","kind":"normal","registry":CRATES,"explicit_name_in_toml":null}],
                 "features":{"default":["fast"],"fast":[],"with-renamed":["dep:renamed","base/extra"]},
                 "authors":["Ada Example <ada@example.org>"],"description":"A small crate the console upload test reads",
                 "documentation":"https://docs.example.org/upload-demo","homepage":"https://example.org/upload-demo",
                 "readme":"# upload-demo\\n\\nA demo.\\n","readme_file":"README.md","keywords":["demo","upload"],
                 "categories":["development-tools"],"license":"MIT OR Apache-2.0","license_file":null,
                 "repository":"https://git.example.org/upload-demo","badges":{},"links":"demo","rust_version":"1.70"}
                """.replace("CRATES", crates));
        assertEquals(expected, m);
    }

    @Test
    void theBodyIsAPublishRequestThatCratePublishAcceptsWithTheCrateAfterIt() throws Exception {
        byte[] crate = fixture();
        InputStream body = new ByteArrayInputStream(CrateManifest.publishBody(crate, OWN));
        CratePublish.Header header = CratePublish.readHeader(body);
        assertEquals("upload-demo@0.3.1", header.metadata().display());
        assertEquals(5, header.metadata().deps().size());
        assertEquals("renamed", header.metadata().deps().get(1).explicitNameInToml());
        assertEquals(crate.length, header.crateLength());
        assertEquals(java.util.Arrays.toString(crate), java.util.Arrays.toString(
                CratePublish.crateBytes(body, header.crateLength()).readAllBytes()));
    }

    @Test
    void aDependencyOnTheRegistryPublishedToHasNoRegistryAndOneOnAnotherNamesIt() {
        byte[] crate = CargoCrate.build("plain", "1.0.0", Map.of("helper", "^1"), false).bytes();
        JsonObject dep = CrateManifest.metadata(crate, "sparse+" + CrateManifest.CRATES_IO_INDEX + "/")
                .getJsonArray("deps").getJsonObject(0);
        assertEquals("helper", dep.getString("name"));
        assertEquals(Json.createValue("^1"), dep.get("version_req"));
        assertEquals(jakarta.json.JsonValue.NULL, dep.get("registry"));
    }

    @Test
    void somethingElseIsRefusedWithAReason() {
        InvalidRequestException notGzip = assertThrows(InvalidRequestException.class,
                () -> CrateManifest.metadata("hello".getBytes(), OWN));
        assertEquals("this is not a .crate (the gzipped tar cargo package makes)", notGzip.getMessage());
    }

    private static byte[] fixture() throws Exception {
        try (InputStream in = CrateManifestTest.class.getResourceAsStream("/cargo/upload-demo-0.3.1.crate")) {
            return in.readAllBytes();
        }
    }

    private static JsonObject json(String s) {
        try (JsonReader r = Json.createReader(new StringReader(s))) {
            return r.readObject();
        }
    }
}
