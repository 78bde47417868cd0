package org.granary.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Just enough of a servlet request and response, and of JAX-RS's view of a request, for the edge's unit tests. */
final class FakeHttp {

    private FakeHttp() {
    }

    /** A request from {@code peer} to {@code /granary{path}} with these headers. */
    static HttpServletRequest request(String peer, String path, Map<String, String> headers) {
        Map<String, String> byLowerName = new LinkedHashMap<>();
        headers.forEach((k, v) -> byLowerName.put(k.toLowerCase(Locale.ROOT), v));
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getContextPath" -> "/granary";
                    case "getRequestURI" -> "/granary" + path;
                    case "getHeader" -> byLowerName.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getHeaders" -> {
                        String v = byLowerName.get(((String) args[0]).toLowerCase(Locale.ROOT));
                        yield Collections.enumeration(v == null ? List.of() : List.of(v));
                    }
                    case "getHeaderNames" -> Collections.enumeration(new ArrayList<>(headers.keySet()));
                    case "getIntHeader" -> {
                        String v = byLowerName.get(((String) args[0]).toLowerCase(Locale.ROOT));
                        yield v == null ? -1 : Integer.parseInt(v);
                    }
                    case "toString" -> "request from " + peer;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A response that keeps its headers in {@code headers} (name as first set, values in order). */
    static HttpServletResponse response(Map<String, List<String>> headers) {
        return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setHeader" -> {
                        headers.keySet().removeIf(k -> k.equalsIgnoreCase((String) args[0]));
                        headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                        yield null;
                    }
                    case "addHeader" -> {
                        String key = headers.keySet().stream().filter(k -> k.equalsIgnoreCase((String) args[0]))
                                .findFirst().orElse((String) args[0]);
                        headers.computeIfAbsent(key, k -> new ArrayList<>()).add((String) args[1]);
                        yield null;
                    }
                    case "getHeaders" -> headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase((String) args[0]))
                            .findFirst().map(e -> (Object) List.copyOf(e.getValue())).orElse(List.of());
                    case "reset" -> {
                        headers.clear();
                        yield null;
                    }
                    case "toString" -> "response " + headers;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** JAX-RS's view of {@code request}, as {@link BaseUrl} reads it, for a server reached at {@code base}. */
    static UriInfo uriInfo(String base) {
        return (UriInfo) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBaseUri")) {
                        return URI.create(base);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static HttpHeaders headersOf(HttpServletRequest request) {
        return (HttpHeaders) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] {HttpHeaders.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getHeaderString")) {
                        List<String> values = Collections.list(request.getHeaders((String) args[0]));
                        return values.isEmpty() ? null : String.join(",", values);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
