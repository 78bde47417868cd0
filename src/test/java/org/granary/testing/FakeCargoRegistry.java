package org.granary.testing;

import jakarta.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Cargo sparse registry serving real, buildable crates generated in memory.
 *
 * <ul>
 *   <li>{@code /config.json}: {@code {"dl": ...}}, by default this server's {@code /api/v1/crates} (Cargo then
 *       downloads from {@code /api/v1/crates/{crate}/{version}/download}); {@link #useMarkerDownloadTemplate()}
 *       switches to a template using every marker Cargo defines.</li>
 *   <li>Index files at the lower-case sparse layout ({@code /1/a}, {@code /2/ab}, {@code /3/a/abc},
 *       {@code /ab/cd/abcd}), one JSON line per published version, yanked ones included; strong {@code ETag}
 *       and {@code Last-Modified}, answering {@code 304} to {@code If-None-Match} / {@code If-Modified-Since}.</li>
 *   <li>Unknown crates and versions: {@code 404}.</li>
 * </ul>
 *
 * <p>Per-crate controls let tests serve bytes that do not match the index's {@code cksum}.
 */
public class FakeCargoRegistry extends FakeUpstream {

    private final Map<String, Instant> pubtimes = new java.util.concurrent.ConcurrentHashMap<>();

    /** Every marker Cargo knows; the checksum travels in the query so the fake can insist on it. */
    public static final String MARKER_TEMPLATE =
            "/files/{prefix}/{lowerprefix}/{crate}/{crate}-{version}.crate?cksum={sha256-checksum}";
    private static final String PLAIN_DL = "/api/v1/crates";

    private final Map<String, List<CargoCrate>> crates = new ConcurrentHashMap<>();
    private final Map<String, Instant> modified = new ConcurrentHashMap<>();
    private final Map<String, Boolean> tampered = new ConcurrentHashMap<>();
    private volatile String dlTemplate = PLAIN_DL;

    public FakeCargoRegistry(int port) {
        super(port);
        onPrefix("/", this::serve);
    }

    // ---- publishing ------------------------------------------------------------------------------------

    /** Publishes {@code name@version} depending on {@code dependencies} (name → requirement such as {@code ^1}). */
    public CargoCrate publish(String name, String version, Map<String, String> dependencies) {
        return publish(CargoCrate.build(name, version, dependencies, false));
    }

    /** Publishes a version that is already yanked (its index line says {@code "yanked":true}). */
    public CargoCrate publishYanked(String name, String version, Map<String, String> dependencies) {
        return publish(CargoCrate.build(name, version, dependencies, true));
    }

    public synchronized CargoCrate publish(CargoCrate crate) {
        String key = crate.name().toLowerCase(Locale.ROOT);
        List<CargoCrate> versions = crates.computeIfAbsent(key, k -> new ArrayList<>());
        versions.removeIf(c -> c.version().equals(crate.version()));
        versions.add(crate);
        modified.put(key, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return crate;
    }

    /** Publishes {@code name@version} with a {@code pubtime} in its index line, as crates.io writes one. */
    public CargoCrate publishAt(String name, String version, Instant pubtime) {
        pubtimes.put(key(name, version), pubtime.truncatedTo(ChronoUnit.SECONDS));
        return publish(CargoCrate.build(name, version, Map.of(), false));
    }

    /** From now on {@code config.json}'s {@code dl} is {@link #MARKER_TEMPLATE} on this server. */
    public void useMarkerDownloadTemplate() {
        dlTemplate = MARKER_TEMPLATE;
    }

    // ---- download controls -----------------------------------------------------------------------------

    /** Serves other valid {@code .crate} bytes than those whose {@code cksum} the index declares. */
    public void tamper(String name, String version) {
        crate(name, version);
        tampered.put(key(name, version), true);
    }

    public void restore(String name, String version) {
        tampered.remove(key(name, version));
    }

    // ---- what tests compare against --------------------------------------------------------------------

    public CargoCrate crate(String name, String version) {
        return versions(name).stream().filter(c -> c.version().equals(version)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("not published: " + name + "@" + version));
    }

    /** The index file of {@code name} exactly as this registry serves it. */
    public String indexFile(String name) {
        StringBuilder b = new StringBuilder();
        versions(name).forEach(c -> {
            Instant pubtime = pubtimes.get(key(c.name(), c.version()));
            b.append(pubtime == null ? c.indexLine() : c.indexLine().replaceFirst("}$", ",\"pubtime\":\"" + pubtime + "\"}"))
                    .append('\n');
        });
        return b.toString();
    }

    /** {@code /ab/cd/abcd}: where the index file of {@code name} lives, in lower case. */
    public static String indexPath(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return "/" + prefix(lower) + "/" + lower;
    }

    /** The path (without query) this registry serves the crate at, under the current {@code dl}. */
    public String downloadPath(String name, String version) {
        String url = expand(crate(name, version));
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    public int downloadRequests(String name, String version) {
        return requestCount(downloadPath(name, version));
    }

    public int indexRequests(String name) {
        return requestCount(indexPath(name));
    }

    // ---- serving ---------------------------------------------------------------------------------------

    private void serve(Exchange exchange) throws IOException {
        if (!exchange.method().equals("GET") && !exchange.isHead()) {
            exchange.respondJson(405, "{\"errors\":[{\"detail\":\"method not allowed\"}]}");
            return;
        }
        String path = exchange.rawPath();
        if (path.equals("/config.json")) {
            String json = Json.createObjectBuilder().add("dl", baseUrl() + dlTemplate).build().toString();
            conditional(exchange, json, Optional.empty(), "application/json");
            return;
        }
        Optional<CargoCrate> download = findDownload(path, exchange.rawQuery());
        if (download.isPresent()) {
            CargoCrate c = download.get();
            byte[] body = tampered.containsKey(key(c.name(), c.version())) ? c.tamperedBytes() : c.bytes();
            exchange.setHeader("Content-Type", "application/gzip");
            try (OutputStream out = exchange.startResponse(200, body.length)) {
                if (!exchange.isHead()) {
                    out.write(body);
                }
            }
            return;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!versions(name).isEmpty() && path.equals(indexPath(name))) {
            conditional(exchange, indexFile(name), Optional.ofNullable(modified.get(name.toLowerCase(Locale.ROOT))),
                    "text/plain; charset=utf-8");
            return;
        }
        exchange.respondJson(404, "{\"errors\":[{\"detail\":\"Not Found\"}]}");
    }

    private Optional<CargoCrate> findDownload(String rawPath, String rawQuery) {
        String asked = rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        return crates.keySet().stream()
                .flatMap(name -> versions(name).stream())
                .filter(c -> asked.equals(expand(c)))
                .findFirst();
    }

    /** Answers with ETag and optional Last-Modified, or 304 when the client's copy is current. */
    private static void conditional(Exchange exchange, String body, Optional<Instant> lastModified, String type)
            throws IOException {
        String etag = "\"" + CargoCrate.sha256(body.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + "\"";
        exchange.setHeader("ETag", etag);
        lastModified.ifPresent(t -> exchange.setHeader("Last-Modified", httpDate(t)));
        Optional<String> ifNoneMatch = exchange.header("If-None-Match");
        boolean notModified = ifNoneMatch.isPresent()
                ? Arrays.stream(ifNoneMatch.get().split(",")).map(String::trim)
                        .map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(t -> t.equals(etag) || t.equals("*"))
                : lastModified.isPresent() && exchange.header("If-Modified-Since")
                        .flatMap(FakeCargoRegistry::parseHttpDate).map(since -> !lastModified.get().isAfter(since))
                        .orElse(false);
        if (notModified) {
            exchange.respondEmpty(304);
        } else {
            exchange.respond(200, type, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** This registry's own expansion of its {@code dl}: path and query relative to {@link #baseUrl()}. */
    private String expand(CargoCrate c) {
        String dl = dlTemplate;
        if (!dl.contains("{")) {
            return dl + "/" + c.name() + "/" + c.version() + "/download";
        }
        String prefix = prefix(c.name());
        return dl.replace("{crate}", c.name()).replace("{version}", c.version()).replace("{prefix}", prefix)
                .replace("{lowerprefix}", prefix.toLowerCase(Locale.ROOT)).replace("{sha256-checksum}", c.cksum());
    }

    private static String prefix(String name) {
        return switch (name.length()) {
            case 1 -> "1";
            case 2 -> "2";
            case 3 -> "3/" + name.charAt(0);
            default -> name.substring(0, 2) + "/" + name.substring(2, 4);
        };
    }

    private synchronized List<CargoCrate> versions(String name) {
        return List.copyOf(crates.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }

    private static String key(String name, String version) {
        return name.toLowerCase(Locale.ROOT) + "@" + version;
    }

    private static String httpDate(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    private static Optional<Instant> parseHttpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
