package org.granary.admin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import org.granary.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** The expiry fields of {@code POST /api/tokens} as a client writes them. */
class TokensResourceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static Instant expiry(String json) {
        JsonObject body = Json.createReader(new StringReader(json)).readObject();
        return TokensResource.expiry(body, NOW);
    }

    private static String refusal(String json) {
        return assertThrows(InvalidRequestException.class, () -> expiry(json)).getMessage();
    }

    @Test
    void eachWayOfGivingAnExpiry() {
        assertNull(expiry("{}"));
        assertEquals(NOW.plusSeconds(90), expiry("{\"expiresInSeconds\":90}"));
        assertEquals(NOW.plusSeconds(2 * 86_400), expiry("{\"expiresInDays\":2}"));
        assertEquals(Instant.parse("2027-01-31T00:00:00Z"), expiry("{\"expiresAt\":\"2027-01-31T00:00:00Z\"}"));
    }

    @Test
    void fractionsNegativesZeroAndHugeNumbersAre400s() {
        assertTrue(refusal("{\"expiresInSeconds\":1.5}").contains("whole number"));
        assertTrue(refusal("{\"expiresInDays\":9999999999999}").contains("too large"));
        assertTrue(refusal("{\"expiresInDays\":99999999999999999999999}").contains("too large"));
        assertTrue(refusal("{\"expiresInSeconds\":-60}").contains("positive"));
        assertTrue(refusal("{\"expiresInDays\":0}").contains("positive"));
        assertTrue(refusal("{\"expiresInDays\":\"30\"}").contains("number"));
        assertTrue(refusal("{\"expiresAt\":\"next week\"}").contains("ISO-8601"));
    }

    @Test
    void twoExpiriesAtOnceAreA400() {
        assertTrue(refusal("{\"expiresInDays\":1,\"expiresInSeconds\":60}").contains("at most one"));
    }
}
