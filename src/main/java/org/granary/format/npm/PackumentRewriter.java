package org.granary.format.npm;

import org.granary.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an upstream packument for Granary's clients: every {@code dist.tarball} points at Granary, and
 * the abbreviated ("corgi") form keeps only what installers need. Pure: JSON in, JSON out.
 */
public final class PackumentRewriter {

    /** Version fields kept in the abbreviated form (npm's install-v1 format). */
    private static final Set<String> ABBREVIATED_VERSION_FIELDS = Set.of(
            "name", "version", "deprecated", "dependencies", "optionalDependencies", "devDependencies",
            "peerDependencies", "peerDependenciesMeta", "bundleDependencies", "bundledDependencies", "bin",
            "directories", "dist", "engines", "cpu", "os", "libc", "_hasShrinkwrap", "hasInstallScript", "funding",
            "license", "acceptDependencies");

    private PackumentRewriter() {
    }

    /**
     * @param packument    the upstream packument
     * @param tarballBase  URL that tarball paths are appended to, e.g. {@code http://host/granary/npm/}
     * @param abbreviated  produce the abbreviated form
     */
    public static JsonObject rewrite(JsonObject packument, String tarballBase, boolean abbreviated) {
        String name = packument.getString("name", null);
        JsonObjectBuilder versions = Json.createObjectBuilder();
        JsonObject upstreamVersions = packument.containsKey("versions") && packument.get("versions") instanceof JsonObject v
                ? v : JsonValue.EMPTY_JSON_OBJECT;
        for (Map.Entry<String, JsonValue> e : upstreamVersions.entrySet()) {
            if (e.getValue() instanceof JsonObject version) {
                versions.add(e.getKey(), rewriteVersion(version, name, e.getKey(), tarballBase, abbreviated));
            }
        }
        JsonObjectBuilder out;
        if (abbreviated) {
            out = Json.createObjectBuilder();
            copy(packument, out, "name");
            copy(packument, out, "dist-tags");
            String modified = packument.get("time") instanceof JsonObject time ? time.getString("modified", null) : null;
            if (modified != null) {
                out.add("modified", modified);
            }
        } else {
            out = Json.createObjectBuilder(packument);
        }
        return out.add("versions", versions).build();
    }

    /** One version's document, rewritten (used for {@code GET /{name}/{version}}). */
    public static JsonObject rewriteVersion(JsonObject version, String packageName, String versionKey,
                                            String tarballBase, boolean abbreviated) {
        JsonObjectBuilder b;
        if (abbreviated) {
            b = Json.createObjectBuilder();
            for (Map.Entry<String, JsonValue> f : version.entrySet()) {
                if (ABBREVIATED_VERSION_FIELDS.contains(f.getKey())) {
                    b.add(f.getKey(), f.getValue());
                }
            }
        } else {
            b = Json.createObjectBuilder(version);
        }
        if (version.get("dist") instanceof JsonObject dist) {
            String name = version.getString("name", packageName);
            b.add("dist", Json.createObjectBuilder(dist).add("tarball", tarballUrl(tarballBase, name, versionKey)));
        }
        return b.build();
    }

    /** {@code <base>@scope/name/-/name-1.0.0.tgz} or {@code <base>name/-/name-1.0.0.tgz}. */
    public static String tarballUrl(String tarballBase, String name, String version) {
        String unscoped = name.substring(name.indexOf('/') + 1);
        return tarballBase + name + "/-/" + unscoped + "-" + version + ".tgz";
    }

    private static void copy(JsonObject from, JsonObjectBuilder to, String key) {
        if (from.containsKey(key)) {
            to.add(key, from.get(key));
        }
    }
}
