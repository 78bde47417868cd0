package org.granary.format.npm;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.granary.core.InvalidRequestException;
import org.granary.core.Spool;
import org.granary.core.PayloadTooLargeException;

/**
 * The body of an npm {@code PUT /{name}} (publish, deprecate), read in one pass: the JSON document is built
 * in memory, except the base64 {@code data} of each tarball ({@code *.tgz}) in {@code _attachments}, which is
 * decoded while it streams in and written to a file. So a publish never holds its tarball in memory, and three limits hold
 * while reading: the raw body, the document without its attachments, and each decoded attachment.
 *
 * @param document    the body without the attachments' {@code data} (their other fields, e.g. {@code length}, stay)
 * @param attachments decoded attachments by name, in the body's order; {@link #close()} deletes their files
 * @param spool       where the attachments' files come from
 */
public record PublishBody(JsonObject document, Map<String, Attachment> attachments, Spool spool) implements AutoCloseable {

    /** Nesting deeper than this is refused (a package document is a few levels deep). */
    static final int MAX_DEPTH = 64;

    /** A decoded attachment: its bytes are in {@code file}. */
    public record Attachment(String name, Path file, long size) {
    }

    /**
     * @param bodyBytes      the most raw bytes accepted
     * @param documentChars  the most characters accepted outside attachment data
     * @param attachmentBytes the largest decoded attachment accepted
     */
    public record Limits(long bodyBytes, long documentChars, long attachmentBytes) {

        /** Limits for a repository that accepts uploads of up to {@code maxUploadBytes}. */
        public static Limits forUpload(long maxUploadBytes, long documentChars) {
            long groups = maxUploadBytes / 3 + 2; // 4 base64 characters per 3 bytes, rounded up, plus slack
            long base64 = groups > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : groups * 4;
            long body = base64 > Long.MAX_VALUE - documentChars ? Long.MAX_VALUE : base64 + documentChars;
            return new Limits(body, documentChars, maxUploadBytes);
        }
    }

    /**
     * Reads a body. Attachments are decoded into new files of {@code spool}; on failure none is left behind.
     *
     * @throws InvalidRequestException  when the body is not JSON, or an attachment is not base64
     * @throws PayloadTooLargeException when a limit is exceeded
     */
    public static PublishBody read(InputStream in, Limits limits, Spool spool) {
        Parser parser = new Parser(new InputStreamReader(new Bounded(in, limits.bodyBytes()), StandardCharsets.UTF_8),
                limits, spool);
        try {
            JsonValue value = parser.document();
            if (!(value instanceof JsonObject o)) {
                throw new InvalidRequestException("the request body must be a JSON object");
            }
            return new PublishBody(o, Collections.unmodifiableMap(parser.attachments), spool);
        } catch (IOException e) {
            parser.deleteFiles();
            throw new UncheckedIOException("reading the request body failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            parser.deleteFiles();
            throw e;
        }
    }

    /** Deletes the attachments' files. */
    @Override
    public void close() {
        attachments.values().forEach(a -> spool.release(a.file()));
    }

    /** Counts raw bytes and refuses more than the limit. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        Bounded(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException("the request body is larger than the " + limit
                        + " bytes this repository accepts for a publish; nothing was stored");
            }
        }
    }

    /** A strict JSON parser (RFC 8259) that streams {@code _attachments.*.data} strings through a base64 decoder. */
    private static final class Parser {
        private static final int DECODE_CHUNK = 64 * 1024; // a multiple of 4 base64 characters

        private final Reader reader;
        private final Limits limits;
        private final Spool spool;
        private final char[] buf = new char[16 * 1024];
        private int pos;
        private int len;
        private long documentChars;
        private boolean counting = true;
        final Map<String, Attachment> attachments = new LinkedHashMap<>();

        Parser(Reader reader, Limits limits, Spool spool) {
            this.reader = reader;
            this.limits = limits;
            this.spool = spool;
        }

        JsonValue document() throws IOException {
            JsonValue v = value(0, null);
            skipWhitespace();
            if (peek() >= 0) {
                throw bad("unexpected content after the JSON document");
            }
            return v;
        }

        /**
         * @param depth 0 for the document, 1 for its members, ...
         * @param key   this value's key in its parent object: {@code _attachments} for the top-level member,
         *              an attachment's name for the members of {@code _attachments}, otherwise null
         */
        private JsonValue value(int depth, String key) throws IOException {
            if (depth > MAX_DEPTH) {
                throw bad("the JSON document is nested too deeply");
            }
            skipWhitespace();
            int c = peek();
            return switch (c) {
                case '{' -> object(depth, key);
                case '[' -> array(depth);
                case '"' -> Json.createValue(string());
                case 't' -> literal("true", JsonValue.TRUE);
                case 'f' -> literal("false", JsonValue.FALSE);
                case 'n' -> literal("null", JsonValue.NULL);
                case -1 -> throw bad("the JSON document ends early");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw bad("unexpected character '" + (char) c + "'");
                }
            };
        }

        private JsonObject object(int depth, String key) throws IOException {
            expect('{');
            JsonObjectBuilder b = Json.createObjectBuilder();
            boolean attachmentsObject = depth == 1 && "_attachments".equals(key);
            // a tarball attachment's object ({"content_type", "data", "length"}): its data is decoded to a file
            boolean tarballAttachment = depth == 2 && key != null && key.endsWith(".tgz");
            skipWhitespace();
            if (peek() == '}') {
                next();
                return b.build();
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw bad("expected a quoted object key");
                }
                String k = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (tarballAttachment && "data".equals(k) && peek() == '"') {
                    decodeAttachment(key);
                } else {
                    b.add(k, value(depth + 1, depth == 0 || attachmentsObject ? k : null));
                }
                skipWhitespace();
                int c = next();
                if (c == '}') {
                    return b.build();
                }
                if (c != ',') {
                    throw bad("expected ',' or '}' in an object");
                }
            }
        }

        private jakarta.json.JsonArray array(int depth) throws IOException {
            expect('[');
            JsonArrayBuilder b = Json.createArrayBuilder();
            skipWhitespace();
            if (peek() == ']') {
                next();
                return b.build();
            }
            while (true) {
                b.add(value(depth + 1, null));
                skipWhitespace();
                int c = next();
                if (c == ']') {
                    return b.build();
                }
                if (c != ',') {
                    throw bad("expected ',' or ']' in an array");
                }
            }
        }

        private void decodeAttachment(String name) throws IOException {
            if (attachments.containsKey(name)) {
                throw bad("attachment '" + name + "' is sent twice");
            }
            String what = "the upload of attachment '" + name + "'";
            Path file = spool.newFile("npm-publish-", 0, what);
            attachments.put(name, new Attachment(name, file, -1)); // so that a failure deletes the file
            expect('"');
            counting = false;
            Base64.Decoder decoder = Base64.getDecoder();
            byte[] chunk = new byte[DECODE_CHUNK];
            int filled = 0;
            long size = 0;
            try (OutputStream out = spool.writeTo(file, what)) {
                while (true) {
                    int c = next();
                    if (c == '"') {
                        break;
                    }
                    if (c < 0) {
                        throw bad("the JSON document ends inside attachment '" + name + "'");
                    }
                    if (c == '\\') {
                        int e = next();
                        if (e == '/') {
                            c = '/';
                        } else if (e == 'n' || e == 'r' || e == 't') {
                            continue;
                        } else {
                            throw bad("attachment '" + name + "' is not base64");
                        }
                    }
                    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                        continue;
                    }
                    if (!isBase64(c)) {
                        throw bad("attachment '" + name + "' is not base64");
                    }
                    chunk[filled++] = (byte) c;
                    if (filled == chunk.length) {
                        size += decode(decoder, chunk, filled, out, name, size);
                        filled = 0;
                    }
                }
                if (filled > 0) {
                    size += decode(decoder, chunk, filled, out, name, size);
                }
            } finally {
                counting = true;
            }
            attachments.put(name, new Attachment(name, file, size));
        }

        private long decode(Base64.Decoder decoder, byte[] chunk, int filled, OutputStream out, String name, long sizeSoFar)
                throws IOException {
            byte[] decoded;
            try {
                decoded = decoder.decode(filled == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, filled));
            } catch (IllegalArgumentException e) {
                throw bad("attachment '" + name + "' is not valid base64: " + e.getMessage());
            }
            if (sizeSoFar + decoded.length > limits.attachmentBytes()) {
                throw new PayloadTooLargeException("attachment '" + name + "' is larger than the "
                        + limits.attachmentBytes() + " bytes this repository accepts; nothing was stored");
            }
            out.write(decoded);
            return decoded.length;
        }

        private static boolean isBase64(int c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                    || c == '=';
        }

        private String string() throws IOException {
            expect('"');
            StringBuilder s = new StringBuilder();
            while (true) {
                int c = next();
                if (c < 0) {
                    throw bad("the JSON document ends inside a string");
                }
                if (c == '"') {
                    return s.toString();
                }
                if (c < 0x20) {
                    throw bad("unescaped control character in a string");
                }
                if (c != '\\') {
                    s.append((char) c);
                    continue;
                }
                int e = next();
                switch (e) {
                    case '"', '\\', '/' -> s.append((char) e);
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case 't' -> s.append('\t');
                    case 'u' -> {
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(next(), 16);
                            if (d < 0) {
                                throw bad("invalid \\u escape in a string");
                            }
                            code = code * 16 + d;
                        }
                        s.append((char) code);
                    }
                    default -> throw bad("invalid escape in a string");
                }
            }
        }

        private JsonValue number() throws IOException {
            StringBuilder s = new StringBuilder();
            if (peek() == '-') {
                s.append((char) next());
            }
            if (peek() == '0') {
                s.append((char) next());
            } else {
                digits(s);
            }
            if (peek() == '.') {
                s.append((char) next());
                digits(s);
            }
            if (peek() == 'e' || peek() == 'E') {
                s.append((char) next());
                if (peek() == '+' || peek() == '-') {
                    s.append((char) next());
                }
                digits(s);
            }
            try {
                return Json.createValue(new BigDecimal(s.toString()));
            } catch (NumberFormatException e) {
                throw bad("invalid number '" + s + "'");
            }
        }

        private void digits(StringBuilder s) throws IOException {
            int c = peek();
            if (c < '0' || c > '9') {
                throw bad("invalid number");
            }
            while (c >= '0' && c <= '9') {
                s.append((char) next());
                c = peek();
            }
        }

        private JsonValue literal(String word, JsonValue value) throws IOException {
            for (int i = 0; i < word.length(); i++) {
                if (next() != word.charAt(i)) {
                    throw bad("invalid literal, expected '" + word + "'");
                }
            }
            return value;
        }

        private void skipWhitespace() throws IOException {
            int c = peek();
            while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                next();
                c = peek();
            }
        }

        private void expect(char c) throws IOException {
            if (next() != c) {
                throw bad("expected '" + c + "'");
            }
        }

        private int peek() throws IOException {
            if (pos == len && !fill()) {
                return -1;
            }
            return buf[pos];
        }

        private int next() throws IOException {
            if (pos == len && !fill()) {
                return -1;
            }
            if (counting && ++documentChars > limits.documentChars()) {
                throw new PayloadTooLargeException("the package document (without its tarball) is larger than "
                        + limits.documentChars() + " characters; nothing was stored");
            }
            return buf[pos++];
        }

        private boolean fill() throws IOException {
            len = reader.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return false;
            }
            return true;
        }

        private InvalidRequestException bad(String message) {
            return new InvalidRequestException("the request body is not a valid npm document: " + message);
        }

        void deleteFiles() {
            attachments.values().forEach(a -> spool.release(a.file()));
        }
    }
}
