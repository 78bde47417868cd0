package org.granary.format.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.granary.core.InvalidRequestException;
import org.granary.core.PayloadTooLargeException;
import org.junit.jupiter.api.Test;

/** What an npm audit request says and what of it may leave: no hosted name, no project name, no resolved URL. */
class AuditBodyTest {

    private static final String BULK = "{\"left-pad\":[\"1.3.0\"],\"@acme/secret\":[\"1.0.0\",\"1.1.0\"],\"lodash\":[\"4.17.20\"]}";
    private static final String QUICK = """
            {"name":"acme-billing","version":"3.1.0","requires":{"left-pad":"^1.3.0","@acme/secret":"^1.0.0"},
             "dependencies":{
               "left-pad":{"version":"1.3.0","integrity":"sha512-x","resolved":"https://granary.acme.internal/npm/left-pad/-/left-pad-1.3.0.tgz"},
               "@acme/secret":{"version":"1.0.0","requires":{"lodash":"^4"},
                  "dependencies":{"lodash":{"version":"4.17.20"}}},
               "express":{"version":"4.0.0","requires":{"@acme/secret":"1"},
                  "dependencies":{"@acme/secret":{"version":"1.1.0"}}}}}""";

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void aBulkRequestLosesTheHostedNamesAndKeepsTheRestAsSent() throws IOException {
        JsonObject request = AuditBody.read(new ByteArrayInputStream(gzip(BULK)));
        assertEquals(Set.of("left-pad", "@acme/secret", "lodash"), AuditBody.names(AuditBody.Kind.BULK, request));
        JsonObject sent = AuditBody.without(AuditBody.Kind.BULK, request, Set.of("@acme/secret"));
        assertEquals(Json.createReader(stream("{\"left-pad\":[\"1.3.0\"],\"lodash\":[\"4.17.20\"]}")).readObject(), sent);
        assertEquals(request, AuditBody.read(stream(BULK)), "npm compresses the body; uncompressed works as well");
    }

    @Test
    void aQuickAuditLosesHostedNamesAtEveryDepthTheProjectsNameAndResolvedUrls() {
        JsonObject request = AuditBody.read(stream(QUICK));
        assertEquals(Set.of("left-pad", "@acme/secret", "lodash", "express"), AuditBody.names(AuditBody.Kind.QUICK, request));
        String sent = AuditBody.without(AuditBody.Kind.QUICK, request, Set.of("@acme/secret")).toString();
        assertFalse(sent.contains("@acme/secret"), sent);
        assertFalse(sent.contains("acme-billing"), "the project's own name stays inside: " + sent);
        assertFalse(sent.contains("granary.acme.internal"), sent);
        assertFalse(sent.contains("lodash"), "what only a hosted package depended on went with it: " + sent);
        assertTrue(sent.contains("\"express\"") && sent.contains("\"left-pad\"") && sent.contains("sha512-x"), sent);
        assertTrue(sent.contains("\"name\":\"" + AuditBody.ANONYMOUS_PROJECT + "\""), sent);
    }

    @Test
    void aBodyThatIsNotAJsonObjectOrTooLargeIsRefused() throws IOException {
        assertThrows(InvalidRequestException.class, () -> AuditBody.read(stream("[\"left-pad\"]")));
        assertThrows(InvalidRequestException.class, () -> AuditBody.read(stream("{\"left-pad\":")));
        byte[] broken = gzip(BULK);
        assertThrows(InvalidRequestException.class, () -> AuditBody.read(new ByteArrayInputStream(
                java.util.Arrays.copyOf(broken, broken.length / 2))));
        String huge = "{\"x\":\"" + "a".repeat(AuditBody.MAX_BYTES) + "\"}";
        assertThrows(PayloadTooLargeException.class, () -> AuditBody.read(stream(huge)));
        assertThrows(PayloadTooLargeException.class, () -> AuditBody.read(new ByteArrayInputStream(gzip(huge))),
                "a small compressed body that unpacks beyond the limit is refused too");
    }
}
