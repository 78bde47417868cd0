package org.granary.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A fake Go module proxy (GOPROXY protocol) serving modules generated in memory ({@link GoModule}):
 * {@code /<module>/@v/list}, {@code /<module>/@latest} and {@code /<module>/@v/<version>.info|.mod|.zip}, with
 * module paths and versions case-encoded ({@code /example.test/!upper/!dep/@v/list}) and also accepted
 * percent-encoded ({@code %21upper}). Unknown modules and versions: {@code 404} with a plain-text body, as
 * proxy.golang.org answers. Per-version controls replace a zip with damaged bytes.
 */
public class FakeGoProxy extends FakeUpstream {

    private static final Comparator<String> VERSIONS = Comparator
            .comparing((String v) -> core(v), Arrays::compare)
            .thenComparing(v -> !v.contains("-"))
            .thenComparing(Comparator.naturalOrder());

    /** Escaped module path → version → module. */
    private final Map<String, NavigableMap<String, GoModule>> modules = new ConcurrentHashMap<>();
    /** Escaped module path + "@" + version → bytes served instead of the real zip. */
    private final Map<String, byte[]> zipOverrides = new ConcurrentHashMap<>();

    public FakeGoProxy(int port) {
        super(port);
        onPrefix("/", this::serve);
    }

    public FakeGoProxy add(GoModule module) {
        modules.computeIfAbsent(module.escapedPath(), p -> new ConcurrentSkipListMap<>(VERSIONS))
                .put(module.version(), module);
        return this;
    }

    /** Serves the zip of {@code module} with bytes flipped in the middle of its first file's data. */
    public void corruptZip(GoModule module) {
        byte[] zip = module.zip().clone();
        int nameLength = (zip[26] & 0xff) | (zip[27] & 0xff) << 8;
        int extraLength = (zip[28] & 0xff) | (zip[29] & 0xff) << 8;
        int data = 30 + nameLength + extraLength; // first local file header is 30 bytes + name + extra
        for (int i = data; i < data + 4; i++) {
            zip[i] ^= 0x5a;
        }
        zipOverrides.put(key(module), zip);
    }

    /** Serves {@code bytes} as the zip of {@code module}. */
    public void replaceZip(GoModule module, byte[] bytes) {
        zipOverrides.put(key(module), bytes);
    }

    public void restoreZip(GoModule module) {
        zipOverrides.remove(key(module));
    }

    public int zipRequests(GoModule module) {
        return requestCount(module.proxyPath(".zip"));
    }

    private static String key(GoModule module) {
        return module.escapedPath() + "@" + module.version();
    }

    private void serve(Exchange exchange) throws IOException {
        String path = exchange.path().substring(1);
        int at = path.indexOf("/@");
        if (at < 0) {
            exchange.respondText(404, "not found: " + path);
            return;
        }
        String module = path.substring(0, at);
        String rest = path.substring(at + 1);
        NavigableMap<String, GoModule> versions = modules.get(module);
        if (versions == null || versions.isEmpty()) {
            exchange.respondText(404, "not found: module " + module + ": no matching versions");
            return;
        }
        if (rest.equals("@v/list")) {
            exchange.respondText(200, versions.keySet().stream().map(v -> v + "\n").reduce("", String::concat));
            return;
        }
        if (rest.equals("@latest")) {
            exchange.respondJson(200, versions.lastEntry().getValue().info());
            return;
        }
        if (rest.startsWith("@v/")) {
            String file = rest.substring(3);
            int dot = file.lastIndexOf('.');
            Optional<GoModule> found = dot < 0 ? Optional.empty()
                    : Optional.ofNullable(versions.get(unescape(file.substring(0, dot))));
            if (found.isPresent()) {
                GoModule m = found.get();
                switch (file.substring(dot)) {
                    case ".info" -> {
                        exchange.respondJson(200, m.info());
                        return;
                    }
                    case ".mod" -> {
                        exchange.respond(200, "text/plain; charset=utf-8", m.mod());
                        return;
                    }
                    case ".zip" -> {
                        exchange.respond(200, "application/zip", zipOverrides.getOrDefault(key(m), m.zip()));
                        return;
                    }
                    default -> { }
                }
            }
        }
        exchange.respond(404, "text/plain; charset=utf-8",
                ("not found: " + module + "/" + rest).getBytes(StandardCharsets.UTF_8));
    }

    private static String unescape(String escaped) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '!' && i + 1 < escaped.length()) {
                b.append(Character.toUpperCase(escaped.charAt(++i)));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int[] core(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        int cut = v.indexOf('-') >= 0 ? v.indexOf('-') : v.indexOf('+') >= 0 ? v.indexOf('+') : v.length();
        return Arrays.stream(v.substring(0, cut).split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}
