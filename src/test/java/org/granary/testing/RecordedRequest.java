package org.granary.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request as a {@link FakeUpstream} saw it. Header names are case-insensitive.
 *
 * @param sequence order of arrival across the whole upstream
 * @param rawPath  the path as sent ({@code /@scope%2fname})
 * @param path     the decoded path ({@code /@scope/name})
 */
public record RecordedRequest(long sequence, String method, String rawPath, String path, String rawQuery,
                              Map<String, List<String>> headers) {

    static RecordedRequest of(long sequence, Exchange exchange) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.http().getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return new RecordedRequest(sequence, exchange.method(), exchange.rawPath(), exchange.path(),
                exchange.rawQuery(), headers);
    }

    /** The first value of a header, e.g. {@code header("If-None-Match")}. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
