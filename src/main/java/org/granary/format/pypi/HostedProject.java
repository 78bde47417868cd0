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

/**
 * The document a hosted repository keeps for each project it holds ({@code simple/{project}}): the files
 * uploaded, in upload order, with what a project page says about them. It is JSON:
 * <pre>{"name": "demo", "files": [{"filename": "demo-1.0-py3-none-any.whl", "version": "1.0",
 *   "sha256": "…", "size": 1234, "upload-time": "2024-01-02T03:04:05.678Z", "requires-python": "&gt;=3.8",
 *   "core-metadata-sha256": "…", "yanked": null, "uploaded-by": "alice"}]}</pre>
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
        List<File> files = new ArrayList<>();
        if (current.isPresent()) {
            try {
                files.addAll(files(current.get()));
            } catch (IOException e) {
                throw new IllegalStateException("the hosted document of " + project + " is unreadable: " + e.getMessage(), e);
            }
        }
        files.removeIf(f -> f.filename().equals(file.filename()));
        files.add(file);
        return write(project, files);
    }

    static byte[] write(String project, List<File> files) {
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
        return Json.createObjectBuilder().add("name", project).add("files", list).build().toString()
                .getBytes(StandardCharsets.UTF_8);
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
