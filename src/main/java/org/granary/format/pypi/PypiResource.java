package org.granary.format.pypi;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.granary.config.GranaryConfig;
import org.granary.core.CachedMetadata;
import org.granary.core.InvalidRequestException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.format.PathText;
import org.granary.web.ArtifactResponses;
import org.granary.web.BaseUrl;
import org.granary.web.MetadataResponses;
import org.granary.web.RequestPaths;

/**
 * The PyPI Simple API of one repository, at {@code /granary/{repository}/}: point pip at
 * {@code /granary/{repository}/simple/}; and PyPI's legacy upload API, which twine uses: {@code POST} to
 * {@code /granary/{repository}/} (or {@code .../legacy/}) with {@code multipart/form-data}.
 */
public class PypiResource {

    /** The largest text field of an upload form read (descriptions included). */
    static final int MAX_FIELD_BYTES = 4 * 1024 * 1024;

    private final RepositoryInfo repo;
    private final PypiAdapter adapter;
    private final PypiPublishing publishing;
    private final GranaryConfig config;

    PypiResource(RepositoryInfo repo, PypiAdapter adapter, PypiPublishing publishing, GranaryConfig config) {
        this.repo = repo;
        this.adapter = adapter;
        this.publishing = publishing;
        this.config = config;
    }

    /**
     * An upload ({@code :action=file_upload}). The form's parts are read with the standard {@link EntityPart}
     * (Jakarta REST 3.1), which spools large parts to disk; the file part is then streamed into storage.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(List<EntityPart> parts) {
        return publish(parts);
    }

    /** The same upload at {@code legacy/}, the path PyPI's own upload URL ends in. */
    @POST
    @Path("legacy")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response legacyUpload(List<EntityPart> parts) {
        return publish(parts);
    }

    private Response publish(List<EntityPart> parts) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        EntityPart file = null;
        for (EntityPart part : parts) {
            if (part.getFileName().isEmpty()) {
                fields.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(text(part));
            } else if (part.getName().equals(UploadForm.FILE_FIELD)) {
                if (file != null) {
                    throw new InvalidRequestException("the form has more than one '" + UploadForm.FILE_FIELD + "' file");
                }
                file = part;
            }
            // other files (a gpg_signature, attestations) are not kept
        }
        PypiPublishing.Published published;
        try (InputStream content = file == null ? InputStream.nullInputStream() : file.getContent()) {
            published = publishing.upload(repo, fields, file == null ? null : file.getFileName().orElse(null), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok("OK: " + published.form().filename() + " (sha256 " + published.sha256()
                + ") is published in repository '" + published.repository().name() + "'\n",
                MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }

    /** A text field, in the charset its part declares, else UTF-8 (what browsers and twine send). */
    private static String text(EntityPart part) {
        Charset charset = StandardCharsets.UTF_8;
        String type = part.getHeaders().getFirst("Content-Type");
        if (type != null) {
            try {
                String declared = MediaType.valueOf(type).getParameters().get("charset");
                if (declared != null) {
                    charset = Charset.forName(declared);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("form field '" + PathText.printable(part.getName())
                        + "' has an unreadable Content-Type");
            }
        }
        try (InputStream in = part.getContent()) {
            byte[] bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
            if (bytes.length > MAX_FIELD_BYTES) {
                throw new InvalidRequestException("form field '" + PathText.printable(part.getName())
                        + "' is longer than " + MAX_FIELD_BYTES + " bytes");
            }
            return new String(bytes, charset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    public Response root(@Context UriInfo uri, @Context HttpHeaders headers) {
        return redirect(new PypiPath.Redirect("simple/"), uri, headers);
    }

    @GET
    @Path("{path: .+}")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @Context Request request) {
        PypiPath path = PypiPath.parse(RequestPaths.afterRepository(uri));
        if (path instanceof PypiPath.File f) {
            return ArtifactResponses.of(adapter.file(repo, f), request, headers);
        }
        if (path instanceof PypiPath.CoreMetadata m) {
            return ArtifactResponses.of(adapter.coreMetadata(repo, m), request, headers);
        }
        if (path instanceof PypiPath.Redirect r) {
            return redirect(r, uri, headers);
        }
        if (path instanceof PypiPath.JsonApi j) {
            return jsonApi(j, uri, headers, request);
        }
        SimpleFormat format = SimpleFormat.negotiate(headers.getHeaderString("Accept"),
                uri.getQueryParameters().getFirst("format"));
        if (path instanceof PypiPath.Project p) {
            String filesBase = repositoryUrl(uri, headers) + "files/";
            RepositoryReads.GuardedDocument guarded = adapter.guardedProject(repo, p.name());
            CachedMetadata page = guarded.document();
            return BaseUrl.varying(config, MetadataResponses.of(page, format.name() + " " + filesBase + " "
                    + guarded.gate().fingerprint(), format.contentType(), request, headers, () -> {
                        SimplePage visible = CooldownFilter.filter(PypiAdapter.page(page, p.name()), guarded.gate()::allows);
                        return format.isJson() ? SimplePageRenderer.json(visible, filesBase)
                                : SimplePageRenderer.html(visible, filesBase);
                    }));
        }
        StreamingOutput list = output -> {
            java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(output, StandardCharsets.UTF_8),
                    64 * 1024);
            try (ProjectList.Output names = format.isJson() ? ProjectList.json(w) : ProjectList.html(w)) {
                adapter.projectList(repo, names);
            }
        };
        return Response.ok(list, format.contentType()).header("Vary", "Accept").build();
    }

    /** PyPI's JSON API of a project or of one of its versions. */
    private Response jsonApi(PypiPath.JsonApi j, UriInfo uri, HttpHeaders headers, Request request) {
        String base = repositoryUrl(uri, headers);
        RepositoryReads.GuardedDocument guarded = adapter.guardedJson(repo, j.project(), j.version());
        CachedMetadata doc = guarded.document();
        String rendered = PypiJson.render(PypiAdapter.jsonDoc(doc), j.project(), j.version(), guarded.gate()::allows,
                base + "files/", base + "pypi/");
        return BaseUrl.varying(config, MetadataResponses.of(doc, "json-api " + j.version() + " " + base + " "
                + guarded.gate().fingerprint(), PypiJson.CONTENT_TYPE, request, headers, () -> rendered));
    }

    /** 301 to the canonical URL, keeping the query (e.g. {@code ?format=}). */
    private Response redirect(PypiPath.Redirect r, UriInfo uri, HttpHeaders headers) {
        String query = uri.getRequestUri().getRawQuery();
        String location = repositoryUrl(uri, headers) + r.location() + (query == null ? "" : "?" + query);
        return BaseUrl.varying(config,
                Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create(location)).build());
    }

    private String repositoryUrl(UriInfo uri, HttpHeaders headers) {
        return RequestPaths.repositoryUrl(BaseUrl.of(config, uri, headers), repo.name());
    }
}
