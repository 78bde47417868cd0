package org.granary.format.pypi;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.granary.core.NotFoundException;

/**
 * PyPI's JSON API ({@code /pypi/<project>/json}, {@code /pypi/<project>/<version>/json}), which poetry, pip-audit,
 * Renovate and Dependabot read, in PyPI's shape: {@code info} (core metadata of one version: name, version, summary,
 * requires_dist, requires_python, license, home_page, project_urls, author…), {@code releases} (version to files) and
 * {@code urls} (the files of the version shown), each file with {@code digests}, {@code upload_time},
 * {@code upload_time_iso_8601}, {@code yanked}, {@code yanked_reason}, {@code requires_python}, {@code size} and a
 * {@code url} at Granary. Pure.
 * <p>
 * A project is first read into a {@link Doc} (version to info, version to files) from a hosted project document, an
 * upstream's project or version JSON, or a group's merge of those (serialised with {@link #write}); it is then
 * rendered for one request with the versions the supply-chain guards hide left out.
 */
public final class PypiJson {

    /** The media type of the JSON API. */
    public static final String CONTENT_TYPE = "application/json";
    /** The longest description kept in a hosted version's info. */
    static final int MAX_DESCRIPTION = 512 * 1024;

    private static final List<String> SINGLE = List.of("name", "version", "summary", "description",
            "description_content_type", "author", "author_email", "maintainer", "maintainer_email", "license",
            "license_expression", "keywords", "home_page", "download_url", "requires_python", "platform");
    private static final List<String> LISTS = List.of("classifiers", "requires_dist", "provides_extra");

    private PypiJson() {
    }

    /**
     * A project read for the JSON API.
     *
     * @param infos    version to its {@code info} (PyPI's keys), where known
     * @param releases version to its files (PyPI's file objects, {@code url} rewritten when rendered), in order
     */
    public record Doc(Map<String, JsonObject> infos, Map<String, List<JsonObject>> releases) {
    }

    // ------------------------------------------------------------------ info at upload

    /**
     * The {@code info} of an uploaded version: the upload form's metadata fields (twine sends the core metadata as
     * fields of the same names), completed from the distribution's core metadata file when there is one.
     */
    static JsonObject info(Map<String, List<String>> form, byte[] coreMetadata) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (coreMetadata != null) {
            fields.putAll(coreMetadataFields(coreMetadata));
        }
        form.forEach((k, v) -> {
            if (!v.isEmpty() && !(v.size() == 1 && v.get(0).isBlank())) {
                fields.put(k, v);
            }
        });
        JsonObjectBuilder info = Json.createObjectBuilder();
        for (String k : SINGLE) {
            String v = first(fields.get(k));
            if (k.equals("description") && v != null && v.length() > MAX_DESCRIPTION) {
                v = v.substring(0, MAX_DESCRIPTION);
            }
            if (v == null) {
                info.addNull(k);
            } else {
                info.add(k, v);
            }
        }
        for (String k : LISTS) {
            List<String> v = fields.get(k);
            if (v == null || v.isEmpty()) {
                if (k.equals("classifiers")) {
                    info.add(k, JsonValue.EMPTY_JSON_ARRAY);
                } else {
                    info.addNull(k);
                }
            } else {
                JsonArrayBuilder a = Json.createArrayBuilder();
                v.forEach(a::add);
                info.add(k, a);
            }
        }
        List<String> urls = fields.get("project_urls");
        if (urls == null || urls.isEmpty()) {
            info.addNull("project_urls");
        } else {
            JsonObjectBuilder u = Json.createObjectBuilder();
            for (String line : urls) {
                int comma = line.indexOf(',');
                if (comma > 0) {
                    u.add(line.substring(0, comma).strip(), line.substring(comma + 1).strip());
                }
            }
            info.add("project_urls", u);
        }
        return info.build();
    }

    /** Core metadata header fields by their upload-form names ({@code Requires-Dist} → {@code requires_dist}…). */
    static Map<String, List<String>> coreMetadataFields(byte[] metadata) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String text = new String(metadata, StandardCharsets.UTF_8).replace("\r\n", "\n");
        String name = null;
        StringBuilder value = new StringBuilder();
        String[] lines = text.split("\n", -1);
        int i = 0;
        for (; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append('\n').append(line.strip());
                continue;
            }
            add(fields, name, value);
            int colon = line.indexOf(':');
            name = colon > 0 ? formName(line.substring(0, colon)) : null;
            value.setLength(0);
            if (colon > 0) {
                value.append(line.substring(colon + 1));
            }
        }
        add(fields, name, value);
        if (!fields.containsKey("description") && i + 1 < lines.length) {
            String body = String.join("\n", java.util.Arrays.asList(lines).subList(i + 1, lines.length)).strip();
            if (!body.isEmpty()) {
                fields.put("description", List.of(body));
            }
        }
        return fields;
    }

    private static void add(Map<String, List<String>> fields, String name, StringBuilder value) {
        if (name != null) {
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value.toString().strip());
        }
    }

    private static String formName(String header) {
        String n = header.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "classifier" -> "classifiers";
            case "project_url" -> "project_urls";
            case "home_page", "homepage" -> "home_page";
            default -> n;
        };
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    // ------------------------------------------------------------------ reading

    /** A hosted project document ({@link HostedProject}) as a {@link Doc}. */
    static Doc hosted(byte[] document) throws IOException {
        Map<String, List<JsonObject>> releases = new LinkedHashMap<>();
        for (HostedProject.File f : HostedProject.files(document)) {
            releases.computeIfAbsent(f.version(), v -> new ArrayList<>()).add(file(f));
        }
        return new Doc(new LinkedHashMap<>(HostedProject.infos(document)), releases);
    }

    private static JsonObject file(HostedProject.File f) {
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("comment_text", "")
                .add("digests", Json.createObjectBuilder().add("sha256", f.sha256()))
                .add("downloads", -1)
                .add("filename", f.filename())
                .add("has_sig", false)
                .add("packagetype", f.filename().endsWith(".whl") ? "bdist_wheel" : "sdist")
                .add("python_version", pythonTag(f.filename()));
        nullable(o, "requires_python", f.requiresPython());
        o.add("size", f.size());
        String t = f.uploadTime();
        if (t != null) {
            o.add("upload_time", t.length() >= 19 ? t.substring(0, 19) : t).add("upload_time_iso_8601", t);
        }
        o.add("yanked", f.yanked() != null);
        nullable(o, "yanked_reason", f.yanked() == null || f.yanked().isEmpty() ? null : f.yanked());
        return o.build();
    }

    /** A wheel's python tag ({@code py3}); {@code source} for an sdist. */
    private static String pythonTag(String filename) {
        if (!filename.endsWith(".whl")) {
            return "source";
        }
        String[] parts = filename.substring(0, filename.length() - 4).split("-");
        return parts.length >= 5 ? parts[parts.length - 3] : "py3";
    }

    /**
     * An upstream's answer to {@code /pypi/<project>/json} (info, releases, urls) or {@code /pypi/<project>/<version>/json}
     * (info, urls) as a {@link Doc}.
     *
     * @throws IOException when it is not a JSON API document
     */
    static Doc upstream(byte[] json) throws IOException {
        JsonObject o = object(json, "an upstream's JSON API answer");
        if (!(o.get("info") instanceof JsonObject info) || !(info.get("version") instanceof JsonString version)) {
            throw new IOException("not a PyPI JSON API document: it has no info.version");
        }
        Map<String, JsonObject> infos = new LinkedHashMap<>();
        infos.put(version.getString(), info);
        Map<String, List<JsonObject>> releases = new LinkedHashMap<>();
        if (o.get("releases") instanceof JsonObject r) {
            r.forEach((v, files) -> releases.put(v, objects(files)));
        }
        if (o.get("urls") instanceof JsonArray urls) {
            releases.putIfAbsent(version.getString(), objects(urls));
        }
        return new Doc(infos, releases);
    }

    /** A {@link Doc} as {@link #write} wrote it (a group's merge). */
    static Doc read(byte[] json) throws IOException {
        JsonObject o = object(json, "a merged JSON API document");
        Map<String, JsonObject> infos = new LinkedHashMap<>();
        if (o.get("infos") instanceof JsonObject i) {
            i.forEach((v, info) -> {
                if (info instanceof JsonObject x) {
                    infos.put(v, x);
                }
            });
        }
        Map<String, List<JsonObject>> releases = new LinkedHashMap<>();
        if (o.get("releases") instanceof JsonObject r) {
            r.forEach((v, files) -> releases.put(v, objects(files)));
        }
        return new Doc(infos, releases);
    }

    /** Each version's earliest upload time ({@code upload_time_iso_8601}), for the supply-chain guards. */
    static Map<String, java.time.Instant> releaseTimes(Doc doc) {
        Map<String, java.time.Instant> times = new LinkedHashMap<>();
        doc.releases().forEach((v, files) -> {
            times.put(v, null);
            files.forEach(f -> org.granary.core.ReleaseListing.putEarliest(times, v,
                    org.granary.core.ReleaseListing.time(string(f, "upload_time_iso_8601", null))));
        });
        return times;
    }

    static byte[] write(Doc doc) {
        JsonObjectBuilder infos = Json.createObjectBuilder();
        doc.infos().forEach(infos::add);
        JsonObjectBuilder releases = Json.createObjectBuilder();
        doc.releases().forEach((v, files) -> {
            JsonArrayBuilder a = Json.createArrayBuilder();
            files.forEach(a::add);
            releases.add(v, a);
        });
        return Json.createObjectBuilder().add("infos", infos).add("releases", releases).build().toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The documents of a group's members merged in member order (hosted first): a version's info from the first member
     * that has it; a version's files from every member, a file name listed by an earlier member hiding the same file
     * name of a later one (as in the project pages, {@link SimplePage#merge}).
     */
    public static Doc merge(List<Doc> docs) {
        Map<String, JsonObject> infos = new LinkedHashMap<>();
        Map<String, Map<String, JsonObject>> files = new LinkedHashMap<>();
        for (Doc d : docs) {
            d.infos().forEach(infos::putIfAbsent);
            d.releases().forEach((v, list) -> {
                Map<String, JsonObject> byName = files.computeIfAbsent(v, k -> new LinkedHashMap<>());
                list.forEach(f -> byName.putIfAbsent(string(f, "filename", ""), f));
            });
        }
        Map<String, List<JsonObject>> releases = new LinkedHashMap<>();
        files.forEach((v, byName) -> releases.put(v, List.copyOf(byName.values())));
        return new Doc(infos, releases);
    }

    // ------------------------------------------------------------------ rendering

    /**
     * The JSON API answer for {@code project} (all versions) or, with {@code version}, for that version.
     *
     * @param visible   the versions a client may see (the supply-chain guards' gate)
     * @param filesBase Granary's file URL prefix ({@code …/files/})
     * @param apiBase   Granary's JSON API prefix of the repository ({@code …/pypi/})
     * @throws NotFoundException when the version (or, for the project, every version) is unknown or hidden
     */
    public static String render(Doc doc, String project, String version, Predicate<String> visible, String filesBase,
                                String apiBase) {
        Map<String, List<JsonObject>> releases = new LinkedHashMap<>();
        doc.releases().forEach((v, files) -> {
            if (visible.test(v)) {
                releases.put(v, files.stream().map(f -> withUrl(f, filesBase, project)).toList());
            }
        });
        String shown;
        if (version != null) {
            shown = releases.keySet().stream().filter(v -> PythonVersion.same(v, version) || v.equals(version))
                    .findFirst().orElseThrow(() -> new NotFoundException("project " + project + " has no version "
                            + version + " in this repository (PyPI JSON API)"));
        } else {
            shown = latest(releases, doc.infos()).orElseThrow(() -> new NotFoundException("project " + project
                    + " has no version a client may install in this repository (PyPI JSON API)"));
        }
        List<JsonObject> urls = releases.get(shown);
        JsonObject stored = doc.infos().get(shown);
        JsonObjectBuilder info = stored == null ? Json.createObjectBuilder().add("name", project)
                : Json.createObjectBuilder(stored);
        info.add("version", shown);
        boolean yanked = !urls.isEmpty() && urls.stream().allMatch(f -> f.getBoolean("yanked", false));
        String reason = urls.stream().map(f -> f.get("yanked_reason")).filter(r -> r instanceof JsonString)
                .map(r -> ((JsonString) r).getString()).findFirst().orElse(null);
        info.add("package_url", apiBase + project + "/")
                .add("project_url", apiBase + project + "/")
                .add("release_url", apiBase + project + "/" + shown + "/")
                .add("yanked", yanked);
        nullable(info, "yanked_reason", yanked ? reason : null);
        if (stored == null || !stored.containsKey("requires_python")) {
            nullable(info, "requires_python", urls.stream().map(f -> f.get("requires_python"))
                    .filter(r -> r instanceof JsonString).map(r -> ((JsonString) r).getString()).findFirst().orElse(null));
        }
        JsonObjectBuilder out = Json.createObjectBuilder().add("info", info).add("last_serial", 0);
        if (version == null) {
            JsonObjectBuilder r = Json.createObjectBuilder();
            releases.forEach((v, files) -> r.add(v, array(files)));
            out.add("releases", r);
        }
        return out.add("urls", array(urls)).add("vulnerabilities", JsonValue.EMPTY_JSON_ARRAY).build().toString();
    }

    /** The version {@code info} describes: the highest final release not wholly yanked, else the highest version. */
    static Optional<String> latest(Map<String, List<JsonObject>> releases, Map<String, JsonObject> infos) {
        List<String> versions = new ArrayList<>(releases.keySet());
        versions.sort(PythonVersion.ORDER.reversed());
        Predicate<String> live = v -> !releases.get(v).isEmpty()
                && !releases.get(v).stream().allMatch(f -> f.getBoolean("yanked", false));
        return versions.stream().filter(v -> live.test(v) && !PythonVersion.isPrerelease(v)).findFirst()
                .or(() -> versions.stream().filter(live).findFirst())
                .or(() -> versions.stream().findFirst());
    }

    private static JsonObject withUrl(JsonObject file, String filesBase, String project) {
        return Json.createObjectBuilder(file)
                .add("url", SimplePageRenderer.fileUrl(filesBase, project, string(file, "filename", "")))
                .build();
    }

    private static JsonArray array(List<JsonObject> files) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        files.forEach(a::add);
        return a.build();
    }

    private static List<JsonObject> objects(JsonValue v) {
        List<JsonObject> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            a.forEach(x -> {
                if (x instanceof JsonObject o && o.get("filename") instanceof JsonString) {
                    out.add(o);
                }
            });
        }
        return out;
    }

    private static JsonObject object(byte[] json, String what) throws IOException {
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(json))) {
            return r.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IOException("not " + what + ": " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject o, String key, String otherwise) {
        return o.get(key) instanceof JsonString s ? s.getString() : otherwise;
    }

    private static void nullable(JsonObjectBuilder o, String key, String value) {
        if (value == null) {
            o.addNull(key);
        } else {
            o.add(key, value);
        }
    }
}
