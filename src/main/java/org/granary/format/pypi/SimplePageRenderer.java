package org.granary.format.pypi;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link SimplePage} as Granary serves it: every file URL points at Granary
 * ({@code <files base><project>/<filename>}), hashes travel with it ({@code #sha256=} in HTML, {@code hashes}
 * in JSON), and so do {@code requires-python}, yanking, core metadata (under both its PEP 714 and its older
 * name) and, in JSON, the PEP 700 fields. The API version is 1.1 when every file's size is known (PEP 700
 * requires it), else 1.0. Pure.
 */
public final class SimplePageRenderer {

    /** Hash names pip understands in a URL fragment, strongest first after the preferred sha256. */
    private static final List<String> FRAGMENT_HASHES = List.of("sha256", "sha512", "sha384", "sha224", "sha1", "md5");

    private SimplePageRenderer() {
    }

    /** {@code <filesBase><project>/<filename>}, the filename percent-encoded as a path segment. */
    public static String fileUrl(String filesBase, String project, String filename) {
        return filesBase + project + "/" + PypiPath.encodeSegment(filename);
    }

    public static String apiVersion(SimplePage page) {
        return page.sizesKnown() ? "1.1" : "1.0";
    }

    /** PEP 503 HTML with PEP 592/629/658/714 attributes. */
    public static String html(SimplePage page, String filesBase) {
        StringBuilder b = new StringBuilder(256 + page.files().size() * 256);
        String name = HtmlAnchors.escape(page.name());
        b.append("<!DOCTYPE html>\n<html>\n  <head>\n")
                .append("    <meta name=\"pypi:repository-version\" content=\"").append(apiVersion(page)).append("\">\n")
                .append("    <title>Links for ").append(name).append("</title>\n  </head>\n  <body>\n")
                .append("    <h1>Links for ").append(name).append("</h1>\n");
        for (SimplePage.Distribution f : page.files()) {
            String href = fileUrl(filesBase, page.name(), f.filename()) + fragment(f.hashes());
            b.append("    <a href=\"").append(HtmlAnchors.escape(href)).append('"');
            if (f.requiresPython() != null) {
                attribute(b, "data-requires-python", f.requiresPython());
            }
            if (f.isYanked()) {
                attribute(b, "data-yanked", f.yanked());
            }
            if (f.hasCoreMetadata()) {
                String value = coreMetadataAttribute(f.coreMetadata());
                attribute(b, "data-core-metadata", value);
                attribute(b, "data-dist-info-metadata", value);
            }
            b.append('>').append(HtmlAnchors.escape(f.filename())).append("</a><br>\n");
        }
        return b.append("  </body>\n</html>\n").toString();
    }

    /** PEP 691 JSON with the PEP 700 fields. */
    public static String json(SimplePage page, String filesBase) {
        JsonArrayBuilder files = Json.createArrayBuilder();
        for (SimplePage.Distribution f : page.files()) {
            JsonObjectBuilder o = Json.createObjectBuilder()
                    .add("filename", f.filename())
                    .add("url", fileUrl(filesBase, page.name(), f.filename()))
                    .add("hashes", hashes(f.hashes()));
            if (f.requiresPython() != null) {
                o.add("requires-python", f.requiresPython());
            }
            if (f.isYanked()) {
                if (f.yanked().isEmpty()) {
                    o.add("yanked", true);
                } else {
                    o.add("yanked", f.yanked());
                }
            }
            if (f.hasCoreMetadata()) {
                if (f.coreMetadata().isEmpty()) {
                    o.add("core-metadata", true).add("dist-info-metadata", true);
                } else {
                    o.add("core-metadata", hashes(f.coreMetadata())).add("dist-info-metadata", hashes(f.coreMetadata()));
                }
            }
            if (f.size() != null) {
                o.add("size", f.size());
            }
            if (f.uploadTime() != null) {
                o.add("upload-time", f.uploadTime());
            }
            files.add(o);
        }
        JsonArrayBuilder versions = Json.createArrayBuilder();
        page.versions().forEach(versions::add);
        return Json.createObjectBuilder()
                .add("meta", Json.createObjectBuilder().add("api-version", apiVersion(page)))
                .add("name", page.name())
                .add("versions", versions)
                .add("files", files)
                .build().toString();
    }

    /** The project list: {@code projects} are normalised names, linked relative to the list page. */
    public static String projectListHtml(List<String> projects) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html>\n  <head>\n"
                + "    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"
                + "    <title>Simple index</title>\n  </head>\n  <body>\n");
        for (String p : projects) {
            String e = HtmlAnchors.escape(p);
            b.append("    <a href=\"").append(e).append("/\">").append(e).append("</a><br>\n");
        }
        return b.append("  </body>\n</html>\n").toString();
    }

    public static String projectListJson(List<String> projects) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        projects.forEach(p -> list.add(Json.createObjectBuilder().add("name", p)));
        return Json.createObjectBuilder()
                .add("meta", Json.createObjectBuilder().add("api-version", "1.1"))
                .add("projects", list)
                .build().toString();
    }

    private static JsonObjectBuilder hashes(Map<String, String> hashes) {
        JsonObjectBuilder h = Json.createObjectBuilder();
        hashes.forEach(h::add);
        return h;
    }

    private static String fragment(Map<String, String> hashes) {
        for (String alg : FRAGMENT_HASHES) {
            if (hashes.containsKey(alg)) {
                return "#" + alg + "=" + hashes.get(alg);
            }
        }
        return "";
    }

    private static String coreMetadataAttribute(Map<String, String> hashes) {
        String f = fragment(hashes);
        return f.isEmpty() ? "true" : f.substring(1);
    }

    private static void attribute(StringBuilder b, String name, String value) {
        b.append(' ').append(name).append("=\"").append(HtmlAnchors.escape(value)).append('"');
    }
}
