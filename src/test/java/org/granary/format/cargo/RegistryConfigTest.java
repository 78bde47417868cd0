package org.granary.format.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void readsTheUpstreamDl() throws IOException {
        RegistryConfig c = RegistryConfig.read(new ByteArrayInputStream(
                "{\"dl\":\"https://up.example/crates/{crate}/{crate}-{version}.crate\",\"api\":\"https://up.example\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals("https://up.example/crates/{crate}/{crate}-{version}.crate", c.dl());
    }

    @Test
    void refusesAConfigWithoutDl() {
        for (String bad : new String[] {"{}", "{\"dl\":1}", "{\"dl\":\" \"}", "[]", "<html>", ""}) {
            assertThrows(IOException.class, () -> RegistryConfig.read(
                    new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))), bad);
        }
    }

    @Test
    void granarysOwnConfigSendsDownloadsToTheRepositoryAndOffersNoApi() {
        JsonObject json = RegistryConfig.forGranary("https://repo.example/granary/cargo/").toJson();
        assertEquals("https://repo.example/granary/cargo/api/v1/crates", json.getString("dl"));
        assertFalse(json.containsKey("api"));
        assertEquals(json, RegistryConfig.forGranary("https://repo.example/granary/cargo").toJson());
    }
}
