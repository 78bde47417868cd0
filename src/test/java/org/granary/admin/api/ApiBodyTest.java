package org.granary.admin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.granary.core.GranaryException;
import org.junit.jupiter.api.Test;

class ApiBodyTest {

    private static final Set<String> FIELDS = Set.of("name", "readOnly");

    private static InputStream body(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static GranaryException refused(String s) {
        return assertThrows(GranaryException.class, () -> ApiBody.optional(body(s), FIELDS));
    }

    @Test
    void aJsonObjectWithKnownFieldsIsRead() {
        JsonObject o = ApiBody.required(body("{\"name\":\"ci\",\"readOnly\":true}"), FIELDS);
        assertEquals("ci", o.getString("name"));
    }

    @Test
    void anEmptyBodyIsNoObject() {
        assertTrue(ApiBody.optional(body(""), FIELDS).isEmpty());
        assertTrue(ApiBody.optional(body("  \n"), FIELDS).isEmpty());
        assertEquals(400, assertThrows(GranaryException.class, () -> ApiBody.required(body(""), FIELDS)).status());
    }

    @Test
    void malformedJsonIs400WithAMessage() {
        GranaryException e = refused("{\"name\": ");
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("the request body is not valid JSON"), e.getMessage());
        assertEquals(400, refused("{\"name\":\"a\"} trailing").status());
        assertEquals(400, refused("nul").status());
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        for (String notAnObject : new String[] {"[]", "\"name\"", "42", "null", "true"}) {
            GranaryException e = refused(notAnObject);
            assertEquals(400, e.status(), notAnObject);
            assertTrue(e.getMessage().contains("must be a JSON object"), e.getMessage());
        }
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        GranaryException e = refused("{\"name\":\"ci\",\"readonly\":true}");
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("'readonly'"), e.getMessage());
        assertTrue(e.getMessage().contains("name, readOnly"), "the message lists the fields: " + e.getMessage());
    }

    @Test
    void aBodyOver64KiBIs413() {
        String big = "{\"name\":\"" + "x".repeat(64 * 1024) + "\"}";
        assertEquals(413, refused(big).status());
        String justFits = "{\"name\":\"" + "x".repeat(64 * 1024 - 11) + "\"}";
        assertEquals(64 * 1024, justFits.length());
        assertEquals(64 * 1024 - 11, ApiBody.required(body(justFits), FIELDS).getString("name").length());
    }
}
