package org.granary.format.pypi;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.granary.core.NotFoundException;

/**
 * The document a hosted repository keeps for each project it holds ({@code simple/{project}}): the files
 * uploaded, in upload order, with what a project page says about them. It is JSON:
 * <pre>{"name": "demo", "files": [{"filename": "demo-1.0-py3-none-any.whl", "version": "1.0",
 *   "sha256": "…", "size": 1234, "upload-time": "2024-01-02T03:04:05.678Z", "requires-python": "&gt;=3.8",
 *   "core-metadata-sha256": "…", "yanked": null, "uploaded-by": "alice"}],
 *  "releases": {"1.0": {"summary": "…", "requires_dist": ["…"], …}}}</pre>
 * ({@code releases}: the JSON API's {@code info} of each version, from the upload's core metadata)
 * and becomes a {@link SimplePage} for rendering like any upstream page. Pure.
 */
final class HostedProject {

    /** The content type the document is stored with. */
    static final String CONTENT_TYPE = "application/json";

    /**
     * One uploaded file.
     *
     * @param coreMetadataSha256 the sha256 of its {@code .metadata} file (PEP 658), or {@code null} when it has none
     * @param yanked             {@code null} when not yanked, else the reason (possibly empty)
     */
    record File(String filename, String version, String sha256, long size, String uploadTime, String requiresPython,
                String coreMetadataSha256, String yanked, String uploadedBy) {
    }

    private HostedProject() {
    }

    /** The document with {@code file} added (replacing an entry of the same file name, so a retry is harmless). */
    static byte[] withFile(Optional<byte[]> current, String project, File file) {
        return withFile(current, project, file, null);
    }

    /**
     * The document with {@code file} added, and {@code info} (PyPI's JSON API {@code info} of its version, from its
     * core metadata) kept for the version unless the version has one already; {@code null}: none.
     */
    static byte[] withFile(Optional<byte[]> current, String project, File file, JsonObject info) {
        Doc doc = current.map(b -> read(b, project)).orElseGet(() -> new Doc(new ArrayList<>(), new LinkedHashMap<>()));
        doc.files().removeIf(f -> f.filename().equals(file.filename()));
        doc.files().add(file);
        if (info != null && file.version() != null) {
            doc.releases().putIfAbsent(file.version(), info);
        }
        return write(project, doc.files(), doc.releases());
    }

    /**
     * The document with the files {@code which} accepts yanked with {@code reason} (PEP 592; empty: no reason given),
     * or, for a {@code null} reason, no longer yanked.
     *
     * @throws NotFoundException when no file is accepted
     */
    static byte[] withYanked(Optional<byte[]> current, String project, Predicate<File> which, String reason,
                             String what) {
        Doc doc = read(current.orElseThrow(() -> notFound(what)), project);
        boolean any = false;
        for (int i = 0; i < doc.files().size(); i++) {
            File f = doc.files().get(i);
            if (which.test(f)) {
                any = true;
                doc.files().set(i, new File(f.filename(), f.version(), f.sha256(), f.size(), f.uploadTime(),
                        f.requiresPython(), f.coreMetadataSha256(), reason, f.uploadedBy()));
            }
        }
        if (!any) {
            throw notFound(what);
        }
        return write(project, doc.files(), doc.releases());
    }

    /**
     * The document without the files {@code which} accepts (and the JSON API info of versions left without files);
     * empty when no file is left, so the document goes.
     *
     * @throws NotFoundException when no file is accepted
     */
    static Optional<byte[]> without(Optional<byte[]> current, String project, Predicate<File> which, String what) {
        Doc doc = read(current.orElseThrow(() -> notFound(what)), project);
        if (!doc.files().removeIf(which)) {
            throw notFound(what);
        }
        if (doc.files().isEmpty()) {
            return Optional.empty();
        }
        Set<String> left = new LinkedHashSet<>();
        doc.files().forEach(f -> left.add(f.version()));
        doc.releases().keySet().retainAll(left);
        return Optional.of(write(project, doc.files(), doc.releases()));
    }

    /** The JSON API info kept per version (versions uploaded before it was kept have none). */
    static Map<String, JsonObject> infos(byte[] document) throws IOException {
        return parse(document).releases();
    }

    private static NotFoundException notFound(String what) {
        return new NotFoundException(what + " is not published in this repository");
    }

    private record Doc(List<File> files, Map<String, JsonObject> releases) {
    }

    private static Doc read(byte[] document, String project) {
        try {
            return parse(document);
        } catch (IOException e) {
            throw new IllegalStateException("the hosted document of " + project + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static Doc parse(byte[] document) throws IOException {
        List<File> files = files(document);
        Map<String, JsonObject> releases = new LinkedHashMap<>();
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(document))) {
            if (reader.readObject().get("releases") instanceof JsonObject r) {
                r.forEach((v, info) -> {
                    if (info instanceof JsonObject o) {
                        releases.put(v, o);
                    }
                });
            }
        } catch (JsonException | IllegalStateException e) {
            throw new IOException("not a hosted project document: " + e.getMessage(), e);
        }
        return new Doc(files, releases);
    }

    static byte[] write(String project, List<File> files) {
        return write(project, files, Map.of());
    }

    static byte[] write(String project, List<File> files, Map<String, JsonObject> releases) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (File f : files) {
            JsonObjectBuilder o = Json.createObjectBuilder()
                    .add("filename", f.filename())
                    .add("version", f.version())
                    .add("sha256", f.sha256())
                    .add("size", f.size())
                    .add("upload-time", f.uploadTime());
            nullable(o, "requires-python", f.requiresPython());
            nullable(o, "core-metadata-sha256", f.coreMetadataSha256());
            nullable(o, "yanked", f.yanked());
            nullable(o, "uploaded-by", f.uploadedBy());
            list.add(o);
        }
        JsonObjectBuilder doc = Json.createObjectBuilder().add("name", project).add("files", list);
        if (!releases.isEmpty()) {
            JsonObjectBuilder r = Json.createObjectBuilder();
            releases.forEach(r::add);
            doc.add("releases", r);
        }
        return doc.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The files listed in a document. */
    static List<File> files(byte[] document) throws IOException {
        JsonObject doc;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(document))) {
            doc = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IOException("not a hosted project document: " + e.getMessage(), e);
        }
        List<File> files = new ArrayList<>();
        for (JsonValue v : doc.getJsonArray("files") == null ? List.<JsonValue>of() : doc.getJsonArray("files")) {
            if (!(v instanceof JsonObject f) || string(f, "filename") == null || string(f, "sha256") == null) {
                continue;
            }
            long size = f.get("size") instanceof JsonNumber n ? n.longValue() : -1;
            files.add(new File(string(f, "filename"), string(f, "version"), string(f, "sha256"), size,
                    string(f, "upload-time"), string(f, "requires-python"), string(f, "core-metadata-sha256"),
                    string(f, "yanked"), string(f, "uploaded-by")));
        }
        return files;
    }

    /**
     * The project page of a hosted document. File URLs are {@code hosted:{repository}/{project}/{filename}}: never
     * fetched (a hosted repository's files are served from storage), replaced by Granary URLs when rendered.
     */
    static SimplePage page(byte[] document, String project, String repository) throws IOException {
        List<SimplePage.Distribution> distributions = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        for (File f : files(document)) {
            if (f.version() != null) {
                versions.add(f.version());
            }
            Map<String, String> core = f.coreMetadataSha256() == null ? null
                    : new LinkedHashMap<>(Map.of("sha256", f.coreMetadataSha256()));
            distributions.add(new SimplePage.Distribution(f.filename(),
                    URI.create("hosted:" + repository + "/" + project + "/" + PypiPath.encodeSegment(f.filename())),
                    Map.of("sha256", f.sha256()), f.requiresPython(), f.yanked(), core,
                    f.size() >= 0 ? f.size() : null, f.uploadTime()));
        }
        return new SimplePage(project, "1.1", List.copyOf(versions), distributions);
    }

    private static void nullable(JsonObjectBuilder o, String name, String value) {
        if (value == null) {
            o.addNull(name);
        } else {
            o.add(name, value);
        }
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }
}
