package org.granary.testing;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A fake npm registry serving real, installable packages generated in memory.
 *
 * <ul>
 *   <li>Packument (full metadata document) at {@code /name}; scoped ones at both {@code /@scope%2fname} and
 *       {@code /@scope/name}. Strong {@code ETag}; {@code If-None-Match} gives {@code 304}.</li>
 *   <li>Tarballs at {@code /name/-/name-1.0.0.tgz} and {@code /@scope/name/-/name-1.0.0.tgz}; the packument's
 *       {@code dist.tarball} is this server's own absolute URL.</li>
 *   <li>Unknown packages: {@code 404 {"error":"Not found"}}.</li>
 * </ul>
 *
 * <p>Per-tarball controls let tests corrupt, gate (half sent, then held), delay or enlarge a tarball.
 */
public class FakeNpmRegistry extends FakeUpstream {

    /** Orders versions by semver precedence (numeric core, then a release above its pre-releases). */
    static final Comparator<String> SEMVER = Comparator
            .comparing((String v) -> core(v), Arrays::compare)
            .thenComparing(v -> !v.contains("-"))
            .thenComparing(Comparator.naturalOrder());

    private final Map<String, NavigableMap<String, Published>> packages = new ConcurrentHashMap<>();
    private final Map<NpmPackageId, NpmTarball> corrupted = new ConcurrentHashMap<>();
    private final Map<NpmPackageId, TarballGate> gates = new ConcurrentHashMap<>();
    private final Map<NpmPackageId, Duration> delays = new ConcurrentHashMap<>();

    /** Starts on an ephemeral port. */
    public FakeNpmRegistry() {
        this(0);
    }

    public FakeNpmRegistry(int port) {
        super(port);
        onPrefix("/", this::serve);
    }

    // ---- publishing ------------------------------------------------------------------------------------

    public FakeNpmRegistry addPackage(String name, String version) {
        return addPackage(name, version, Map.of());
    }

    /** Publishes {@code name@version} with the given dependencies (name → semver range). */
    public FakeNpmRegistry addPackage(String name, String version, Map<String, String> dependencies) {
        return addPackage(name, version, dependencies, 0);
    }

    /** As {@link #addPackage(String, String, Map)}, with {@code paddingBytes} of random data in the tarball. */
    public FakeNpmRegistry addPackage(String name, String version, Map<String, String> dependencies,
                                      int paddingBytes) {
        NpmPackageId id = new NpmPackageId(name, version);
        Published published = Published.of(id, dependencies, paddingBytes,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        packages.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>(SEMVER)).put(version, published);
        corrupted.remove(id);
        return this;
    }

    /** Publishes {@code name@version} without dependencies, as released at {@code releasedAt} (its {@code time} entry). */
    public FakeNpmRegistry addPackageReleasedAt(String name, String version, Instant releasedAt) {
        NpmPackageId id = new NpmPackageId(name, version);
        packages.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>(SEMVER))
                .put(version, Published.of(id, Map.of(), 0, releasedAt.truncatedTo(ChronoUnit.MILLIS)));
        corrupted.remove(id);
        return this;
    }

    /** Rebuilds the tarball with a {@code padding.bin} of {@code bytes} incompressible bytes (new integrity). */
    public void setTarballPadding(String name, String version, int bytes) {
        Published old = published(name, version);
        addPackage(name, version, old.dependencies(), bytes);
    }

    // ---- tarball controls ------------------------------------------------------------------------------

    /** Serves different (still valid gzip) bytes than those whose integrity the packument declares. */
    public void corruptTarball(String name, String version) {
        Published p = published(name, version);
        corrupted.put(p.id(), NpmTarball.build(p.id(), p.dependencies(), p.paddingBytes(), "corrupted"));
    }

    public void restoreTarball(String name, String version) {
        corrupted.remove(new NpmPackageId(name, version));
    }

    /** Holds every response for this tarball after its first half until the gate is released. */
    public TarballGate gateTarball(String name, String version) {
        published(name, version);
        TarballGate gate = new TarballGate();
        gates.put(new NpmPackageId(name, version), gate);
        return gate;
    }

    /** Waits {@code delay} before answering each request for this tarball. */
    public void delayTarball(String name, String version, Duration delay) {
        published(name, version);
        delays.put(new NpmPackageId(name, version), delay);
    }

    /** Removes corruption, gates and delays from every tarball. */
    public void clearTarballControls() {
        corrupted.clear();
        gates.values().forEach(TarballGate::release);
        gates.clear();
        delays.clear();
    }

    // ---- what tests compare against --------------------------------------------------------------------

    /** The bytes the packument's integrity describes (not the corrupted ones). */
    public byte[] tarballBytes(String name, String version) {
        return published(name, version).tarball().bytes();
    }

    public String integrity(String name, String version) {
        return published(name, version).tarball().integrity();
    }

    public String shasum(String name, String version) {
        return published(name, version).tarball().shasum();
    }

    /** {@code /name} or, for scoped names, {@code /@scope%2fname} as npm sends it. */
    public static String packumentPath(String name) {
        return "/" + name.replace("/", "%2f");
    }

    /** {@code /name/-/basename-version.tgz}. */
    public static String tarballPath(String name, String version) {
        return "/" + name + "/-/" + new NpmPackageId(name, version).basename() + "-" + version + ".tgz";
    }

    public String tarballUrl(String name, String version) {
        return baseUrl() + tarballPath(name, version);
    }

    /** Packument requests for {@code name}, whichever encoding of a scoped name was used. */
    public int packumentRequests(String name) {
        return requestCount("/" + name);
    }

    public int tarballRequests(String name, String version) {
        return requestCount(tarballPath(name, version));
    }

    /** The current packument's ETag (quoted), e.g. to send as {@code If-None-Match}. */
    public String packumentEtag(String name) {
        return etag(packumentJson(name).orElseThrow(() -> new NoSuchElementException(name)));
    }

    /** Names of all published packages. */
    public Set<String> packageNames() {
        return Set.copyOf(packages.keySet());
    }

    // ---- serving ---------------------------------------------------------------------------------------

    private void serve(Exchange exchange) throws IOException {
        if (!exchange.method().equals("GET") && !exchange.isHead()) {
            exchange.respondJson(405, "{\"error\":\"method not allowed\"}");
            return;
        }
        String path = exchange.path();
        int dash = path.indexOf("/-/");
        if (dash > 0) {
            serveTarball(exchange, path.substring(1, dash), path.substring(dash + 3));
        } else {
            servePackument(exchange, path.substring(1));
        }
    }

    private void servePackument(Exchange exchange, String name) throws IOException {
        Optional<String> json = packumentJson(name);
        if (json.isEmpty()) {
            exchange.respondJson(404, "{\"error\":\"Not found\"}");
            return;
        }
        String etag = etag(json.get());
        exchange.setHeader("ETag", etag);
        exchange.setHeader("Cache-Control", "public, max-age=300");
        if (exchange.header("If-None-Match").map(header -> matches(header, etag)).orElse(false)) {
            exchange.respondEmpty(304);
        } else {
            exchange.respondJson(200, json.get());
        }
    }

    private void serveTarball(Exchange exchange, String name, String file) throws IOException {
        Optional<Published> found = Optional.ofNullable(packages.get(name)).stream()
                .flatMap(versions -> versions.values().stream())
                .filter(p -> file.equals(p.id().basename() + "-" + p.id().version() + ".tgz"))
                .findFirst();
        if (found.isEmpty()) {
            exchange.respondJson(404, "{\"error\":\"Not found\"}");
            return;
        }
        NpmPackageId id = found.get().id();
        byte[] body = Optional.ofNullable(corrupted.get(id)).orElse(found.get().tarball()).bytes();
        try {
            Duration delay = delays.get(id);
            if (delay != null) {
                Thread.sleep(delay.toMillis());
            }
            exchange.setHeader("Content-Type", "application/octet-stream");
            OutputStream out = exchange.startResponse(200, body.length);
            if (exchange.isHead()) {
                return;
            }
            TarballGate gate = gates.get(id);
            int sent = 0;
            if (gate != null && !gate.isReleased()) {
                sent = body.length / 2;
                out.write(body, 0, sent);
                out.flush();
                gate.firstHalfSent();
                gate.awaitRelease();
            }
            out.write(body, sent, body.length - sent);
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping; the connection is closed unfinished
        }
    }

    private Optional<String> packumentJson(String name) {
        NavigableMap<String, Published> versions = packages.get(name);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        JsonObjectBuilder versionsJson = Json.createObjectBuilder();
        JsonObjectBuilder time = Json.createObjectBuilder()
                .add("created", versions.values().stream().map(Published::time).min(Comparator.naturalOrder())
                        .orElseThrow().toString())
                .add("modified", versions.values().stream().map(Published::time).max(Comparator.naturalOrder())
                        .orElseThrow().toString());
        versions.values().forEach(p -> {
            versionsJson.add(p.id().version(), versionJson(p));
            time.add(p.id().version(), p.time().toString());
        });
        return Optional.of(Json.createObjectBuilder()
                .add("_id", name)
                .add("name", name)
                .add("description", "Generated by Granary's fake npm registry")
                .add("dist-tags", Json.createObjectBuilder().add("latest", latest(versions)))
                .add("versions", versionsJson)
                .add("time", time)
                .add("license", "MIT")
                .build()
                .toString());
    }

    private JsonObjectBuilder versionJson(Published p) {
        JsonObjectBuilder deps = Json.createObjectBuilder();
        p.dependencies().forEach(deps::add);
        return Json.createObjectBuilder()
                .add("name", p.id().name())
                .add("version", p.id().version())
                .add("_id", p.id().toString())
                .add("main", "index.js")
                .add("license", "MIT")
                .add("dependencies", deps)
                .add("dist", Json.createObjectBuilder()
                        .add("tarball", tarballUrl(p.id().name(), p.id().version()))
                        .add("integrity", p.tarball().integrity())
                        .add("shasum", p.tarball().shasum()));
    }

    /** The highest release, or the highest pre-release if there is no release. */
    private static String latest(NavigableMap<String, Published> versions) {
        return versions.descendingKeySet().stream()
                .filter(v -> !v.contains("-"))
                .findFirst()
                .orElse(versions.lastKey());
    }

    private static String etag(String json) {
        byte[] hash = NpmTarball.digest("SHA-256", json.getBytes(StandardCharsets.UTF_8));
        return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals(etag) || tag.equals("*"));
    }

    private Published published(String name, String version) {
        NavigableMap<String, Published> versions = packages.get(name);
        Published p = versions == null ? null : versions.get(version);
        if (p == null) {
            throw new NoSuchElementException("not published on the fake registry: " + name + "@" + version);
        }
        return p;
    }

    private static int[] core(String version) {
        String core = version.split("[-+]", 2)[0];
        return Arrays.stream(core.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    /** One published version and its (declared) tarball. */
    private record Published(NpmPackageId id, Map<String, String> dependencies, int paddingBytes,
                             NpmTarball tarball, Instant time) {

        static Published of(NpmPackageId id, Map<String, String> dependencies, int paddingBytes, Instant time) {
            Map<String, String> sorted = Collections.unmodifiableMap(new TreeMap<>(dependencies));
            return new Published(id, sorted, paddingBytes, NpmTarball.build(id, sorted, paddingBytes, ""), time);
        }
    }
}
