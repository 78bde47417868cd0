package org.granary.format.npm;

import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.core.ExpectedDigest;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;

/**
 * The registry packages of a {@code package-lock.json} or {@code npm-shrinkwrap.json}: lockfile version 2 and 3
 * ({@code "packages"}, keyed by {@code node_modules/…} paths, aliases by their {@code name}), and version 1
 * ({@code "dependencies"}, nested). Links, git, file and remote-URL dependencies that are not registry tarballs are
 * left out; each package version is listed once with its {@code integrity}.
 */
public final class Lockfile {

    private Lockfile() {
    }

    public static List<PrefetchFormat.Wanted> parse(byte[] file) {
        JsonObject lock;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(file))) {
            JsonValue v = reader.readValue();
            if (!(v instanceof JsonObject o)) {
                throw new InvalidRequestException("a package-lock.json is a JSON object");
            }
            lock = o;
        } catch (JsonException e) {
            throw new InvalidRequestException("the package-lock.json is not valid JSON: " + e.getMessage());
        }
        Map<String, PrefetchFormat.Wanted> found = new LinkedHashMap<>();
        if (lock.get("packages") instanceof JsonObject packages) {
            for (Map.Entry<String, JsonValue> e : packages.entrySet()) {
                String path = e.getKey();
                if (path.isEmpty() || !(e.getValue() instanceof JsonObject p) || p.getBoolean("link", false)
                        || !path.contains("node_modules/")) {
                    continue; // the root project, a workspace member, a link
                }
                String name = string(p, "name").orElse(path.substring(path.lastIndexOf("node_modules/") + 13));
                add(found, name, p);
            }
        } else if (lock.get("dependencies") instanceof JsonObject deps) {
            addV1(found, deps);
        } else {
            throw new InvalidRequestException("this is not a package-lock.json: it has neither \"packages\" "
                    + "(lockfile version 2 and 3) nor \"dependencies\" (version 1)");
        }
        return new ArrayList<>(found.values());
    }

    private static void addV1(Map<String, PrefetchFormat.Wanted> found, JsonObject deps) {
        for (Map.Entry<String, JsonValue> e : deps.entrySet()) {
            if (e.getValue() instanceof JsonObject d) {
                String version = string(d, "version").orElse("");
                // an alias is "npm:real-name@1.2.3"
                if (version.startsWith("npm:") && version.lastIndexOf('@') > 4) {
                    add(found, version.substring(4, version.lastIndexOf('@')), Json.createObjectBuilder(d)
                            .add("version", version.substring(version.lastIndexOf('@') + 1)).build());
                } else {
                    add(found, e.getKey(), d);
                }
                if (d.get("dependencies") instanceof JsonObject nested) {
                    addV1(found, nested);
                }
            }
        }
    }

    private static void add(Map<String, PrefetchFormat.Wanted> found, String name, JsonObject p) {
        Optional<String> version = string(p, "version");
        Optional<String> resolved = string(p, "resolved");
        if (version.isEmpty() || p.getBoolean("bundled", false) || p.getBoolean("inBundle", false)) {
            return; // bundled dependencies come inside their parent's tarball
        }
        if (resolved.isPresent() && !resolved.get().endsWith(".tgz")
                || resolved.isPresent() && !(resolved.get().startsWith("http://") || resolved.get().startsWith("https://"))) {
            return; // git, file: or a directory
        }
        if (!version.get().matches("[0-9A-Za-z.+-]+")) {
            return; // a git or URL "version"
        }
        String file = (name.contains("/") ? name.substring(name.indexOf('/') + 1) : name) + "-" + version.get() + ".tgz";
        Optional<ExpectedDigest> integrity = string(p, "integrity").flatMap(ExpectedDigest::fromSri);
        found.putIfAbsent(name + "@" + version.get(), new PrefetchFormat.Wanted(name, version.get(),
                List.of(new PrefetchFormat.LockedFile(file, integrity))));
    }

    private static Optional<String> string(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }
}
