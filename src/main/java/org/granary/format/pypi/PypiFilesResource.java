package org.granary.format.pypi;

import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.core.UnauthorizedException;

/**
 * Yanking (PEP 592) and deleting files of a hosted PyPI project, under the REST API:
 * <ul>
 *   <li>{@code PUT /granary/api/repositories/{repo}/pypi/{project}/versions/{version}/yank} (body, optional:
 *       {@code {"reason": "…"}}) yanks every file of the version; {@code DELETE} of the same URL unyanks them;</li>
 *   <li>{@code PUT|DELETE …/pypi/{project}/files/{filename}/yank}: the same for one file;</li>
 *   <li>{@code DELETE …/pypi/{project}/files/{filename}}: deletes one file (a whole version goes with
 *       {@code DELETE …/packages/{project}/versions/{version}}).</li>
 * </ul>
 * Administrators, or the files' publisher within {@code GRANARY_HOSTED_DELETE_WINDOW}; audited.
 */
@Path("api/repositories/{repo}/pypi/{project}")
@Produces(MediaType.APPLICATION_JSON)
public class PypiFilesResource {

    private static final int MAX_BODY = 4096;

    @Inject
    RepositoryRegistry registry;
    @Inject
    PypiPublishing publishing;
    @Inject
    Identity who;

    @PUT
    @Path("versions/{version}/yank")
    public JsonObject yankVersion(@PathParam("repo") String repo, @PathParam("project") String project,
                                  @PathParam("version") String version, InputStream body) {
        RepositoryInfo r = repository(repo);
        publishing.yank(r, project, version, null, reason(body));
        return done(r, project, "version", version, "yanked");
    }

    @DELETE
    @Path("versions/{version}/yank")
    public JsonObject unyankVersion(@PathParam("repo") String repo, @PathParam("project") String project,
                                    @PathParam("version") String version) {
        RepositoryInfo r = repository(repo);
        publishing.yank(r, project, version, null, null);
        return done(r, project, "version", version, "unyanked");
    }

    @PUT
    @Path("files/{filename}/yank")
    public JsonObject yankFile(@PathParam("repo") String repo, @PathParam("project") String project,
                               @PathParam("filename") String filename, InputStream body) {
        RepositoryInfo r = repository(repo);
        publishing.yank(r, project, null, filename, reason(body));
        return done(r, project, "file", filename, "yanked");
    }

    @DELETE
    @Path("files/{filename}/yank")
    public JsonObject unyankFile(@PathParam("repo") String repo, @PathParam("project") String project,
                                 @PathParam("filename") String filename) {
        RepositoryInfo r = repository(repo);
        publishing.yank(r, project, null, filename, null);
        return done(r, project, "file", filename, "unyanked");
    }

    @DELETE
    @Path("files/{filename}")
    public JsonObject deleteFile(@PathParam("repo") String repo, @PathParam("project") String project,
                                 @PathParam("filename") String filename) {
        RepositoryInfo r = repository(repo);
        publishing.deleteFile(r, project, filename);
        return done(r, project, "file", filename, "deleted");
    }

    /** The repository, once the caller is known (before any body is read): 401 for anonymous callers. */
    private RepositoryInfo repository(String name) {
        if (!who.isAuthenticated()) {
            throw new UnauthorizedException("the API requires authentication");
        }
        RepositoryInfo r = registry.find(name)
                .orElseThrow(() -> new NotFoundException("there is no repository named '" + name + "'"));
        if (r.format() != Format.PYPI) {
            throw new InvalidRequestException("repository '" + name + "' is a " + r.format().id()
                    + " repository; these endpoints are PyPI's");
        }
        return r;
    }

    /** The yank reason of an optional {@code {"reason": "…"}} body; empty without one (PEP 592: no reason given). */
    static String reason(InputStream body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
        if (bytes.length > MAX_BODY) {
            throw new InvalidRequestException("the body of a yank may have at most " + MAX_BODY + " bytes");
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return "";
        }
        JsonObject o;
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(bytes))) {
            o = r.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidRequestException("the body of a yank is a JSON object like {\"reason\": \"broken build\"}");
        }
        for (String k : o.keySet()) {
            if (!k.equals("reason")) {
                throw new InvalidRequestException("unknown field '" + k + "'; the only field here is reason");
            }
        }
        if (o.containsKey("reason") && !(o.get("reason") instanceof JsonString)) {
            throw new InvalidRequestException("'reason' must be a string");
        }
        String reason = o.containsKey("reason") ? o.getString("reason").strip() : "";
        if (reason.length() > 1000) {
            throw new InvalidRequestException("the yank reason is longer than 1000 characters");
        }
        return reason;
    }

    private static JsonObject done(RepositoryInfo r, String project, String kind, String what, String outcome) {
        return Json.createObjectBuilder().add("repository", r.name()).add("project", ProjectName.normalise(project))
                .add(kind, what).add("outcome", outcome).build();
    }
}
