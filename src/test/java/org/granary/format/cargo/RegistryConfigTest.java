package org.granary.format.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
    void aProxysConfigSendsDownloadsToTheRepositoryAndOffersNoApi() {
        JsonObject json = RegistryConfig.forGranary("https://repo.example/granary/cargo-proxy/", false, false).toJson();
        assertEquals("https://repo.example/granary/cargo-proxy/api/v1/crates", json.getString("dl"));
        assertFalse(json.containsKey("api"));
        assertFalse(json.containsKey("auth-required"));
        assertEquals(json, RegistryConfig.forGranary("https://repo.example/granary/cargo-proxy", false, false).toJson());
    }

    @Test
    void aPublishableRepositoryOffersItsUrlAsApiWithoutTrailingSlash() {
        JsonObject json = RegistryConfig.forGranary("https://repo.example/granary/cargo/", true, false).toJson();
        assertEquals("https://repo.example/granary/cargo", json.getString("api"));
        assertEquals("https://repo.example/granary/cargo/api/v1/crates", json.getString("dl"));
    }

    @Test
    void aPrivateRepositoryTellsCargoToAuthenticateEverywhere() {
        JsonObject json = RegistryConfig.forGranary("https://repo.example/granary/cargo/", true, true).toJson();
        assertEquals(JsonValue.TRUE, json.get("auth-required"));
    }
}
