package org.granary.format.cargo;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.granary.core.InvalidRequestException;
import org.granary.json.Json;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * A {@code .crate} as {@code cargo package} writes it (a gzipped tar of {@code <name>-<version>/}, with the normalised
 * {@code Cargo.toml}) turned into the publish request {@code cargo publish} would send for it: the metadata JSON
 * (name, vers, deps, features, authors, description, … rust_version, and the README's text) followed by the crate.
 * Pure: reads the archive's {@code Cargo.toml} and README, nothing else; {@link CratePublish} validates the result as it
 * validates any client's request.
 */
public final class CrateManifest {

    /** The index cargo names crates.io by in a dependency's {@code registry} when publishing elsewhere. */
    static final String CRATES_IO_INDEX = "https://github.com/rust-lang/crates.io-index";
    private static final int MAX_FILE = 10 << 20;
    private static final List<String[]> KINDS = List.of(new String[] {"dependencies", "normal"},
            new String[] {"dev-dependencies", "dev"}, new String[] {"build-dependencies", "build"});

    private CrateManifest() {
    }

    /**
     * The publish metadata for {@code crate}.
     *
     * @param ownIndex the index URL of the registry published to ({@code sparse+https://…/}); a dependency on it has no
     *                 {@code registry}, one on crates.io (no {@code registry-index}) names crates.io's index, as cargo does
     */
    public static JsonObject metadata(byte[] crate, String ownIndex) {
        Map.Entry<String, byte[]> found = file(crate, rest -> rest.equals("Cargo.toml"))
                .orElseThrow(() -> new InvalidRequestException("the .crate has no <name>-<version>/Cargo.toml; make it "
                        + "with cargo package"));
        TomlParseResult toml = Toml.parse(new String(found.getValue(), StandardCharsets.UTF_8));
        if (toml.hasErrors()) {
            throw new InvalidRequestException("the crate's Cargo.toml is not valid TOML: " + toml.errors().get(0));
        }
        TomlTable pkg = toml.getTable("package");
        if (pkg == null) {
            throw new InvalidRequestException("the crate's Cargo.toml has no [package]");
        }
        String name = text(pkg, "name");
        String version = text(pkg, "version");
        if (name == null || version == null) {
            throw new InvalidRequestException("the crate's Cargo.toml has no package name or version");
        }
        if (!found.getKey().equals(name + "-" + version)) {
            throw new InvalidRequestException("the .crate's folder is " + found.getKey() + " but its Cargo.toml is "
                    + name + " " + version + "; make it with cargo package");
        }
        JsonObjectBuilder m = Json.createObjectBuilder().add("name", name).add("vers", version);
        JsonArrayBuilder deps = Json.createArrayBuilder();
        dependencies(toml, null, ownIndex, deps);
        TomlTable targets = toml.getTable("target");
        if (targets != null) {
            for (String target : targets.keySet()) {
                if (targets.get(List.of(target)) instanceof TomlTable t) {
                    dependencies(t, target, ownIndex, deps);
                }
            }
        }
        m.add("deps", deps);
        JsonObjectBuilder features = Json.createObjectBuilder();
        TomlTable f = toml.getTable("features");
        if (f != null) {
            for (String feature : new java.util.TreeSet<>(f.keySet())) { // cargo sends them sorted
                features.add(feature, strings(f.get(List.of(feature)), "features." + feature));
            }
        }
        m.add("features", features);
        m.add("authors", strings(pkg.get("authors"), "authors"));
        optional(m, "description", text(pkg, "description"));
        optional(m, "documentation", text(pkg, "documentation"));
        optional(m, "homepage", text(pkg, "homepage"));
        String readmeFile = readmeFile(pkg);
        String readme = readmeFile == null ? null : file(crate, readmeFile::equals)
                .map(e -> new String(e.getValue(), StandardCharsets.UTF_8)).orElse(null);
        optional(m, "readme", readme);
        optional(m, "readme_file", readme == null ? null : readmeFile);
        m.add("keywords", strings(pkg.get("keywords"), "keywords"));
        m.add("categories", strings(pkg.get("categories"), "categories"));
        optional(m, "license", text(pkg, "license"));
        optional(m, "license_file", text(pkg, "license-file"));
        optional(m, "repository", text(pkg, "repository"));
        m.add("badges", Json.createObjectBuilder());
        optional(m, "links", text(pkg, "links"));
        optional(m, "rust_version", text(pkg, "rust-version"));
        return m.build();
    }

    /** The body of {@code PUT api/v1/crates/new} for {@code crate}: length, {@link #metadata}, length, the crate. */
    public static byte[] publishBody(byte[] crate, String ownIndex) {
        byte[] json = metadata(crate, ownIndex).toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + crate.length + 8);
        length(out, json.length);
        out.writeBytes(json);
        length(out, crate.length);
        out.writeBytes(crate);
        return out.toByteArray();
    }

    private static void dependencies(TomlTable in, String target, String ownIndex, JsonArrayBuilder out) {
        for (String[] kind : KINDS) {
            Object table = in.get(List.of(kind[0]));
            if (table == null && kind[1].equals("dev")) {
                table = in.get(List.of("dev_dependencies"));
            } else if (table == null && kind[1].equals("build")) {
                table = in.get(List.of("build_dependencies"));
            }
            if (!(table instanceof TomlTable deps)) {
                continue;
            }
            for (String key : deps.keySet()) {
                out.add(dependency(key, deps.get(List.of(key)), kind[1], target, ownIndex));
            }
        }
    }

    private static JsonObject dependency(String key, Object spec, String kind, String target, String ownIndex) {
        String req;
        TomlTable t = null;
        if (spec instanceof String s) {
            req = s;
        } else if (spec instanceof TomlTable table) {
            t = table;
            req = text(t, "version");
        } else {
            throw new InvalidRequestException("dependency " + key + " in the crate's Cargo.toml is neither a version nor a table");
        }
        if (req == null) {
            throw new InvalidRequestException("dependency " + key + " has no version; a .crate made by cargo package "
                    + "names one for every dependency");
        }
        String pkg = t == null ? null : text(t, "package");
        String index = t == null ? null : text(t, "registry-index");
        Object defaults = t == null ? null : t.get(List.of("default-features"));
        if (defaults == null && t != null) {
            defaults = t.get(List.of("default_features"));
        }
        String registry = index == null ? (sameIndex(CRATES_IO_INDEX, ownIndex) ? null : CRATES_IO_INDEX)
                : sameIndex(index, ownIndex) ? null : index;
        JsonObjectBuilder d = Json.createObjectBuilder()
                .add("optional", t != null && Boolean.TRUE.equals(t.get(List.of("optional"))))
                .add("default_features", !Boolean.FALSE.equals(defaults))
                .add("name", pkg == null ? key : pkg)
                .add("features", strings(t == null ? null : t.get(List.of("features")), "features of dependency " + key))
                .add("version_req", req);
        optional(d, "target", target);
        d.add("kind", kind);
        optional(d, "registry", registry);
        optional(d, "explicit_name_in_toml", pkg == null ? null : key);
        return d.build();
    }

    private static boolean sameIndex(String a, String b) {
        return b != null && strip(a).equals(strip(b));
    }

    private static String strip(String index) {
        String s = index.startsWith("sparse+") ? index.substring(7) : index.startsWith("registry+") ? index.substring(9) : index;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String readmeFile(TomlTable pkg) {
        Object readme = pkg.get(List.of("readme"));
        if (readme instanceof String s) {
            return s;
        }
        return null; // false, or absent: cargo package writes the file it found, so none is sent
    }

    private static String text(TomlTable t, String key) {
        Object v = t.get(List.of(key));
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new InvalidRequestException("'" + key + "' in the crate's Cargo.toml must be a string");
    }

    private static JsonArrayBuilder strings(Object v, String what) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        if (v == null) {
            return out;
        }
        if (!(v instanceof TomlArray a)) {
            throw new InvalidRequestException(what + " in the crate's Cargo.toml must be a list of strings");
        }
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof String s)) {
                throw new InvalidRequestException(what + " in the crate's Cargo.toml must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    private static void optional(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        } else {
            b.addNull(key); // cargo sends its unset fields as null
        }
    }

    private static void length(ByteArrayOutputStream out, int n) {
        out.write(n & 0xFF);
        out.write(n >>> 8 & 0xFF);
        out.write(n >>> 16 & 0xFF);
        out.write(n >>> 24 & 0xFF);
    }

    /**
     * The first regular file of the archive whose path below the top folder {@code wanted} accepts: the top folder's
     * name and the file's bytes.
     */
    private static Optional<Map.Entry<String, byte[]>> file(byte[] crate, java.util.function.Predicate<String> wanted) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(crate))) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    break;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                String octal = field(header, 124, 12).trim();
                long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
                char type = (char) header[156];
                if (type == 'L' && size <= 4096) { // GNU long name: the next entry's path
                    longName = field(in.readNBytes((int) size), 0, (int) size);
                    in.skipNBytes((512 - size % 512) % 512);
                    continue;
                }
                int slash = path.indexOf('/');
                if ((type == '0' || type == 0) && slash > 0 && wanted.test(path.substring(slash + 1))) {
                    if (size > MAX_FILE) {
                        throw new InvalidRequestException(path + " in the .crate is larger than " + MAX_FILE + " bytes");
                    }
                    return Optional.of(Map.entry(path.substring(0, slash), in.readNBytes((int) size)));
                }
                in.skipNBytes((size + 511) / 512 * 512);
            }
        } catch (IOException | NumberFormatException e) {
            throw new InvalidRequestException("this is not a .crate (the gzipped tar cargo package makes)");
        }
        return Optional.empty();
    }

    private static String field(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }
}
