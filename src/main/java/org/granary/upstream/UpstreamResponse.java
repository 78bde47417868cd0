package org.granary.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.OptionalLong;

/**
 * An upstream answer whose body has not been read yet. Close it (or read the body to the end and close
 * that) to release the connection.
 */
public final class UpstreamResponse implements AutoCloseable {

    private final URI uri;
    private final int status;
    private final HttpHeaders headers;
    private final InputStream body;

    UpstreamResponse(URI uri, int status, HttpHeaders headers, InputStream body) {
        this.uri = uri;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public URI uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** Content-Length when the upstream declared one. */
    public OptionalLong contentLength() {
        return headers.firstValueAsLong("Content-Length");
    }

    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // Releasing the connection; nothing useful to do with a failure here.
        }
    }
}
