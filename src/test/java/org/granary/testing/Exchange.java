package org.granary.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One request to a {@link FakeUpstream}, with the helpers a handler needs to answer it.
 *
 * <p>{@link #rawPath()} is the path as sent on the wire ({@code /@scope%2fname}); {@link #path()} is its
 * percent-decoded form ({@code /@scope/name}). The underlying {@link HttpExchange} is available through
 * {@link #http()} for handlers that stream by hand.
 */
public final class Exchange {

    private final HttpExchange http;
    private final String rawPath;
    private final String path;
    private volatile boolean responseStarted;

    Exchange(HttpExchange http) {
        this.http = http;
        this.rawPath = http.getRequestURI().getRawPath();
        this.path = decode(rawPath);
    }

    public String method() {
        return http.getRequestMethod();
    }

    public String rawPath() {
        return rawPath;
    }

    public String path() {
        return path;
    }

    /** The raw query string, or {@code null}. */
    public String rawQuery() {
        return http.getRequestURI().getRawQuery();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(http.getRequestHeaders().getFirst(name));
    }

    public HttpExchange http() {
        return http;
    }

    public boolean isHead() {
        return "HEAD".equalsIgnoreCase(method());
    }

    /** Whether the status line was already sent. */
    public boolean responseStarted() {
        return responseStarted;
    }

    public Exchange setHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
        return this;
    }

    /** Sends the status and headers; {@code length} as for {@link HttpExchange#sendResponseHeaders}. */
    public OutputStream startResponse(int status, long length) throws IOException {
        responseStarted = true;
        boolean noBody = isHead() || status == 304 || status == 204;
        http.sendResponseHeaders(status, noBody ? -1 : length);
        return http.getResponseBody();
    }

    public void respond(int status, String contentType, byte[] body) throws IOException {
        setHeader("Content-Type", contentType);
        try (OutputStream out = startResponse(status, body.length == 0 ? -1 : body.length)) {
            if (!isHead() && status != 304) {
                out.write(body);
            }
        }
    }

    public void respondJson(int status, String json) throws IOException {
        respond(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public void respondText(int status, String text) throws IOException {
        respond(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A response without a body, such as {@code 304 Not Modified}. */
    public void respondEmpty(int status) throws IOException {
        startResponse(status, -1).close();
    }

    /** Percent-decodes a path; unlike {@code URLDecoder} it leaves {@code +} alone. */
    public static String decode(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%' && isHex(rawPath, i + 1) && isHex(rawPath, i + 2)) {
                bytes.write(Integer.parseInt(rawPath.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String s, int index) {
        return index < s.length() && Character.digit(s.charAt(index), 16) >= 0;
    }
}
