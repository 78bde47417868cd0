package org.granary.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake WinGet REST source under {@code /api/} (what winget-cli-restsource serves), with installers under
 * {@code /files/}:
 * <ul>
 *   <li>{@code GET /api/information}: {@code ServerSupportedVersions} as configured (default 1.1.0, 1.4.0,
 *       1.10.0);</li>
 *   <li>{@code POST /api/manifestSearch}: {@code Query} (Substring on identifier and name), {@code Filters} and
 *       {@code Inclusions} on {@code PackageIdentifier} or {@code ProductCode} (Exact, StartsWith, else
 *       CaseInsensitive), two
 *       packages per page with a {@code ContinuationToken}; {@code 204} when nothing matches;</li>
 *   <li>{@code GET /api/packageManifests/{id}}: every version (with a {@code ReleaseDate} where
 *       {@link #releasedOn} gave one), {@code 204} for an unknown package;</li>
 *   <li>{@code GET /files/{id}/{version}/{file}}: the installer bytes ({@link #tamper} serves others than the
 *       manifest declares).</li>
 * </ul>
 * Every version has an x64 MSI installer; {@link #publish} can add a font installer (a type only contract 1.12 and
 * later know) and a {@code DesiredStateConfiguration} (1.28), to see what each client is shown.
 */
public class FakeWingetSource extends FakeUpstream {

    /** One installer as published. */
    public record PublishedInstaller(String identifier, String type, String fileName, byte[] bytes, String productCode) {
        public String sha256() {
            return sha256Hex(bytes).toUpperCase(Locale.ROOT);
        }
    }

    /** One version as published. */
    public record PublishedVersion(String id, String name, String publisher, String version,
                                   List<PublishedInstaller> installers, boolean withDsc) {
    }

    private final Map<String, List<PublishedVersion>> packages = new ConcurrentHashMap<>();
    private final Map<String, byte[]> tampered = new ConcurrentHashMap<>();
    private final Map<String, String> releaseDates = new ConcurrentHashMap<>();
    private final List<String> searches = new CopyOnWriteArrayList<>();
    private volatile List<String> supported = List.of("1.1.0", "1.4.0", "1.10.0");

    public FakeWingetSource() {
        super(0);
        on("/api/information", this::information);
        on("/api/manifestSearch", this::search);
        onPrefix("/api/packageManifests/", this::manifests);
        onPrefix("/files/", this::file);
    }

    /** The source's URL as winget is given it, ending in a slash. */
    public String sourceUrl() {
        return baseUrl() + "/api/";
    }

    public void supportedVersions(List<String> versions) {
        supported = List.copyOf(versions);
    }

    /** The bodies of every search received, in order. */
    public List<String> searches() {
        return List.copyOf(searches);
    }

    /** Publishes a version with an MSI installer (its bytes made from the coordinates) and the given extras. */
    public PublishedVersion publish(String id, String name, String version, String productCode, boolean withFont,
                                    boolean withDsc) {
        List<PublishedInstaller> installers = new ArrayList<>();
        installers.add(new PublishedInstaller("x64-msi", "msi", "setup-" + version + ".msi",
                ("MSI of " + id + " " + version).getBytes(StandardCharsets.UTF_8), productCode));
        if (withFont) {
            installers.add(new PublishedInstaller("neutral-font", "font", "fonts-" + version + ".zip",
                    ("fonts of " + id + " " + version).getBytes(StandardCharsets.UTF_8), null));
        }
        PublishedVersion v = new PublishedVersion(id, name, "Publisher of " + name, version, installers, withDsc);
        packages.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(v);
        return v;
    }

    /** Gives every installer of {@code id} {@code version} this {@code ReleaseDate} (a date, as manifests write it). */
    public void releasedOn(String id, String version, java.time.LocalDate date) {
        releaseDates.put(id + "\n" + version, date.toString());
    }

    /** Serves other bytes for {@code fileName} than the manifest's {@code InstallerSha256} says. */
    public void tamper(String fileName) {
        tampered.put(fileName, ("tampered " + fileName).getBytes(StandardCharsets.UTF_8));
    }

    private void information(Exchange e) throws IOException {
        JsonArrayBuilder versions = Json.createArrayBuilder();
        supported.forEach(versions::add);
        e.respondJson(200, Json.createObjectBuilder().add("Data", Json.createObjectBuilder()
                .add("SourceIdentifier", "Fake.Source").add("ServerSupportedVersions", versions)).build().toString());
    }

    private void search(Exchange e) throws IOException {
        String text;
        try (InputStream in = e.http().getRequestBody()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        searches.add(text);
        JsonObject body = Json.createReader(new StringReader(text)).readObject();
        List<String> matching = new ArrayList<>();
        packages.keySet().stream().sorted(String.CASE_INSENSITIVE_ORDER).forEach(id -> {
            if (matches(body, packages.get(id))) {
                matching.add(id);
            }
        });
        int from = e.header("ContinuationToken").map(Integer::parseInt).orElse(0);
        if (matching.size() <= from) {
            e.respondEmpty(204);
            return;
        }
        int to = Math.min(matching.size(), from + 2);
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (String id : matching.subList(from, to)) {
            List<PublishedVersion> vs = packages.get(id);
            JsonArrayBuilder versions = Json.createArrayBuilder();
            for (PublishedVersion v : vs) {
                JsonArrayBuilder codes = Json.createArrayBuilder();
                v.installers().stream().filter(i -> i.productCode() != null).forEach(i -> codes.add(i.productCode()));
                versions.add(Json.createObjectBuilder().add("PackageVersion", v.version())
                        .add("ProductCodes", codes).add("PackageFamilyNames", JsonValue.EMPTY_JSON_ARRAY));
            }
            data.add(Json.createObjectBuilder().add("PackageIdentifier", id).add("PackageName", vs.get(0).name())
                    .add("Publisher", vs.get(0).publisher()).add("Versions", versions));
        }
        JsonObjectBuilder result = Json.createObjectBuilder().add("Data", data);
        if (to < matching.size()) {
            result.add("ContinuationToken", String.valueOf(to));
        }
        e.respondJson(200, result.build().toString());
    }

    private static boolean matches(JsonObject body, List<PublishedVersion> versions) {
        if (body.get("Query") instanceof JsonObject q) {
            String k = q.getString("KeyWord").toLowerCase(Locale.ROOT);
            if (versions.stream().noneMatch(v -> v.id().toLowerCase(Locale.ROOT).contains(k)
                    || v.name().toLowerCase(Locale.ROOT).contains(k))) {
                return false;
            }
        }
        if (body.get("Inclusions") instanceof jakarta.json.JsonArray inc && !inc.isEmpty()
                && inc.stream().noneMatch(f -> holds(f.asJsonObject(), versions))) {
            return false;
        }
        return !(body.get("Filters") instanceof jakarta.json.JsonArray filters)
                || filters.stream().allMatch(f -> holds(f.asJsonObject(), versions));
    }

    private static boolean holds(JsonObject filter, List<PublishedVersion> versions) {
        String field = filter.getString("PackageMatchField");
        JsonObject m = filter.getJsonObject("RequestMatch");
        String k = m.getString("KeyWord");
        String type = m.getString("MatchType");
        for (PublishedVersion v : versions) {
            List<String> values = switch (field) {
                case "PackageIdentifier" -> List.of(v.id());
                case "ProductCode" -> v.installers().stream().filter(i -> i.productCode() != null)
                        .map(PublishedInstaller::productCode).toList();
                default -> List.of();
            };
            if (values.stream().anyMatch(x -> switch (type) {
                case "Exact" -> x.equals(k);
                case "StartsWith" -> x.toLowerCase(Locale.ROOT).startsWith(k.toLowerCase(Locale.ROOT));
                default -> x.equalsIgnoreCase(k);
            })) {
                return true;
            }
        }
        return false;
    }

    private void manifests(Exchange e) throws IOException {
        String id = e.path().substring("/api/packageManifests/".length());
        List<PublishedVersion> vs = packages.get(id);
        if (vs == null) {
            e.respondEmpty(204);
            return;
        }
        JsonArrayBuilder versions = Json.createArrayBuilder();
        for (PublishedVersion v : vs) {
            JsonArrayBuilder installers = Json.createArrayBuilder();
            for (PublishedInstaller i : v.installers()) {
                JsonObjectBuilder ib = Json.createObjectBuilder().add("InstallerIdentifier", i.identifier())
                        .add("Architecture", i.type().equals("font") ? "neutral" : "x64")
                        .add("InstallerType", i.type())
                        .add("InstallerUrl", baseUrl() + "/files/" + v.id() + "/" + v.version() + "/" + i.fileName())
                        .add("InstallerSha256", i.sha256());
                if (i.productCode() != null) {
                    ib.add("ProductCode", i.productCode());
                }
                String released = releaseDates.get(v.id() + "\n" + v.version());
                if (released != null) {
                    ib.add("ReleaseDate", released);
                }
                if (v.withDsc()) {
                    ib.add("DesiredStateConfiguration", Json.createObjectBuilder().add("PowerShell",
                            Json.createArrayBuilder().add(Json.createObjectBuilder().add("RepositoryUrl",
                                    "https://www.powershellgallery.example.test/api/v2"))));
                }
                installers.add(ib);
            }
            versions.add(Json.createObjectBuilder().add("PackageVersion", v.version())
                    .add("DefaultLocale", Json.createObjectBuilder().add("PackageLocale", "en-US")
                            .add("Publisher", v.publisher()).add("PackageName", v.name()).add("License", "MIT")
                            .add("ShortDescription", "About " + v.name()))
                    .add("Installers", installers));
        }
        e.respondJson(200, Json.createObjectBuilder().add("Data", Json.createObjectBuilder()
                .add("PackageIdentifier", id).add("Versions", versions)).build().toString());
    }

    private void file(Exchange e) throws IOException {
        String[] s = e.path().substring("/files/".length()).split("/");
        if (s.length != 3) {
            e.respondEmpty(404);
            return;
        }
        List<PublishedVersion> vs = packages.get(s[0]);
        PublishedInstaller found = vs == null ? null : vs.stream().filter(v -> v.version().equals(s[1]))
                .flatMap(v -> v.installers().stream()).filter(i -> i.fileName().equals(s[2])).findFirst().orElse(null);
        if (found == null) {
            e.respondEmpty(404);
            return;
        }
        e.respond(200, "application/octet-stream", tampered.getOrDefault(found.fileName(), found.bytes()));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
