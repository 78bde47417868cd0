package org.granary.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scripted client doing what {@code winget install} does against a REST source, in its order:
 * {@code GET information} (contract negotiated as winget does: the highest of its own contracts whose major.minor
 * the source lists), {@code POST manifestSearch} by Query (following ContinuationToken), {@code POST manifestSearch}
 * by Filters on the exact PackageIdentifier, {@code GET packageManifests/{id}?Version=…} of the newest version, the
 * installer's download and the SHA-256 check winget makes before running it. Every request carries the negotiated
 * {@code Version} header and, when given, winget's {@code Windows-Package-Manager} header.
 */
public final class WingetClient {

    private final String sourceUrl;
    private final List<String> ownContracts;
    private final String header;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param sourceUrl    the source URL ({@code winget source add -a}), ending in a slash
     * @param ownContracts the contracts this client speaks, e.g. {@code 1.0.0 … 1.10.0}
     * @param header       the {@code --header} value given to {@code winget source add}, or {@code null}
     */
    public WingetClient(String sourceUrl, List<String> ownContracts, String header) {
        this.sourceUrl = sourceUrl;
        this.ownContracts = List.copyOf(ownContracts);
        this.header = header;
    }

    /** What an install saw. */
    public record Install(String contract, List<String> queryMatches, String version, JsonObject versionManifest,
                          JsonObject installer, int installerStatus, byte[] installerBytes, String error) {
        public boolean hashMatches() {
            return installerBytes != null && FakeWingetSource.sha256Hex(installerBytes)
                    .equalsIgnoreCase(installer.getString("InstallerSha256"));
        }
    }

    /** {@code winget install --id <id> --exact}, found first by {@code query}; the installer of {@code installerType}. */
    public Install install(String query, String id, String installerType) throws Exception {
        HttpResponse<String> info = send("GET", "information", null, null, null);
        check(info, 200, "information");
        JsonObject data = json(info.body()).getJsonObject("Data");
        String contract = negotiate(data.getJsonArray("ServerSupportedVersions"));
        if (contract == null) {
            return new Install(null, List.of(), null, null, null, 0, null, "no common contract");
        }
        List<String> matches = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 50; page++) {
            HttpResponse<String> r = send("POST", "manifestSearch", contract, token,
                    "{\"Query\":{\"KeyWord\":\"" + query + "\",\"MatchType\":\"Substring\"},\"MaximumResults\":50}");
            if (r.statusCode() == 204) {
                break;
            }
            check(r, 200, "manifestSearch by Query");
            JsonObject result = json(r.body());
            result.getJsonArray("Data").forEach(p -> matches.add(p.asJsonObject().getString("PackageIdentifier")));
            token = result.containsKey("ContinuationToken") ? result.getString("ContinuationToken") : null;
            if (token == null) {
                break;
            }
        }
        HttpResponse<String> exact = send("POST", "manifestSearch", contract, null,
                "{\"Filters\":[{\"PackageMatchField\":\"PackageIdentifier\",\"RequestMatch\":{\"KeyWord\":\"" + id
                        + "\",\"MatchType\":\"Exact\"}}]}");
        if (exact.statusCode() == 204) {
            return new Install(contract, matches, null, null, null, 0, null, "no package " + id);
        }
        check(exact, 200, "manifestSearch by PackageIdentifier");
        JsonArray found = json(exact.body()).getJsonArray("Data");
        String version = found.getJsonObject(0).getJsonArray("Versions").getJsonObject(0).getString("PackageVersion");
        HttpResponse<String> manifests = send("GET", "packageManifests/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "?Version=" + URLEncoder.encode(version, StandardCharsets.UTF_8), contract, null, null);
        if (manifests.statusCode() == 204) {
            return new Install(contract, matches, version, null, null, 0, null, "no manifest of " + id + " " + version);
        }
        check(manifests, 200, "packageManifests");
        JsonObject v = json(manifests.body()).getJsonObject("Data").getJsonArray("Versions").getJsonObject(0);
        JsonObject installer = null;
        for (JsonValue i : v.getJsonArray("Installers")) {
            if (i.asJsonObject().getString("InstallerType").equals(installerType)) {
                installer = i.asJsonObject();
            }
        }
        if (installer == null) {
            return new Install(contract, matches, version, v, null, 0, null, "no " + installerType + " installer");
        }
        HttpRequest.Builder download = HttpRequest.newBuilder(URI.create(installer.getString("InstallerUrl")))
                .timeout(Duration.ofSeconds(60)).GET();
        if (header != null) {
            download.header("Windows-Package-Manager", header);
        }
        HttpResponse<byte[]> bytes = http.send(download.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Install(contract, matches, version, v, installer, bytes.statusCode(),
                bytes.statusCode() == 200 ? bytes.body() : null,
                bytes.statusCode() == 200 ? null : new String(bytes.body(), StandardCharsets.UTF_8));
    }

    /** The highest own contract whose major.minor the server lists (winget's rule). */
    String negotiate(JsonArray serverSupported) {
        String best = null;
        for (String own : ownContracts) {
            for (JsonValue s : serverSupported) {
                String server = ((jakarta.json.JsonString) s).getString();
                if (majorMinor(server).equals(majorMinor(own)) && (best == null || compare(own, best) > 0)) {
                    best = own;
                }
            }
        }
        return best;
    }

    private static String majorMinor(String v) {
        String[] p = v.split("\\.");
        return p.length < 2 ? v : p[0] + "." + p[1];
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** One request to the source, as winget sends it. */
    public HttpResponse<String> send(String method, String path, String contract, String continuationToken, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sourceUrl + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (contract != null) {
            b.header("Version", contract);
        }
        if (continuationToken != null) {
            b.header("ContinuationToken", continuationToken);
        }
        if (header != null) {
            b.header("Windows-Package-Manager", header);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void check(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new AssertionError(what + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** The contracts of a client that speaks up to {@code highest}, as winget lists its own. */
    public static List<String> contractsUpTo(String highest) {
        List<String> all = List.of("1.0.0", "1.1.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.9.0", "1.10.0", "1.12.0",
                "1.28.0");
        List<String> own = new ArrayList<>();
        for (String c : all) {
            own.add(c);
            if (c.equals(highest)) {
                return own;
            }
        }
        throw new IllegalArgumentException("unknown contract " + highest.toLowerCase(Locale.ROOT));
    }
}
