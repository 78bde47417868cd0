package org.granary.format.winget;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.granary.config.GranaryConfig;
import org.granary.core.ConflictException;
import org.granary.core.ExpectedDigest;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.PayloadTooLargeException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.format.PathText;
import org.granary.web.ArtifactResponses;
import org.granary.web.BaseUrl;
import org.granary.web.MetadataResponses;
import org.granary.web.RequestPaths;

/**
 * The WinGet REST source of one repository, at {@code /granary/{repository}/} ({@code winget source add -a <url>
 * -t Microsoft.Rest}): {@code information}, {@code POST manifestSearch}, {@code packageManifests/{id}} and installers,
 * answered for the contract the client's {@code Version} header names; for hosted repositories (and groups, which
 * hand writes to their first hosted member) the management API, manifest import and installer upload.
 */
public class WingetResource {

    /** The largest JSON or YAML body read (a package with 1,024 installers fits). */
    static final int MAX_BODY_BYTES = 16 << 20;

    private final RepositoryInfo repo;
    private final WingetAdapter adapter;
    private final WingetPublishing publishing;
    private final WingetMirror mirror;
    private final GranaryConfig config;

    WingetResource(RepositoryInfo repo, WingetAdapter adapter, WingetPublishing publishing, WingetMirror mirror,
                   GranaryConfig config) {
        this.repo = repo;
        this.adapter = adapter;
        this.publishing = publishing;
        this.mirror = mirror;
        this.config = config;
    }

    /** Tells a person who opens the URL how to add the source. */
    @GET
    public Response root(@Context UriInfo uri, @Context HttpHeaders headers) {
        String url = repositoryUrl(uri, headers);
        return json(Json.createObjectBuilder().add("format", "winget").add("repository", repo.name())
                .add("source", url)
                .add("add", "winget source add -n " + repo.name() + " -a " + url + " -t Microsoft.Rest").build());
    }

    @GET
    @Path("{path: .+}")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @Context Request request) {
        WingetPath path = WingetPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof WingetPath.Information) {
            ContractVersion contract = ContractVersion.fromHeader(headers.getHeaderString("Version"));
            return Response.ok(WingetResponses.information(adapter.information(repo), contract).toString(), JSON_TYPE)
                    .header("Cache-Control", "public, max-age=" + WingetResponses.INFORMATION_MAX_AGE_SECONDS).build();
        }
        if (path instanceof WingetPath.PackageManifests p && p.packageIdentifier() != null) {
            return packageManifests(p.packageIdentifier(), uri, headers, request);
        }
        if (path instanceof WingetPath.InstallerFile f) {
            return ArtifactResponses.of(adapter.installer(repo, adapter.who, f), request, headers);
        }
        if (path instanceof WingetPath.Mirror m && m.action() != WingetPath.MirrorAction.RUN) {
            Optional<JsonObject> shown = m.action() == WingetPath.MirrorAction.RULES
                    ? mirror.rules(repo).map(MirrorRules::toJson) : mirror.report(repo);
            return shown.map(o -> json(WingetResponses.envelope(o, null))).orElseThrow(() -> new NotFoundException(
                    "repository '" + publishing.target(repo).name() + "' has no mirror "
                            + (m.action() == WingetPath.MirrorAction.RULES ? "allow-list" : "report") + " yet"));
        }
        if (path instanceof WingetPath.Search || path instanceof WingetPath.Import
                || path instanceof WingetPath.PackageManifests || path instanceof WingetPath.Mirror) {
            throw new NotAllowedException("POST");
        }
        return manage(path, uri, headers);
    }

    @POST
    @Path("{path: .+}")
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        WingetPath path = WingetPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof WingetPath.Search) {
            return search(headers, readBody(body, "the search"));
        }
        Identity who = adapter.who;
        String repoUrl = repositoryUrl(uri, headers);
        if (path instanceof WingetPath.Mirror m && m.action() == WingetPath.MirrorAction.RUN) {
            return json(WingetResponses.envelope(mirror.run(repo, who), null));
        }
        if (path instanceof WingetPath.PackageManifests p && p.packageIdentifier() == null) {
            List<WingetManifest> manifests = restManifests(readJson(body));
            publishing.publish(repo, who, manifests, WingetPublishing.Mode.ADD, "publish");
            return imported(manifests);
        }
        if (path instanceof WingetPath.Packages) {
            throw new InvalidRequestException("a package is created with its first version: POST packages/{id}/versions "
                    + "or POST packageManifests");
        }
        if (path instanceof WingetPath.Versions v && v.packageVersion() == null) {
            WingetManifest m = WingetPublishing.validVersion(v.packageIdentifier(), readJson(body));
            Map<String, List<JsonObject>> stored = publishing.publish(repo, who, List.of(m), WingetPublishing.Mode.ADD,
                    "publish");
            return json(WingetResponses.envelope(forClient(stored.get(m.packageIdentifier()).get(0), repoUrl), null));
        }
        if (path instanceof WingetPath.VersionPart part && part.key() == null) {
            JsonObject given = readJson(body);
            editPart(part, repoUrl, current -> add(part, current, given));
            return json(WingetResponses.envelope(given, null));
        }
        throw notAllowed(path);
    }

    /** One YAML manifest, a zip of a winget-pkgs tree, or a REST {@code packageManifests} body. */
    @POST
    @Path("import")
    public Response importBody(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        return imported(importBody(headers, uri, body));
    }

    /** Several YAML files as {@code multipart/form-data} (each part's file name as the file name). */
    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importFiles(List<EntityPart> parts) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        for (EntityPart part : parts) {
            String name = part.getFileName().orElse(part.getName());
            byte[] bytes;
            try (InputStream in = part.getContent()) {
                bytes = readLimited(in, MAX_BODY_BYTES - total, "the manifest files");
            } catch (IOException e) {
                throw new InvalidRequestException("the upload broke off: " + e.getMessage());
            }
            total += bytes.length;
            if (files.put(name, bytes) != null) {
                throw new InvalidRequestException("the file " + PathText.printable(name) + " appears twice in the upload");
            }
        }
        return imported(publishImport(ManifestImport.files(files)));
    }

    @PUT
    @Path("{path: .+}")
    public Response put(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        WingetPath path = WingetPath.parse(RequestPaths.afterRepository(uri));
        Identity who = adapter.who;
        String repoUrl = repositoryUrl(uri, headers);
        if (path instanceof WingetPath.InstallerFile f) {
            if (f.sha256() != null) {
                throw new InvalidRequestException("upload installers to installers/{PackageIdentifier}/{PackageVersion}/"
                        + "{file}; paths with a SHA-256 are where proxies and mirrors keep theirs");
            }
            WingetPublishing.Uploaded up = publishing.upload(repo, who, f, body, declaredSha256(headers, uri));
            String url = InstallerFiles.url(RequestPaths.repositoryUrl(BaseUrl.of(config, uri, headers),
                    repo.name()), up.path());
            return Response.status(201).entity(WingetResponses.envelope(Json.createObjectBuilder()
                    .add("InstallerUrl", url)
                    .add("InstallerSha256", up.file().sha256().toUpperCase(Locale.ROOT))
                    .add("Size", up.file().size()).build(), null).toString()).type(JSON_TYPE).build();
        }
        if (path instanceof WingetPath.Mirror m && m.action() == WingetPath.MirrorAction.RULES) {
            return json(WingetResponses.envelope(mirror.setRules(repo, who, readJson(body)).toJson(), null));
        }
        if (path instanceof WingetPath.PackageManifests p && p.packageIdentifier() != null) {
            List<WingetManifest> manifests = restManifests(readJson(body));
            publishing.replacePackage(repo, who, p.packageIdentifier(), manifests);
            return imported(manifests);
        }
        if (path instanceof WingetPath.Versions v && v.packageVersion() != null) {
            JsonObject given = readJson(body);
            WingetManifest m = WingetPublishing.validVersion(v.packageIdentifier(), given);
            if (!m.packageVersion().equals(v.packageVersion())) {
                throw new InvalidRequestException("the body is version " + m.packageVersion() + ", not "
                        + v.packageVersion());
            }
            Map<String, List<JsonObject>> stored = publishing.publish(repo, who, List.of(m),
                    WingetPublishing.Mode.REPLACE, "publish");
            return json(WingetResponses.envelope(forClient(stored.get(m.packageIdentifier()).get(0), repoUrl), null));
        }
        if (path instanceof WingetPath.VersionPart part && part.key() != null) {
            JsonObject given = readJson(body);
            editPart(part, repoUrl, current -> replace(part, current, given));
            return json(WingetResponses.envelope(given, null));
        }
        throw notAllowed(path);
    }

    @DELETE
    @Path("{path: .+}")
    public Response delete(@Context UriInfo uri, @Context HttpHeaders headers) {
        WingetPath path = WingetPath.parse(RequestPaths.afterRepository(uri));
        Identity who = adapter.who;
        if (path instanceof WingetPath.PackageEntry p) {
            publishing.deletePackage(repo, who, p.packageIdentifier());
        } else if (path instanceof WingetPath.PackageManifests p && p.packageIdentifier() != null) {
            publishing.deletePackage(repo, who, p.packageIdentifier());
        } else if (path instanceof WingetPath.Versions v && v.packageVersion() != null) {
            publishing.deleteVersion(repo, who, v.packageIdentifier(), v.packageVersion());
        } else if (path instanceof WingetPath.VersionPart part && part.key() != null) {
            editPart(part, repositoryUrl(uri, headers), current -> remove(part, current));
        } else {
            throw notAllowed(path);
        }
        return Response.noContent().build();
    }

    // ------------------------------------------------------------------ reads

    private Response packageManifests(String id, UriInfo uri, HttpHeaders headers, Request request) {
        ContractVersion contract = ContractVersion.fromHeader(headers.getHeaderString("Version"));
        String version = query(uri, "Version");
        String channel = query(uri, "Channel");
        String market = query(uri, "Market");
        if (market != null && !market.isEmpty() && !ManifestSearch.isMarket(market)) {
            throw new InvalidRequestException("Market must be a two-letter market (country) code such as US, not '"
                    + PathText.printable(market) + "'");
        }
        RepositoryReads.GuardedDocument doc;
        try {
            doc = adapter.manifests(repo, adapter.who, id);
        } catch (NotFoundException e) {
            return Response.noContent().build(); // winget reads 204 as "no such package"; a 404 is an error to it
        }
        String repoUrl = repositoryUrl(uri, headers);
        // versions the supply-chain guards hide are left out; a package left without any is unknown (204)
        Optional<JsonObject> shown = WingetDocuments.render(WingetAdapter.copy(doc), repoUrl, contract, version, channel,
                market);
        if (shown.isEmpty()) {
            return Response.noContent().build();
        }
        String variant = contract + "\n" + repoUrl + "\n" + version + "\n" + channel + "\n" + market + "\n"
                + doc.gate().fingerprint();
        return MetadataResponses.of(doc.document(), variant, JSON_TYPE, request, headers, () -> shown.get().toString());
    }

    private Response search(HttpHeaders headers, byte[] body) {
        ContractVersion contract = ContractVersion.fromHeader(headers.getHeaderString("Version"));
        SearchRequest request = SearchRequest.parse(parse(body, "the manifestSearch body"));
        SearchPage page = adapter.search(repo, adapter.who, request, body, headers.getHeaderString("ContinuationToken"));
        if (page.isEmpty()) {
            return Response.noContent().build();
        }
        return Response.ok(WingetResponses.searchResult(page, contract).toString(), JSON_TYPE)
                .header("Cache-Control", "no-cache").build();
    }

    // ------------------------------------------------------------------ the management API

    private Response manage(WingetPath path, UriInfo uri, HttpHeaders headers) {
        RepositoryInfo hosted = publishing.target(repo);
        String repoUrl = repositoryUrl(uri, headers);
        if (path instanceof WingetPath.Packages) {
            SearchPage page = adapter.index.search(hosted, SearchRequest.parse(JsonValue.EMPTY_JSON_OBJECT),
                    query(uri, "ContinuationToken"), WingetAdapter.PAGE_SIZE);
            JsonArrayBuilder data = Json.createArrayBuilder();
            page.packages().forEach(p -> data.add(Json.createObjectBuilder().add("PackageIdentifier", p.packageIdentifier())));
            return json(WingetResponses.envelope(data.build(), page.continuationToken()));
        }
        if (path instanceof WingetPath.PackageEntry p) {
            JsonObject data = stored(hosted, p.packageIdentifier());
            return json(WingetResponses.envelope(Json.createObjectBuilder()
                    .add("PackageIdentifier", WingetDocuments.packageIdentifier(data)).build(), null));
        }
        if (path instanceof WingetPath.Versions v) {
            JsonObject data = stored(hosted, v.packageIdentifier());
            if (v.packageVersion() == null) {
                JsonArrayBuilder list = Json.createArrayBuilder();
                WingetDocuments.versions(data).forEach(x -> list.add(forClient(x, repoUrl)));
                return json(WingetResponses.envelope(list.build(), null));
            }
            return json(WingetResponses.envelope(forClient(version(hosted, data, v.packageIdentifier(),
                    v.packageVersion()), repoUrl), null));
        }
        if (path instanceof WingetPath.VersionPart part) {
            JsonObject v = forClient(version(hosted, stored(hosted, part.packageIdentifier()), part.packageIdentifier(),
                    part.packageVersion()), repoUrl);
            String list = part.part() == WingetPath.Part.LOCALES ? "Locales" : "Installers";
            if (part.key() == null) {
                return json(WingetResponses.envelope(ManifestJson.array(v, list), null));
            }
            return json(WingetResponses.envelope(find(part, v).orElseThrow(() -> notFound(part)), null));
        }
        throw notAllowed(path);
    }

    /** Edits one locale or installer of a version through {@link WingetPublishing#editVersion}. */
    private JsonObject editPart(WingetPath.VersionPart part, String repoUrl, UnaryOperator<JsonObject> edit) {
        RepositoryInfo hosted = publishing.target(repo);
        JsonObject current = forClient(version(hosted, stored(hosted, part.packageIdentifier()), part.packageIdentifier(),
                part.packageVersion()), repoUrl);
        return publishing.editVersion(repo, adapter.who, part.packageIdentifier(), current, edit,
                part.part() == WingetPath.Part.LOCALES ? "publish locale" : "publish installer");
    }

    private static JsonObject add(WingetPath.VersionPart part, JsonObject version, JsonObject item) {
        String key = keyOf(part, item).orElseThrow(() -> new InvalidRequestException("the body needs "
                + keyField(part)));
        if (find(new WingetPath.VersionPart(part.packageIdentifier(), part.packageVersion(), part.part(), key), version)
                .isPresent()) {
            throw new ConflictException(keyField(part) + " " + key + " already exists in " + part.packageIdentifier()
                    + " " + part.packageVersion() + "; change it with PUT");
        }
        String list = part.part() == WingetPath.Part.LOCALES ? "Locales" : "Installers";
        return Json.createObjectBuilder(version).add(list, Json.createArrayBuilder(ManifestJson.array(version, list))
                .add(item)).build();
    }

    private static JsonObject replace(WingetPath.VersionPart part, JsonObject version, JsonObject item) {
        if (!keyOf(part, item).map(part.key()::equals).orElse(true)) {
            throw new InvalidRequestException("the body is " + keyField(part) + " " + keyOf(part, item).get()
                    + ", not " + part.key());
        }
        JsonObject keyed = Json.createObjectBuilder(item).add(keyField(part), part.key()).build();
        if (part.part() == WingetPath.Part.LOCALES && part.key().equals(defaultLocale(version))) {
            return Json.createObjectBuilder(version).add("DefaultLocale", keyed).build();
        }
        find(part, version).orElseThrow(() -> notFound(part));
        return withList(part, version, keyed);
    }

    private static JsonObject remove(WingetPath.VersionPart part, JsonObject version) {
        if (part.part() == WingetPath.Part.LOCALES && part.key().equals(defaultLocale(version))) {
            throw new InvalidRequestException(part.key() + " is the default locale of " + part.packageIdentifier() + " "
                    + part.packageVersion() + " and cannot be removed; change it with PUT");
        }
        find(part, version).orElseThrow(() -> notFound(part));
        return withList(part, version, null);
    }

    /** The version with the list entry keyed {@code part.key()} replaced by {@code item} (removed if null). */
    private static JsonObject withList(WingetPath.VersionPart part, JsonObject version, JsonObject item) {
        String list = part.part() == WingetPath.Part.LOCALES ? "Locales" : "Installers";
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (JsonValue v : ManifestJson.array(version, list)) {
            if (v instanceof JsonObject o && keyOf(part, o).map(part.key()::equals).orElse(false)) {
                if (item != null) {
                    b.add(item);
                }
            } else {
                b.add(v);
            }
        }
        return Json.createObjectBuilder(version).add(list, b).build();
    }

    private static Optional<JsonObject> find(WingetPath.VersionPart part, JsonObject version) {
        if (part.part() == WingetPath.Part.LOCALES && part.key().equals(defaultLocale(version))) {
            return Optional.of(version.getJsonObject("DefaultLocale"));
        }
        String list = part.part() == WingetPath.Part.LOCALES ? "Locales" : "Installers";
        for (JsonValue v : ManifestJson.array(version, list)) {
            if (v instanceof JsonObject o && keyOf(part, o).map(part.key()::equals).orElse(false)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    private static String defaultLocale(JsonObject version) {
        return ManifestJson.string(version.getJsonObject("DefaultLocale"), "PackageLocale");
    }

    private static Optional<String> keyOf(WingetPath.VersionPart part, JsonObject item) {
        return Optional.ofNullable(ManifestJson.string(item, keyField(part)));
    }

    private static String keyField(WingetPath.VersionPart part) {
        return part.part() == WingetPath.Part.LOCALES ? "PackageLocale" : "InstallerIdentifier";
    }

    private static NotFoundException notFound(WingetPath.VersionPart part) {
        return new NotFoundException(part.packageIdentifier() + " " + part.packageVersion() + " has no "
                + (part.part() == WingetPath.Part.LOCALES ? "locale " : "installer ") + part.key());
    }

    private JsonObject stored(RepositoryInfo hosted, String id) {
        return publishing.current(hosted, id).orElseThrow(() -> new NotFoundException("package " + id
                + " is not published in repository '" + hosted.name() + "'"));
    }

    private static JsonObject version(RepositoryInfo hosted, JsonObject data, String id, String version) {
        return WingetDocuments.version(data, version).orElseThrow(() -> new NotFoundException(id + " " + version
                + " is not published in repository '" + hosted.name() + "'"));
    }

    /** A stored version in REST form: installers Granary keeps named by their URLs under this repository. */
    private static JsonObject forClient(JsonObject version, String repoUrl) {
        JsonArrayBuilder installers = Json.createArrayBuilder();
        for (JsonValue i : ManifestJson.array(version, "Installers")) {
            JsonObject o = i.asJsonObject();
            String url = ManifestJson.string(o, "InstallerUrl");
            installers.add(InstallerFiles.isRepositoryPath(url)
                    ? Json.createObjectBuilder(o).add("InstallerUrl", InstallerFiles.url(repoUrl, url)).build() : o);
        }
        return Json.createObjectBuilder(version).add("Installers", installers).build();
    }

    // ------------------------------------------------------------------ import

    private List<WingetManifest> importBody(HttpHeaders headers, UriInfo uri, InputStream body) {
        MediaType type = headers.getMediaType();
        String subtype = type == null ? "" : (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        ManifestImport.Result result;
        switch (subtype) {
            case "application/zip", "application/x-zip-compressed" -> result = ManifestImport.zip(body);
            case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml" -> {
                String name = Optional.ofNullable(query(uri, "file")).orElse("manifest.yaml");
                result = ManifestImport.files(Map.of(name, readBody(body, "the manifest")));
            }
            case "application/json" -> {
                return restManifests(readJson(body));
            }
            default -> throw new InvalidRequestException("import takes a zip (application/zip), one YAML manifest "
                    + "(application/yaml), several as multipart/form-data, or a packageManifests body "
                    + "(application/json); the request is " + (subtype.isEmpty() ? "without a Content-Type" : subtype));
        }
        return publishImport(result);
    }

    private List<WingetManifest> publishImport(ManifestImport.Result result) {
        if (result instanceof ManifestImport.Rejected r) {
            throw new ManifestRejectedException(r.problems());
        }
        List<WingetManifest> manifests = ((ManifestImport.Imported) result).manifests();
        publishing.publish(repo, adapter.who, manifests, WingetPublishing.Mode.ADD, "import");
        return manifests;
    }

    private static List<WingetManifest> restManifests(JsonObject body) {
        JsonObject data = body.get("Data") instanceof JsonObject d ? d : body;
        ManifestImport.Result r = ManifestImport.rest(data);
        if (r instanceof ManifestImport.Rejected rejected) {
            throw new ManifestRejectedException(rejected.problems());
        }
        return ((ManifestImport.Imported) r).manifests();
    }

    private static Response imported(List<WingetManifest> manifests) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        manifests.forEach(m -> data.add(Json.createObjectBuilder().add("PackageIdentifier", m.packageIdentifier())
                .add("PackageVersion", m.packageVersion())));
        return json(WingetResponses.envelope(data.build(), null));
    }

    // ------------------------------------------------------------------ helpers

    private static final String JSON_TYPE = "application/json";

    private String repositoryUrl(UriInfo uri, HttpHeaders headers) {
        return RequestPaths.repositoryUrl(BaseUrl.of(config, uri, headers), repo.name());
    }

    private static Optional<ExpectedDigest> declaredSha256(HttpHeaders headers, UriInfo uri) {
        String declared = Optional.ofNullable(headers.getHeaderString("X-Checksum-Sha256")).orElse(query(uri, "sha256"));
        if (declared == null || declared.isBlank()) {
            return Optional.empty();
        }
        if (!WingetPath.SHA256.matcher(declared.trim()).matches()) {
            throw new InvalidRequestException("the declared SHA-256 '" + PathText.printable(declared)
                    + "' is not 64 hexadecimal digits");
        }
        return Optional.of(new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, declared.trim()));
    }

    private static String query(UriInfo uri, String name) {
        String v = uri.getQueryParameters().getFirst(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private static JsonObject readJson(InputStream body) {
        return parse(readBody(body, "the request body"), "the request body");
    }

    private static JsonObject parse(byte[] bytes, String what) {
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue v = r.readValue();
            if (v instanceof JsonObject o) {
                return o;
            }
            throw new InvalidRequestException(what + " must be a JSON object");
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidRequestException(what + " is not valid JSON: " + e.getMessage());
        }
    }

    private static byte[] readBody(InputStream body, String what) {
        try {
            return readLimited(body, MAX_BODY_BYTES, what);
        } catch (IOException e) {
            throw new InvalidRequestException(what + " broke off: " + e.getMessage());
        }
    }

    private static byte[] readLimited(InputStream in, long limit, String what) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, limit) + 1));
        if (bytes.length > limit) {
            throw new PayloadTooLargeException(what + " is larger than the " + MAX_BODY_BYTES + " bytes accepted");
        }
        return bytes;
    }

    private static Response json(JsonValue body) {
        return Response.ok(body.toString(), JSON_TYPE).build();
    }

    private static NotAllowedException notAllowed(WingetPath path) {
        if (path instanceof WingetPath.Search || path instanceof WingetPath.Import) {
            return new NotAllowedException("POST");
        }
        if (path instanceof WingetPath.Mirror m) {
            return m.action() == WingetPath.MirrorAction.RUN ? new NotAllowedException("POST")
                    : new NotAllowedException("GET", new String[] {"PUT"});
        }
        return new NotAllowedException("GET", new String[] {"HEAD"});
    }
}
