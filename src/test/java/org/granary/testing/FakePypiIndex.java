package org.granary.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake Python package index serving real, installable distributions generated in memory
 * ({@link PypiDistribution}).
 *
 * <ul>
 *   <li>{@code /simple/} lists the projects; {@code /simple/{normalised}/} is a project page, as PEP 691 JSON
 *       (API 1.1: {@code versions}, {@code size}, {@code upload-time}, {@code core-metadata}, absolute file URLs)
 *       when the {@code Accept} header asks for it, else PEP 503 HTML (relative file URLs with
 *       {@code #sha256=}, {@code data-requires-python}, {@code data-yanked} and the older
 *       {@code data-dist-info-metadata} name). A project can be limited to one of the two
 *       ({@link #serveOnly}). A non-normalised name is redirected (301) as PEP 503 asks. Pages carry a strong
 *       {@code ETag}; {@code If-None-Match} gives 304.</li>
 *   <li>Files at {@code /files/{normalised}/{filename}}, wheels' core metadata at
 *       {@code /files/{normalised}/{filename}.metadata}.</li>
 *   <li>Unknown projects and files: 404.</li>
 * </ul>
 */
public class FakePypiIndex extends FakeUpstream {

    public static final String JSON_TYPE = "application/vnd.pypi.simple.v1+json";

    /** Which representations of a project page the index offers. */
    public enum Representations { BOTH, HTML_ONLY, JSON_ONLY }

    /** A published file with its index-side attributes. */
    private record Published(PypiDistribution distribution, Instant uploaded, String yanked) {
    }

    private final Map<String, List<Published>> projects = new ConcurrentHashMap<>();
    private final Map<String, Representations> representations = new ConcurrentHashMap<>();
    private final Map<String, byte[]> corrupted = new ConcurrentHashMap<>();

    /** Starts on an ephemeral port. */
    public FakePypiIndex() {
        this(0);
    }

    public FakePypiIndex(int port) {
        super(port);
        onPrefix("/", this::serve);
    }

    // ---- publishing ------------------------------------------------------------------------------------

    public PypiDistribution publish(PypiDistribution d) {
        return publish(d, null);
    }

    /** Publishes {@code d} as uploaded at {@code uploaded} (its PEP 700 {@code upload-time}). */
    public PypiDistribution publishUploadedAt(PypiDistribution d, Instant uploaded) {
        List<Published> files = projects.computeIfAbsent(d.project(), p -> new CopyOnWriteArrayList<>());
        files.removeIf(p -> p.distribution().filename().equals(d.filename()));
        files.add(new Published(d, uploaded.truncatedTo(ChronoUnit.MILLIS), null));
        return d;
    }

    /** Publishes {@code d}; a non-null {@code yankedReason} (possibly empty) marks it yanked (PEP 592). */
    public PypiDistribution publish(PypiDistribution d, String yankedReason) {
        List<Published> files = projects.computeIfAbsent(d.project(), p -> new CopyOnWriteArrayList<>());
        files.removeIf(p -> p.distribution().filename().equals(d.filename()));
        files.add(new Published(d, Instant.now().truncatedTo(ChronoUnit.MILLIS), yankedReason));
        return d;
    }

    public void serveOnly(String project, Representations r) {
        representations.put(PypiDistribution.normalise(project), r);
    }

    // ---- file controls ---------------------------------------------------------------------------------

    /** Serves other (still valid zip) bytes for {@code filename} than the hash the pages declare. */
    public void corrupt(String filename) {
        PypiDistribution d = distribution(filename);
        PypiDistribution other = d.kind() == PypiDistribution.Kind.WHEEL
                ? PypiDistribution.wheel(d.name(), d.version(), d.requiresPython(), List.of(), "corrupted")
                : PypiDistribution.sdist(d.name(), d.version() + ".post0", d.requiresPython(), List.of());
        corrupted.put(filename, other.bytes());
    }

    /** Serves other core metadata for the wheel {@code filename} than the hash the pages declare. */
    public void corruptMetadata(String filename) {
        corrupted.put(filename + ".metadata", "Metadata-Version: 2.1\nName: tampered\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Undoes {@link #corrupt} and {@link #corruptMetadata}. */
    public void restore(String filename) {
        corrupted.remove(filename);
        corrupted.remove(filename + ".metadata");
    }

    // ---- what tests compare against --------------------------------------------------------------------

    public PypiDistribution distribution(String filename) {
        return projects.values().stream().flatMap(List::stream).map(Published::distribution)
                .filter(d -> d.filename().equals(filename)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(filename));
    }

    public static String pagePath(String project) {
        return "/simple/" + PypiDistribution.normalise(project) + "/";
    }

    public static String filePath(PypiDistribution d) {
        return "/files/" + d.project() + "/" + d.filename();
    }

    public int pageRequests(String project) {
        return requestCount(pagePath(project));
    }

    public int fileRequests(PypiDistribution d) {
        return requestCount(filePath(d));
    }

    public int metadataRequests(PypiDistribution d) {
        return requestCount(filePath(d) + ".metadata");
    }

    /** The page of {@code project} as this index renders it, for parser tests. */
    public String htmlPage(String project) {
        return html(PypiDistribution.normalise(project), files(PypiDistribution.normalise(project)));
    }

    public String jsonPage(String project) {
        return json(PypiDistribution.normalise(project), files(PypiDistribution.normalise(project)));
    }

    // ---- serving ---------------------------------------------------------------------------------------

    private void serve(Exchange exchange) throws IOException {
        if (!exchange.method().equals("GET") && !exchange.isHead()) {
            exchange.respondText(405, "method not allowed");
            return;
        }
        String path = exchange.path();
        String[] s = path.split("/", -1);
        if (path.equals("/simple/")) {
            projectList(exchange);
        } else if (s.length >= 3 && s[1].equals("simple") && (s.length == 3 || (s.length == 4 && s[3].isEmpty()))) {
            String normalised = PypiDistribution.normalise(s[2]);
            if (!normalised.equals(s[2]) || s.length == 3) {
                exchange.setHeader("Location", "/simple/" + normalised + "/");
                exchange.respondText(301, "moved");
            } else {
                projectPage(exchange, normalised);
            }
        } else if (s.length >= 4 && s[1].equals("pypi") && s[s.length - 1].equals("json")
                && (s.length == 4 || s.length == 5)) {
            jsonApi(exchange, PypiDistribution.normalise(s[2]), s.length == 5 ? s[3] : null);
        } else if (s.length == 4 && s[1].equals("files")) {
            file(exchange, s[2], s[3]);
        } else {
            exchange.respondText(404, "not found");
        }
    }

    private void projectList(Exchange exchange) throws IOException {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body>\n");
        projects.keySet().stream().sorted().forEach(p -> b.append("<a href=\"").append(p).append("/\">").append(p)
                .append("</a>\n"));
        exchange.respond(200, "text/html; charset=utf-8", b.append("</body></html>\n").toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    /** PyPI's JSON API: {@code /pypi/<project>/json} (info of the last version, releases, urls) or of one version. */
    private void jsonApi(Exchange exchange, String project, String version) throws IOException {
        List<Published> files = files(project);
        String shown = version != null ? version
                : files.isEmpty() ? null : files.get(files.size() - 1).distribution().version();
        if (files.isEmpty() || files.stream().noneMatch(f -> f.distribution().version().equals(shown))) {
            exchange.respondText(404, "Not Found");
            return;
        }
        JsonObjectBuilder releases = Json.createObjectBuilder();
        Map<String, JsonArrayBuilder> byVersion = new java.util.LinkedHashMap<>();
        JsonArrayBuilder urls = Json.createArrayBuilder();
        PypiDistribution info = null;
        for (Published p : files) {
            PypiDistribution d = p.distribution();
            JsonObjectBuilder f = Json.createObjectBuilder()
                    .add("filename", d.filename())
                    .add("url", baseUrl() + filePath(d))
                    .add("digests", Json.createObjectBuilder().add("sha256", d.sha256())
                            .add("md5", "0".repeat(32)))
                    .add("packagetype", d.kind() == PypiDistribution.Kind.WHEEL ? "bdist_wheel" : "sdist")
                    .add("size", d.bytes().length)
                    .add("upload_time", p.uploaded().toString().substring(0, 19))
                    .add("upload_time_iso_8601", p.uploaded().toString())
                    .add("yanked", p.yanked() != null);
            if (p.yanked() != null) {
                f.add("yanked_reason", p.yanked());
            } else {
                f.addNull("yanked_reason");
            }
            JsonObjectBuilder built = f;
            jakarta.json.JsonObject file = built.build();
            byVersion.computeIfAbsent(d.version(), v -> Json.createArrayBuilder()).add(file);
            if (d.version().equals(shown)) {
                urls.add(file);
                info = d;
            }
        }
        byVersion.forEach(releases::add);
        JsonArrayBuilder requires = Json.createArrayBuilder();
        String metadata = new String(info.metadata(), StandardCharsets.UTF_8);
        for (String line : metadata.split("\n")) {
            if (line.startsWith("Requires-Dist: ")) {
                requires.add(line.substring("Requires-Dist: ".length()).strip());
            }
        }
        JsonObjectBuilder infoJson = Json.createObjectBuilder().add("name", info.name()).add("version", shown)
                .add("summary", "Served by the fake index").add("requires_dist", requires);
        if (info.requiresPython() != null) {
            infoJson.add("requires_python", info.requiresPython());
        } else {
            infoJson.addNull("requires_python");
        }
        JsonObjectBuilder body = Json.createObjectBuilder().add("info", infoJson).add("last_serial", 1);
        if (version == null) {
            body.add("releases", releases);
        }
        exchange.respond(200, "application/json", body.add("urls", urls).build().toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    private void projectPage(Exchange exchange, String project) throws IOException {
        List<Published> files = files(project);
        if (files.isEmpty()) {
            exchange.respondText(404, "no such project");
            return;
        }
        Representations offered = representations.getOrDefault(project, Representations.BOTH);
        boolean wantsJson = exchange.header("Accept").orElse("").contains(JSON_TYPE);
        boolean json = offered == Representations.JSON_ONLY || (wantsJson && offered != Representations.HTML_ONLY);
        if (offered == Representations.JSON_ONLY && !wantsJson) {
            exchange.respondText(406, "this index only serves " + JSON_TYPE);
            return;
        }
        String body = json ? json(project, files) : html(project, files);
        String etag = "\"" + PypiDistribution.sha256(body.getBytes(StandardCharsets.UTF_8)).substring(0, 24) + "\"";
        exchange.setHeader("ETag", etag).setHeader("Vary", "Accept");
        if (etag.equals(exchange.header("If-None-Match").orElse(null))) {
            exchange.respondEmpty(304);
            return;
        }
        exchange.respond(200, json ? JSON_TYPE : "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private void file(Exchange exchange, String project, String filename) throws IOException {
        boolean metadata = filename.endsWith(".metadata");
        String name = metadata ? filename.substring(0, filename.length() - ".metadata".length()) : filename;
        Published p = files(project).stream().filter(f -> f.distribution().filename().equals(name)).findFirst()
                .orElse(null);
        if (p == null || (metadata && p.distribution().kind() != PypiDistribution.Kind.WHEEL)) {
            exchange.respondText(404, "no such file");
            return;
        }
        byte[] body = corrupted.getOrDefault(filename,
                metadata ? p.distribution().metadata() : p.distribution().bytes());
        exchange.respond(200, metadata ? "text/plain" : "application/octet-stream", body);
    }

    private List<Published> files(String project) {
        return new ArrayList<>(projects.getOrDefault(project, List.of()));
    }

    // ---- rendering -------------------------------------------------------------------------------------

    private String html(String project, List<Published> files) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html>\n<head>\n"
                + "<meta name=\"pypi:repository-version\" content=\"1.0\">\n<title>Links for " + project
                + "</title>\n</head>\n<body>\n<h1>Links for " + project + "</h1>\n");
        for (Published p : files) {
            PypiDistribution d = p.distribution();
            b.append("<a href=\"../../files/").append(project).append('/').append(d.filename())
                    .append("#sha256=").append(d.sha256()).append('"');
            if (d.requiresPython() != null) {
                b.append(" data-requires-python=\"").append(escape(d.requiresPython())).append('"');
            }
            if (p.yanked() != null) {
                b.append(" data-yanked=\"").append(escape(p.yanked())).append('"');
            }
            if (d.kind() == PypiDistribution.Kind.WHEEL) {
                b.append(" data-dist-info-metadata=\"sha256=").append(d.metadataSha256()).append('"');
            }
            b.append('>').append(d.filename()).append("</a><br/>\n");
        }
        return b.append("</body>\n</html>\n").toString();
    }

    private String json(String project, List<Published> files) {
        Set<String> versions = new LinkedHashSet<>();
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Published p : files) {
            PypiDistribution d = p.distribution();
            versions.add(d.version());
            JsonObjectBuilder f = Json.createObjectBuilder()
                    .add("filename", d.filename())
                    .add("url", baseUrl() + filePath(d))
                    .add("hashes", Json.createObjectBuilder().add("sha256", d.sha256()))
                    .add("size", d.bytes().length)
                    .add("upload-time", p.uploaded().toString());
            if (d.requiresPython() != null) {
                f.add("requires-python", d.requiresPython());
            }
            if (p.yanked() != null) {
                if (p.yanked().isEmpty()) {
                    f.add("yanked", true);
                } else {
                    f.add("yanked", p.yanked());
                }
            }
            if (d.kind() == PypiDistribution.Kind.WHEEL) {
                f.add("core-metadata", Json.createObjectBuilder().add("sha256", d.metadataSha256()));
            }
            list.add(f);
        }
        JsonArrayBuilder v = Json.createArrayBuilder();
        versions.forEach(v::add);
        return Json.createObjectBuilder()
                .add("meta", Json.createObjectBuilder().add("api-version", "1.1"))
                .add("name", project)
                .add("versions", v)
                .add("files", list)
                .build().toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
