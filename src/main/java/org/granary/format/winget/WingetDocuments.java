package org.granary.format.winget;

import org.granary.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The manifests of one package as a repository keeps them: the {@code packageManifests/{id}} document, a
 * {@code {"Data": {"PackageIdentifier", "Versions": [...]}}} body in the REST contract's full form (no contract
 * applied). A hosted repository writes it as packages are published; a proxy caches its upstream's answer byte for
 * byte. Pure functions: edit it, merge a group's copies, and render it for one client.
 * <p>
 * Installers Granary serves are named by their repository path ({@link InstallerFiles}); a proxy's copy names the
 * upstream URL, which {@link #proxied} turns into the path the proxy serves the installer at (keyed by its
 * {@code InstallerSha256}), so every copy renders the same way.
 */
public final class WingetDocuments {

    public static final String CONTENT_TYPE = "application/json";
    /** Where a repository keeps (hosted) or caches (proxy) one package's manifests. */
    public static final String PREFIX = "packageManifests/";

    private WingetDocuments() {
    }

    /** The document path of a package. */
    public static String path(String packageIdentifier) {
        return PREFIX + packageIdentifier;
    }

    /**
     * The {@code Data} of a document (or of an upstream's answer).
     *
     * @throws IOException when it is not such a body
     */
    public static JsonObject data(byte[] document) throws IOException {
        JsonValue v;
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(document))) {
            v = r.readValue();
        } catch (JsonException e) {
            throw new IOException("not JSON: " + e.getMessage(), e);
        }
        if (!(v instanceof JsonObject o)) {
            throw new IOException("not a JSON object");
        }
        JsonObject data = o.get("Data") instanceof JsonObject d ? d : o;
        if (!(data.get("PackageIdentifier") instanceof JsonString)) {
            throw new IOException("no Data.PackageIdentifier");
        }
        if (data.containsKey("Versions") && !(data.get("Versions") instanceof JsonArray)) {
            throw new IOException("Data.Versions is not an array");
        }
        return data;
    }

    /** The stored form: {@code {"Data": data}}. */
    public static byte[] document(JsonObject data) {
        return Json.createObjectBuilder().add("Data", data).build().toString().getBytes(StandardCharsets.UTF_8);
    }

    public static JsonObject empty(String packageIdentifier) {
        return Json.createObjectBuilder().add("PackageIdentifier", packageIdentifier)
                .add("Versions", JsonValue.EMPTY_JSON_ARRAY).build();
    }

    public static String packageIdentifier(JsonObject data) {
        return data.getString("PackageIdentifier");
    }

    public static List<JsonObject> versions(JsonObject data) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue v : ManifestJson.array(data, "Versions")) {
            if (v instanceof JsonObject o) {
                out.add(o);
            }
        }
        return out;
    }

    /** The {@code PackageVersion} of each version, in the document's order. */
    public static List<String> versionNumbers(JsonObject data) {
        return versions(data).stream().map(v -> ManifestJson.string(v, "PackageVersion")).filter(v -> v != null).toList();
    }

    /** The version {@code packageVersion} (the first, whatever its channel). */
    public static Optional<JsonObject> version(JsonObject data, String packageVersion) {
        return versions(data).stream().filter(v -> packageVersion.equals(ManifestJson.string(v, "PackageVersion")))
                .findFirst();
    }

    /** The document with {@code version} added, or replacing the one with the same version and channel. */
    public static JsonObject withVersion(JsonObject data, JsonObject version) {
        String key = key(version);
        List<JsonObject> versions = new ArrayList<>();
        versions.add(version);
        versions(data).stream().filter(v -> !key(v).equals(key)).forEach(versions::add);
        return withVersions(data, versions);
    }

    /** The document without {@code packageVersion} (every channel of it). */
    public static JsonObject withoutVersion(JsonObject data, String packageVersion) {
        return withVersions(data, versions(data).stream()
                .filter(v -> !packageVersion.equals(ManifestJson.string(v, "PackageVersion"))).toList());
    }

    /** The repository paths of the installers {@code versions} name. */
    public static Set<String> installerPaths(List<JsonObject> versions) {
        Set<String> paths = new LinkedHashSet<>();
        for (JsonObject v : versions) {
            for (JsonValue i : ManifestJson.array(v, "Installers")) {
                String url = i instanceof JsonObject o ? ManifestJson.string(o, "InstallerUrl") : null;
                if (InstallerFiles.isRepositoryPath(url)) {
                    paths.add(url);
                }
            }
        }
        return paths;
    }

    /**
     * An upstream's copy with every installer that has a URL and a SHA-256 named by the path the proxy serves it at.
     */
    public static JsonObject proxied(JsonObject data) {
        String id = packageIdentifier(data);
        List<JsonObject> versions = new ArrayList<>();
        for (JsonObject v : versions(data)) {
            String version = ManifestJson.string(v, "PackageVersion");
            versions.add(version == null ? v : withInstallers(v, i -> {
                String url = ManifestJson.string(i, "InstallerUrl");
                String sha = ManifestJson.string(i, "InstallerSha256");
                if (url == null || InstallerFiles.isRepositoryPath(url) || sha == null
                        || !WingetPath.SHA256.matcher(sha).matches()) {
                    return i;
                }
                return Json.createObjectBuilder(i).add("InstallerUrl",
                        InstallerFiles.path(id, version, sha, InstallerFiles.fileName(url))).build();
            }));
        }
        return withVersions(data, versions);
    }

    /** One member's copy for a merge or a rendering. */
    public record Copy(JsonObject data, boolean proxied) {
        JsonObject served() {
            return proxied ? WingetDocuments.proxied(data) : data;
        }
    }

    /**
     * A group's document from its members' copies, hosted first: every version of every copy, the first member's
     * winning a version (and channel) several have.
     */
    public static JsonObject merge(List<Copy> hostedFirst) {
        JsonObject first = hostedFirst.get(0).served();
        Set<String> seen = new HashSet<>();
        List<JsonObject> versions = new ArrayList<>();
        for (Copy c : hostedFirst) {
            for (JsonObject v : versions(c.served())) {
                if (seen.add(key(v))) {
                    versions.add(v);
                }
            }
        }
        return withVersions(first, versions);
    }

    /**
     * The {@code packageManifests/{id}} answer for one client: the versions its query asks for ({@code Version} and
     * {@code Channel} exactly when given; installers not offered in {@code Market} left out, then versions left
     * without installers), repository paths turned into URLs under {@code repositoryUrl}, cut to {@code contract}.
     * Empty when nothing is left (answer 204).
     */
    public static Optional<JsonObject> render(Copy copy, String repositoryUrl, ContractVersion contract, String version,
                                              String channel, String market) {
        JsonObject data = copy.served();
        List<JsonObject> kept = new ArrayList<>();
        for (JsonObject v : versions(data)) {
            if (version != null && !version.isEmpty() && !version.equals(ManifestJson.string(v, "PackageVersion"))) {
                continue;
            }
            if (channel != null && !channel.isEmpty() && !channel.equals(ManifestJson.string(v, "Channel"))) {
                continue;
            }
            JsonObject shown = withInstallers(v, i -> {
                if (market != null && !market.isEmpty() && !offeredIn(i, market)) {
                    return null;
                }
                String url = ManifestJson.string(i, "InstallerUrl");
                return InstallerFiles.isRepositoryPath(url)
                        ? Json.createObjectBuilder(i).add("InstallerUrl", InstallerFiles.url(repositoryUrl, url)).build()
                        : i;
            });
            if (!ManifestJson.array(shown, "Installers").isEmpty()) {
                kept.add(shown);
            }
        }
        return WingetResponses.packageManifests(withVersions(data, kept), contract);
    }

    /** Whether an installer's {@code Markets} offer it in {@code market}. */
    static boolean offeredIn(JsonObject installer, String market) {
        if (!(installer.get("Markets") instanceof JsonObject m)) {
            return true;
        }
        return new Markets(ManifestJson.strings(m, "AllowedMarkets"), ManifestJson.strings(m, "ExcludedMarkets"))
                .includes(market);
    }

    /**
     * A version as a hosted repository stores it: {@link ManifestJson#version} with every installer given an
     * {@code InstallerIdentifier} (its own, else one made of its architecture, type, scope and locale) and its URL as
     * {@code url} decides (a repository path for an installer Granary keeps, or the URL as written).
     */
    public static JsonObject stored(WingetManifest m, UnaryOperator<Installer> url) {
        Set<String> used = new HashSet<>();
        m.installers().forEach(i -> {
            if (i.installerIdentifier() != null) {
                used.add(i.installerIdentifier());
            }
        });
        List<Installer> keyed = new ArrayList<>();
        for (Installer i : m.installers()) {
            Installer withUrl = url.apply(i);
            if (withUrl.installerIdentifier() != null) {
                keyed.add(withUrl);
                continue;
            }
            StringBuilder base = new StringBuilder(i.architecture().json()).append('-').append(i.installerType().json());
            if (i.scope() != null) {
                base.append('-').append(i.scope());
            }
            if (i.installerLocale() != null) {
                base.append('-').append(i.installerLocale());
            }
            String id = base.toString().toLowerCase(Locale.ROOT);
            for (int n = 2; !used.add(id); n++) {
                id = base.toString().toLowerCase(Locale.ROOT) + "-" + n;
            }
            keyed.add(withUrl.withInstallerIdentifier(id));
        }
        return ManifestJson.version(m.withInstallers(keyed));
    }

    private static JsonObject withInstallers(JsonObject version, UnaryOperator<JsonObject> each) {
        JsonArrayBuilder installers = Json.createArrayBuilder();
        for (JsonValue i : ManifestJson.array(version, "Installers")) {
            if (i instanceof JsonObject o) {
                JsonObject changed = each.apply(o);
                if (changed != null) {
                    installers.add(changed);
                }
            }
        }
        return Json.createObjectBuilder(version).add("Installers", installers).build();
    }

    /** The document with exactly {@code versions}, newest first. */
    static JsonObject withVersions(JsonObject data, List<JsonObject> versions) {
        List<JsonObject> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing((JsonObject v) -> String.valueOf(ManifestJson.string(v, "PackageVersion")),
                WingetVersionOrder.INSTANCE).reversed());
        JsonArrayBuilder list = Json.createArrayBuilder();
        sorted.forEach(list::add);
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : data.entrySet()) {
            if (!e.getKey().equals("Versions")) {
                b.add(e.getKey(), e.getValue());
            }
        }
        return b.add("Versions", list).build();
    }

    private static String key(JsonObject version) {
        return ManifestJson.string(version, "PackageVersion") + "\u0000" + ManifestJson.string(version, "Channel");
    }
}
