package org.granary.format.npm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
import org.granary.core.InvalidRequestException;
import org.granary.core.Spool;
import org.granary.core.PayloadTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishBodyTest {

    private static final PublishBody.Limits GENEROUS = PublishBody.Limits.forUpload(10_000_000, 1_000_000);

    @TempDir
    Path spool;

    @Test
    void aPublishBodyIsReadWithItsTarballDecodedToAFileAndLeftOutOfTheDocument() throws IOException {
        byte[] tarball = new byte[300_001];
        new Random(7).nextBytes(tarball);
        String body = publishJson("pkg", "1.0.0", Base64.getEncoder().encodeToString(tarball), tarball.length);

        try (PublishBody parsed = read(body, GENEROUS)) {
            assertEquals("pkg", parsed.document().getString("name"));
            JsonObject attachment = parsed.document().getJsonObject("_attachments").getJsonObject("pkg-1.0.0.tgz");
            assertFalse(attachment.containsKey("data"), "the data is not kept in the document");
            assertEquals(tarball.length, attachment.getInt("length"));
            PublishBody.Attachment a = parsed.attachments().get("pkg-1.0.0.tgz");
            assertEquals(tarball.length, a.size());
            assertArrayEquals(tarball, Files.readAllBytes(a.file()));
            assertEquals("1.0.0", parsed.document().getJsonObject("versions").getJsonObject("1.0.0").getString("version"));
        }
        assertEquals(0, fileCount(), "closing the body deletes the decoded files");
    }

    @Test
    void escapesNumbersLiteralsAndNestingAreReadLikeAnyJsonParserWould() {
        String json = "{\"a\":\"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"n\":[-1.5e3,0,12,true,false,null],"
                + "\"o\":{\"x\":{}} , \"e\":[]}";
        try (PublishBody parsed = read(json, GENEROUS)) {
            JsonObject expected = Json.createReader(new java.io.StringReader(json)).readObject();
            assertEquals(expected, parsed.document());
        }
    }

    @Test
    void base64WithEscapedSlashesAndLineBreaksIsDecoded() throws IOException {
        byte[] bytes = new byte[1000];
        new Random(3).nextBytes(bytes);
        String b64 = Base64.getMimeEncoder().encodeToString(bytes).replace("/", "\\/").replace("\r\n", "\\n");
        try (PublishBody parsed = read("{\"_attachments\":{\"p-1.0.0.tgz\":{\"data\":\"" + b64 + "\"}}}", GENEROUS)) {
            assertArrayEquals(bytes, Files.readAllBytes(parsed.attachments().get("p-1.0.0.tgz").file()));
        }
    }

    @Test
    void onlyTarballAttachmentsAreDecodedOthersStayInTheDocument() {
        try (PublishBody parsed = read("{\"_attachments\":{\"p.sigstore\":{\"data\":\"{\\\"x\\\":1}\"}}}", GENEROUS)) {
            assertTrue(parsed.attachments().isEmpty());
            assertEquals("{\"x\":1}", parsed.document().getJsonObject("_attachments").getJsonObject("p.sigstore")
                    .getString("data"));
        }
    }

    @Test
    void aDataFieldElsewhereIsOrdinaryJson() {
        try (PublishBody parsed = read("{\"versions\":{\"p-1.0.0.tgz\":{\"data\":\"abc\"}}}", GENEROUS)) {
            assertTrue(parsed.attachments().isEmpty());
            assertEquals("abc", parsed.document().getJsonObject("versions").getJsonObject("p-1.0.0.tgz").getString("data"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1]", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":\"\\x\"}", "{\"a\":tru}",
            "{\"a\":1} x", "{a:1}", "{\"_attachments\":{\"p-1.0.0.tgz\":{\"data\":\"@@@@\"}}}",
            "{\"_attachments\":{\"p-1.0.0.tgz\":{\"data\":\"QUJD\"",
            "{\"_attachments\":{\"p-1.0.0.tgz\":{\"data\":\"QQ==QUJD\"}}}"})
    void malformedBodiesAreRefusedWith400AndLeaveNoFile(String json) throws IOException {
        assertThrows(InvalidRequestException.class, () -> read(json, GENEROUS));
        assertEquals(0, fileCount());
    }

    @Test
    void deepNestingIsRefused() {
        String json = "[".repeat(200) + "]".repeat(200);
        assertThrows(InvalidRequestException.class, () -> read("{\"a\":" + json + "}", GENEROUS));
    }

    @Test
    void theThreeLimitsAreEnforcedWhileReading() throws IOException {
        String tarball = Base64.getEncoder().encodeToString(new byte[3000]);
        String body = publishJson("pkg", "1.0.0", tarball, 3000);

        assertThrows(PayloadTooLargeException.class, () -> read(body, new PublishBody.Limits(1000, 1_000_000, 1_000_000)));
        assertThrows(PayloadTooLargeException.class, () -> read(body, new PublishBody.Limits(1_000_000, 1_000_000, 2999)));
        assertThrows(PayloadTooLargeException.class, () -> read(body, new PublishBody.Limits(1_000_000, 100, 1_000_000)));
        assertEquals(0, fileCount(), "nothing is left behind after a refusal");
        try (PublishBody ok = read(body, new PublishBody.Limits(1_000_000, 1000, 3000))) {
            assertEquals(3000, ok.attachments().get("pkg-1.0.0.tgz").size(),
                    "attachment data does not count against the document limit");
        }
    }

    @Test
    void limitsForAnUploadAllowTheBase64OfTheLargestTarballPlusTheDocument() {
        PublishBody.Limits limits = PublishBody.Limits.forUpload(3_000, 500);
        assertEquals(4_008 + 500, limits.bodyBytes());
        assertEquals(3_000, limits.attachmentBytes());
        assertEquals(Long.MAX_VALUE, PublishBody.Limits.forUpload(Long.MAX_VALUE, 500).bodyBytes());
    }

    private PublishBody read(String json, PublishBody.Limits limits) {
        return PublishBody.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), limits, new Spool(spool));
    }

    private long fileCount() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.count();
        }
    }

    static String publishJson(String name, String version, String base64, long length) {
        return "{\"_id\":\"" + name + "\",\"name\":\"" + name + "\",\"dist-tags\":{\"latest\":\"" + version + "\"},"
                + "\"versions\":{\"" + version + "\":{\"name\":\"" + name + "\",\"version\":\"" + version + "\"}},"
                + "\"access\":\"public\",\"_attachments\":{\"" + name + "-" + version + ".tgz\":{"
                + "\"content_type\":\"application/octet-stream\",\"data\":\"" + base64 + "\",\"length\":" + length + "}}}";
    }
}
