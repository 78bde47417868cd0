package org.granary.format.pypi;

import org.granary.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an upstream project page, PEP 691 JSON or PEP 503 HTML (told apart by their first character), into a
 * {@link SimplePage} with absolute upstream URLs. Pure.
 */
public final class SimplePageParser {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern HASH_NAME = Pattern.compile("[a-z0-9_]{2,32}");
    private static final String VERSION_META = "pypi:repository-version";

    private SimplePageParser() {
    }

    /**
     * @param content  the page as the upstream sent it (UTF-8)
     * @param pageUrl  the URL it was fetched from, against which relative URLs are resolved
     * @param project  the normalised project name
     * @throws IOException when the page is unreadable or of an unsupported major API version
     */
    public static SimplePage parse(byte[] content, URI pageUrl, String project) throws IOException {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\ufeff")) {
            text = text.substring(1);
        }
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{")) {
            return parseJson(trimmed, pageUrl, project);
        }
        if (trimmed.startsWith("<")) {
            return parseHtml(trimmed, pageUrl, project);
        }
        throw new IOException("the upstream project page of " + project + " is neither JSON nor HTML");
    }

    // ------------------------------------------------------------------ JSON (PEP 691, 700)

    static SimplePage parseJson(String json, URI pageUrl, String project) throws IOException {
        JsonObject page;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject o)) {
                throw new IOException("the upstream project page of " + project + " is not a JSON object");
            }
            page = o;
        } catch (JsonException e) {
            throw new IOException("the upstream project page of " + project + " is not valid JSON: " + e.getMessage(), e);
        }
        String apiVersion = page.get("meta") instanceof JsonObject meta ? string(meta.get("api-version")) : null;
        checkMajorVersion(apiVersion, project);
        if (!(page.get("files") instanceof JsonArray files)) {
            throw new IOException("the upstream project page of " + project + " has no \"files\" list");
        }
        List<SimplePage.Distribution> distributions = new ArrayList<>();
        for (JsonValue v : files) {
            if (v instanceof JsonObject f) {
                SimplePage.Distribution d = jsonFile(f, pageUrl);
                if (d != null) {
                    distributions.add(d);
                }
            }
        }
        List<String> versions = new ArrayList<>();
        if (page.get("versions") instanceof JsonArray listed) {
            listed.forEach(v -> {
                if (v instanceof JsonString s) {
                    versions.add(s.getString());
                }
            });
        } else {
            versions.addAll(SimplePage.versionsOf(project, distributions));
        }
        return new SimplePage(project, apiVersion == null ? "1.0" : apiVersion, versions, distributions);
    }

    private static SimplePage.Distribution jsonFile(JsonObject f, URI pageUrl) {
        String filename = string(f.get("filename"));
        URI url = resolve(pageUrl, string(f.get("url")));
        if (filename == null || url == null || !isSafeFilename(filename)) {
            return null;
        }
        Map<String, String> hashes = f.get("hashes") instanceof JsonObject h ? hashes(h) : Map.of();
        JsonValue core = f.containsKey("core-metadata") ? f.get("core-metadata") : f.get("dist-info-metadata");
        Map<String, String> coreMetadata = null;
        if (core instanceof JsonObject h) {
            coreMetadata = hashes(h);
        } else if (core == JsonValue.TRUE) {
            coreMetadata = Map.of();
        }
        String yanked = null;
        JsonValue y = f.get("yanked");
        if (y == JsonValue.TRUE) {
            yanked = "";
        } else if (y instanceof JsonString reason) {
            yanked = reason.getString();
        }
        Long size = f.get("size") instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0 ? n.longValue() : null;
        return new SimplePage.Distribution(filename, url, hashes, blankToNull(string(f.get("requires-python"))),
                yanked, coreMetadata, size, string(f.get("upload-time")));
    }

    private static Map<String, String> hashes(JsonObject h) {
        Map<String, String> out = new LinkedHashMap<>();
        h.forEach((name, value) -> {
            String hex = string(value);
            String alg = name.toLowerCase(Locale.ROOT);
            if (hex != null && HASH_NAME.matcher(alg).matches() && HEX.matcher(hex).matches()) {
                out.put(alg, hex.toLowerCase(Locale.ROOT));
            }
        });
        return out;
    }

    private static String string(JsonValue v) {
        return v instanceof JsonString s ? s.getString() : null;
    }

    // ------------------------------------------------------------------ HTML (PEP 503, 592, 629, 658, 714)

    static SimplePage parseHtml(String html, URI pageUrl, String project) throws IOException {
        HtmlAnchors.Page page = HtmlAnchors.parse(html);
        String apiVersion = page.meta().getOrDefault(VERSION_META, "1.0").strip();
        checkMajorVersion(apiVersion, project);
        URI base = pageUrl;
        if (page.baseHref() != null) {
            URI b = resolve(pageUrl, page.baseHref());
            base = b != null ? b : pageUrl;
        }
        List<SimplePage.Distribution> distributions = new ArrayList<>();
        for (HtmlAnchors.Anchor a : page.anchors()) {
            SimplePage.Distribution d = htmlFile(a, base);
            if (d != null) {
                distributions.add(d);
            }
        }
        return new SimplePage(project, apiVersion, SimplePage.versionsOf(project, distributions), distributions);
    }

    private static SimplePage.Distribution htmlFile(HtmlAnchors.Anchor a, URI base) {
        String href = a.attribute("href");
        if (href == null || href.isBlank()) {
            return null;
        }
        href = href.strip();
        int hashAt = href.indexOf('#');
        String fragment = hashAt >= 0 ? href.substring(hashAt + 1) : null;
        URI url = resolve(base, hashAt >= 0 ? href.substring(0, hashAt) : href);
        if (url == null) {
            return null;
        }
        String filename = a.text();
        if (filename.isEmpty()) {
            String p = url.getPath() == null ? "" : url.getPath();
            filename = p.substring(p.lastIndexOf('/') + 1);
        }
        if (!isSafeFilename(filename)) {
            return null;
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        if (fragment != null) {
            addHash(fragment, hashes);
        }
        String core = a.has("data-core-metadata") ? a.attribute("data-core-metadata") : a.attribute("data-dist-info-metadata");
        Map<String, String> coreMetadata = null;
        if (core != null) {
            if (core.strip().equalsIgnoreCase("true")) {
                coreMetadata = Map.of();
            } else {
                Map<String, String> h = new LinkedHashMap<>();
                if (addHash(core.strip(), h)) {
                    coreMetadata = h;
                }
            }
        }
        return new SimplePage.Distribution(filename, url, hashes, blankToNull(a.attribute("data-requires-python")),
                a.has("data-yanked") ? a.attribute("data-yanked") : null, coreMetadata, null, null);
    }

    /** Reads {@code name=hex} into {@code into}; false when it is not one. */
    private static boolean addHash(String nameValue, Map<String, String> into) {
        int eq = nameValue.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        String alg = nameValue.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String hex = nameValue.substring(eq + 1).strip();
        if (!HASH_NAME.matcher(alg).matches() || !HEX.matcher(hex).matches()) {
            return false;
        }
        into.put(alg, hex.toLowerCase(Locale.ROOT));
        return true;
    }

    // ------------------------------------------------------------------ shared

    private static void checkMajorVersion(String apiVersion, String project) throws IOException {
        if (apiVersion != null && !apiVersion.equals("1") && !apiVersion.startsWith("1.")) {
            throw new IOException("the upstream project page of " + project + " uses Simple API version " + apiVersion
                    + "; only major version 1 is understood");
        }
    }

    /** A URL as written in a page (relative or absolute, fragment already removed) made absolute; null if unusable. */
    static URI resolve(URI base, String href) {
        if (href == null || href.isBlank()) {
            return null;
        }
        int hashAt = href.indexOf('#');
        String h = hashAt >= 0 ? href.substring(0, hashAt) : href;
        URI uri;
        try {
            uri = new URI(quoteIllegal(h.strip()));
            uri = base.resolve(uri);
        } catch (Exception e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
    }

    /** Percent-encodes characters a URI may not contain as written (spaces, non-ASCII, ...). */
    private static String quoteIllegal(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            boolean allowed = c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0;
            if (allowed) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    private static boolean isSafeFilename(String filename) {
        try {
            PypiPath.validFilename(filename);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
