package org.granary.format.npm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.ForbiddenException;
import org.granary.core.ArtifactSource;
import org.granary.core.AuditLog;
import org.granary.core.GranaryException;
import org.granary.core.HostedStore;
import org.granary.core.Identity;
import org.granary.core.Spool;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.PackageOwners;
import org.granary.core.PayloadTooLargeException;
import org.granary.core.RepositoryInfo;
import org.granary.core.UnauthorizedException;
import org.granary.persistence.ApiToken;
import org.granary.security.Caller;
import org.granary.security.LoginThrottle;
import org.granary.security.RepositoryAccess;
import org.granary.security.TokenCredential;
import org.granary.security.TokenService;
import org.granary.security.UserService;

/**
 * npm's write API on a hosted repository (a group writes to its first hosted member): publish, deprecate,
 * dist-tags, and the account endpoints npm uses (couch login, whoami, tokens). Parsing and the pure document edits
 * are in {@link PublishBody} and {@link HostedPackument}; the write itself (who may, limits, hashes, immutability,
 * one transaction for the tarball and the packument, audit) is {@link HostedStore}'s.
 */
@ApplicationScoped
public class NpmPublishing {

    /** The most characters a publish document may have without its tarball (readme included). */
    static final long MAX_DOCUMENT_CHARS = 16L * 1024 * 1024;
    /** The most bytes of a small JSON body (login, token, dist-tag). */
    private static final int MAX_SMALL_BODY = 64 * 1024;
    static final String LOGIN_TOKEN_NAME = "npm login";
    /** The longest token lifetime {@code npm token create} may ask for, in days (a hundred years). */
    static final long MAX_TOKEN_DAYS = 36_500;

    @Inject
    HostedStore store;
    @Inject
    Spool spool;
    @Inject
    Identity who;
    @Inject
    RepositoryAccess access;
    @Inject
    Caller caller;
    @Inject
    AuditLog audit;
    @Inject
    UserService users;
    @Inject
    TokenService tokens;
    @Inject
    GranaryConfig config;
    @Inject
    Clock clock;
    @Inject
    LoginThrottle throttle;
    @Inject
    org.granary.security.PasswordCheck passwords;

    // ------------------------------------------------------------------ account

    /**
     * {@code PUT /-/user/org.couchdb.user:{name}} ({@code npm login}/{@code npm adduser}): checks the password
     * and answers a new token. Granary does not create users here; an administrator does.
     */
    public JsonObject login(RepositoryInfo repo, String username, InputStream body) {
        JsonObject doc = smallObject(body);
        String name = string(doc, "name");
        String password = string(doc, "password");
        if (name != null && !name.equals(username)) {
            throw new InvalidRequestException("the user name in the document ('" + name + "') does not match the URL ('"
                    + username + "')");
        }
        String target = "npm login at " + repo.name();
        if (password == null || throttle.check(username, caller.clientAddress(), () -> passwords.check(username, password),
                Optional::isPresent).isEmpty()) {
            audit.record(username, "login", target, AuditLog.FAILURE, "wrong user name or password", caller.address());
            throw new UnauthorizedException("wrong user name or password (Granary users are created by an administrator)");
        }
        TokenService.Created created = tokens.create(username, LOGIN_TOKEN_NAME, false, null);
        audit.record(username, "login", target, AuditLog.SUCCESS, "token " + created.record().getTokenPrefix() + "…",
                caller.address());
        return Json.createObjectBuilder()
                .add("ok", true)
                .add("id", NpmPath.COUCH_USER_PREFIX + username)
                .add("token", created.token())
                .build();
    }

    /** {@code GET /-/whoami}. */
    public JsonObject whoami() {
        return Json.createObjectBuilder().add("username", authenticated()).build();
    }

    /** {@code GET /-/npm/v1/tokens}: the caller's usable tokens as {@code npm token list} expects them. */
    public JsonObject listTokens() {
        String user = authenticated();
        Instant now = clock.instant();
        JsonArrayBuilder objects = Json.createArrayBuilder();
        List<ApiToken> usable = tokens.list(user).stream().filter(t -> t.isUsableAt(now)).toList();
        usable.forEach(t -> objects.add(Json.createObjectBuilder()
                .add("key", t.getTokenHash())
                .add("token", t.getTokenPrefix())
                .add("name", t.getName())
                .add("readonly", t.isReadOnly())
                .add("created", t.getCreatedAt().toString())
                .add("updated", (t.getLastUsedAt() != null ? t.getLastUsedAt() : t.getCreatedAt()).toString())
                .add("cidr_whitelist", JsonValue.NULL)));
        return Json.createObjectBuilder()
                .add("objects", objects)
                .add("total", usable.size())
                .add("urls", JsonValue.EMPTY_JSON_OBJECT)
                .build();
    }

    /** {@code POST /-/npm/v1/tokens} ({@code npm token create}): the caller's password is required. */
    public JsonObject createToken(InputStream body) {
        String user = authenticated();
        JsonObject doc = smallObject(body);
        String password = string(doc, "password");
        if (password == null || throttle.check(user, caller.clientAddress(), () -> passwords.check(user, password),
                Optional::isPresent).isEmpty()) {
            audit.record(user, "token.create", "npm", AuditLog.FAILURE, "wrong password", caller.address());
            throw new UnauthorizedException("wrong password: creating a token needs the password of user '" + user + "'");
        }
        if (doc.get("cidr_whitelist") instanceof jakarta.json.JsonArray cidrs && !cidrs.isEmpty()) {
            throw new InvalidRequestException("tokens restricted to CIDR ranges are not supported");
        }
        boolean readOnly = doc.get("readonly") == JsonValue.TRUE;
        String name = string(doc, "name");
        Instant expires = null;
        if (doc.get("expires") instanceof jakarta.json.JsonNumber days) {
            if (!days.isIntegral() || days.bigIntegerValue().signum() <= 0
                    || days.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(MAX_TOKEN_DAYS)) > 0) {
                throw new InvalidRequestException("'expires' is a whole number of days from 1 to " + MAX_TOKEN_DAYS);
            }
            expires = clock.instant().plus(java.time.Duration.ofDays(days.longValue()));
        }
        TokenService.Created created = tokens.create(user, name == null ? "npm token" : name, readOnly, expires);
        ApiToken t = created.record();
        access.audited("token.create", user + "/" + t.getTokenPrefix(), readOnly ? "read-only, via npm" : "via npm");
        var out = Json.createObjectBuilder()
                .add("token", created.token())
                .add("key", t.getTokenHash())
                .add("name", t.getName())
                .add("readonly", t.isReadOnly())
                .add("created", t.getCreatedAt().toString())
                .add("updated", t.getCreatedAt().toString());
        if (expires != null) {
            out.add("expires", expires.toString());
        }
        return out.build();
    }

    /** {@code DELETE /-/npm/v1/tokens/token/{key}} ({@code npm token revoke}): by key, or by the token itself. */
    public void revokeToken(RepositoryInfo repo, String key) {
        String user = access.requirePublish(repo, "token.revoke", "npm token " + abbreviate(key));
        Optional<ApiToken> token = TokenCredential.looksLikeToken(key)
                ? tokens.check(key).filter(t -> t.getUser().getUsername().equals(user))
                : tokens.findByKey(user, key);
        ApiToken t = token.filter(x -> x.getRevokedAt() == null)
                .orElseThrow(() -> new NotFoundException("user '" + user + "' has no token " + abbreviate(key)));
        tokens.revoke(t.getId(), user, caller.isAdmin());
        access.audited("token.revoke", user + "/" + t.getTokenPrefix(), "via npm");
    }

    /**
     * {@code DELETE /-/user/token/{token}} ({@code npm logout}): revokes the token the caller presents, so a
     * logged-out token stops working at once.
     */
    public void logout(RepositoryInfo repo, String token) {
        String user = authenticated();
        ApiToken t = tokens.check(token).filter(x -> x.getUser().getUsername().equals(user))
                .orElseThrow(() -> new NotFoundException("user '" + user + "' has no such token"));
        tokens.revoke(t.getId(), user, false);
        audit.record(user, "logout", "npm logout at " + repo.name(), AuditLog.SUCCESS,
                "token " + t.getTokenPrefix() + "… revoked", caller.address());
    }

    // ------------------------------------------------------------------ packages

    /** What a {@code PUT /{name}} did. */
    public record Put(String action, String target) {
    }

    /** The hosted repository that writes to {@code repo} go to: itself when hosted, a group's first hosted member. */
    public RepositoryInfo writeTarget(RepositoryInfo repo) {
        return store.publishTarget(repo);
    }

    /**
     * {@code PUT /{name}}: a publish (the body has a tarball attachment) or a deprecation (it has none). Who may
     * write is decided before the body is read.
     *
     * @param contentLength the declared body length, or -1
     */
    public Put put(RepositoryInfo repo, String name, InputStream body, long contentLength) {
        try (HostedStore.Write write = store.begin(repo, who, "publish", name)) {
            RepositoryInfo hosted = write.repository();
            PublishBody.Limits limits = PublishBody.Limits.forUpload(hosted.maxUploadBytes(), MAX_DOCUMENT_CHARS);
            if (contentLength > limits.bodyBytes()) {
                throw write.refused(new PayloadTooLargeException("the request body (" + contentLength
                        + " bytes) is larger than the " + limits.bodyBytes()
                        + " bytes this repository accepts for a publish; nothing was stored"));
            }
            requireOwner(write, document(hosted, name), name, "publish to");
            try (PublishBody parsed = PublishBody.read(body, limits, spool)) {
                if (parsed.attachments().isEmpty() && !(parsed.document().get("_attachments") instanceof JsonObject a
                        && !a.isEmpty())) {
                    return deprecate(write, name, parsed.document());
                }
                return publish(write, name, parsed);
            } catch (GranaryException e) {
                throw write.refused(e);
            }
        }
    }

    private Put publish(HostedStore.Write write, String name, PublishBody body) {
        RepositoryInfo hosted = write.repository();
        HostedPackument.Publication p = HostedPackument.publication(name, body.document(), body.attachments().keySet());
        String display = name + "@" + p.version();
        write.describe("publish", display);
        Optional<JsonObject> current = document(hosted, name);
        HostedPackument.requireNewVersion(current, p.version());
        if (current.isEmpty()) {
            NpmPath.validNewName(name);
        }
        PublishBody.Attachment tarball = body.attachments().get(p.attachment());
        HostedPackument.declaredLength(body.document(), p.attachment()).ifPresent(length -> {
            if (length != tarball.size()) {
                throw new InvalidRequestException("the attachment " + p.attachment() + " declares " + length
                        + " bytes but carries " + tarball.size() + "; nothing was stored");
            }
        });
        write.requireAbsent(p.artifactPath(), display);
        Instant now = clock.instant();
        HostedStore.Spooled stored;
        try (InputStream in = Files.newInputStream(tarball.file())) {
            stored = write.spool(p.artifactPath(), in, new HostedStore.Upload(
                    new ArtifactSource.Coordinates(name, "npm", NpmAdapter.purlName(name), p.version(), now),
                    "application/octet-stream", p.declared(), false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String user = write.user();
        write.updateDocument(name, "application/json", bytes -> {
            Optional<JsonObject> before = bytes.map(NpmPublishing::parse);
            before.ifPresent(b -> PackageOwners.requireOwner(who, user, name, HostedPackument.owners(b), "publish to"));
            return revisedBytes(before, HostedPackument.withPublished(before, p, user, now, stored.digests().sha1(),
                    stored.digests().sha512()));
        });
        write.commit("tags " + String.join(",", p.distTags().keySet()));
        return new Put("publish", hosted.name() + "/" + display);
    }

    private Put deprecate(HostedStore.Write write, String name, JsonObject body) {
        RepositoryInfo hosted = write.repository();
        write.describe("deprecate", name);
        requireDocument(hosted, name);
        Map<String, String> changed = new LinkedHashMap<>();
        write.updateDocument(name, "application/json", bytes -> {
            JsonObject before = parse(bytes.orElseThrow(() ->
                    new NotFoundException(name + " is not published in repository '" + hosted.name() + "'")));
            HostedPackument.Deprecation d = HostedPackument.deprecate(before, body, clock.instant());
            changed.clear();
            changed.putAll(d.changed());
            return d.changed().isEmpty() ? bytes.get() : revisedBytes(Optional.of(before), d.packument());
        });
        write.commit(() -> {
            StringBuilder detail = new StringBuilder();
            changed.forEach((v, msg) -> detail.append(detail.length() == 0 ? "" : "; ").append(v).append(": ")
                    .append(msg.isEmpty() ? "undeprecated" : msg));
            return abbreviate(detail.toString(), 500);
        });
        return new Put("deprecate", hosted.name() + "/" + name);
    }

    /** {@code PUT /-/package/{name}/dist-tags/{tag}} with the version as a JSON string. */
    public JsonObject setDistTag(RepositoryInfo repo, String name, String tag, InputStream body) {
        try (HostedStore.Write write = store.begin(repo, who, "dist-tag", name + "@" + tag)) {
            JsonValue value = smallJson(body);
            if (!(value instanceof JsonString version)) {
                throw write.refused(new InvalidRequestException("the body must be the version as a JSON string, e.g. \"1.0.0\""));
            }
            return distTagChange(write, name, "set to " + version.getString(), packument ->
                    HostedPackument.withDistTag(packument, tag, version.getString(), clock.instant()));
        }
    }

    /** {@code DELETE /-/package/{name}/dist-tags/{tag}}. */
    public JsonObject removeDistTag(RepositoryInfo repo, String name, String tag) {
        try (HostedStore.Write write = store.begin(repo, who, "dist-tag", name + "@" + tag)) {
            return distTagChange(write, name, "removed", packument ->
                    HostedPackument.withoutDistTag(packument, tag, clock.instant()));
        }
    }

    private JsonObject distTagChange(HostedStore.Write write, String name, String detail,
                                     java.util.function.UnaryOperator<JsonObject> change) {
        RepositoryInfo hosted = write.repository();
        requireOwner(write, document(hosted, name), name, "change the dist-tags of");
        byte[][] result = new byte[1][];
        write.updateDocument(name, "application/json", bytes -> {
            JsonObject before = parse(bytes.orElseThrow(() ->
                    new NotFoundException(name + " is not published in repository '" + hosted.name() + "'")));
            result[0] = revisedBytes(Optional.of(before), change.apply(before));
            return result[0];
        });
        write.commit(detail);
        return HostedPackument.distTags(parse(result[0]));
    }

    // ------------------------------------------------------------------ unpublish

    /**
     * {@code PUT /{name}/-rev/{rev}}: npm sends the packument back without the versions {@code npm unpublish
     * name@version} removes (their tarballs are deleted in the same transaction).
     */
    public JsonObject revise(RepositoryInfo repo, String name, String rev, InputStream body) {
        try (HostedStore.Write write = store.begin(repo, who, "unpublish", name)) {
            RepositoryInfo hosted = write.repository();
            JsonObject sent;
            JsonObject current;
            Set<String> removed;
            try {
                sent = documentBody(body);
                current = document(hosted, name).orElseThrow(() -> new NotFoundException(name
                        + " is not published in repository '" + hosted.name() + "'"));
                HostedPackument.requireRevision(current, rev);
                removed = HostedPackument.removedVersions(current, sent);
            } catch (GranaryException e) {
                throw write.refused(e);
            }
            if (!removed.isEmpty()) {
                return unpublishVersions(write, name, rev, current, removed);
            }
            Optional<List<String>> owners;
            try {
                owners = HostedPackument.requestedOwners(sent);
            } catch (GranaryException e) {
                throw write.refused(e);
            }
            if (owners.isPresent()) {
                return changeOwners(write, name, rev, current, owners.get());
            }
            throw write.refused(new InvalidRequestException("the document changes nothing Granary changes this way "
                    + "(versions to unpublish, or maintainers)"));
        }
    }

    private JsonObject unpublishVersions(HostedStore.Write write, String name, String rev, JsonObject current,
                                         Set<String> removed) {
        write.describe("unpublish", name + "@" + String.join(",", removed));
        requireOwner(write, Optional.of(current), name, "unpublish");
        requireMayUnpublish(write, current, name, removed);
        removed.forEach(v -> write.removeFile(HostedPackument.tarballPath(current, v)));
        Instant now = clock.instant();
        write.updateDocument(name, "application/json", bytes -> {
            JsonObject before = parse(bytes.orElseThrow(() -> new NotFoundException(name + " is not published in "
                    + "repository '" + write.repository().name() + "'")));
            HostedPackument.requireRevision(before, rev);
            return revisedBytes(Optional.of(before), HostedPackument.withoutVersions(before, removed, now));
        });
        write.commit("tarballs removed: " + removed.size());
        return ok(name);
    }

    /** {@code DELETE /{name}/-rev/{rev}} ({@code npm unpublish name --force}): every version, tarball and the packument. */
    public JsonObject unpublishPackage(RepositoryInfo repo, String name, String rev) {
        try (HostedStore.Write write = store.begin(repo, who, "unpublish", name)) {
            RepositoryInfo hosted = write.repository();
            JsonObject current;
            try {
                current = document(hosted, name).orElseThrow(() -> new NotFoundException(name
                        + " is not published in repository '" + hosted.name() + "'"));
                HostedPackument.requireRevision(current, rev);
            } catch (GranaryException e) {
                throw write.refused(e);
            }
            Set<String> versions = HostedPackument.versions(current).keySet();
            write.describe("unpublish", name);
            requireOwner(write, Optional.of(current), name, "unpublish");
            requireMayUnpublish(write, current, name, versions);
            versions.forEach(v -> write.removeFile(HostedPackument.tarballPath(current, v)));
            String decidedOn = HostedPackument.revision(current).orElse(null);
            write.removeDocument(name, bytes -> {
                JsonObject now = parse(bytes);
                if (!HostedPackument.versions(now).keySet().equals(versions)
                        || !java.util.Objects.equals(decidedOn, HostedPackument.revision(now).orElse(null))) {
                    throw new org.granary.core.ConflictException(name + " changed while it was being unpublished; "
                            + "read it again and retry");
                }
            });
            write.commit("whole package: " + String.join(", ", versions));
            return ok(name);
        }
    }

    /**
     * {@code npm owner add|rm}: the packument's {@code maintainers} replaced by the list npm computed, each a Granary
     * user (with their e-mail address); an owner or an administrator may, or any publisher while the package has none.
     */
    private JsonObject changeOwners(HostedStore.Write write, String name, String rev, JsonObject current,
                                    List<String> requested) {
        write.describe("owner", name);
        requireOwner(write, Optional.of(current), name, "change the owners of");
        List<String> owners;
        try {
            owners = PackageOwners.requireValid(name, requested, u -> users.find(u).isPresent());
        } catch (GranaryException e) {
            throw write.refused(e);
        }
        Map<String, String> maintainers = new LinkedHashMap<>();
        owners.forEach(o -> maintainers.put(o, users.find(o).map(u -> u.getEmail()).orElse(null)));
        List<String> before = HostedPackument.owners(current);
        write.updateDocument(name, "application/json", bytes -> {
            JsonObject now = parse(bytes.orElseThrow(() -> new NotFoundException(name + " is not published in "
                    + "repository '" + write.repository().name() + "'")));
            HostedPackument.requireRevision(now, rev);
            return revisedBytes(Optional.of(now), HostedPackument.withMaintainers(now, maintainers, clock.instant()));
        });
        List<String> added = owners.stream().filter(o -> !before.contains(o)).toList();
        List<String> removed = before.stream().filter(o -> !owners.contains(o)).toList();
        write.commit("owners " + String.join(", ", owners) + (added.isEmpty() ? "" : "; added " + String.join(", ", added))
                + (removed.isEmpty() ? "" : "; removed " + String.join(", ", removed)));
        return ok(name);
    }

    /** Refuses a write to a package that has owners by a user who is neither one of them nor an administrator. */
    private void requireOwner(HostedStore.Write write, Optional<JsonObject> current, String name, String action) {
        if (current.isPresent()) {
            try {
                PackageOwners.requireOwner(who, write.user(), name, HostedPackument.owners(current.get()), action);
            } catch (GranaryException e) {
                throw write.refused(e);
            }
        }
    }

    /**
     * {@code GET /-/user/org.couchdb.user:{name}} ({@code npm owner add} checks the user exists): the user's name and
     * e-mail address, for authenticated callers.
     */
    public JsonObject userDocument(String username) {
        authenticated();
        var user = users.find(username).orElseThrow(() -> new NotFoundException("there is no user '" + username + "'"));
        return Json.createObjectBuilder()
                .add("_id", NpmPath.COUCH_USER_PREFIX + user.getUsername())
                .add("name", user.getUsername())
                .add("email", user.getEmail() == null ? "" : user.getEmail())
                .build();
    }

    /**
     * {@code DELETE /{name}/-/{file}.tgz/-rev/{rev}}: npm's last step of {@code npm unpublish name@version}. The tarball
     * went with the version; one still listed is refused.
     */
    public JsonObject deleteTarball(RepositoryInfo repo, NpmPath.Tarball tarball) {
        try (HostedStore.Write write = store.begin(repo, who, "unpublish", tarball.name() + "@" + tarball.version())) {
            RepositoryInfo hosted = write.repository();
            Optional<JsonObject> current = document(hosted, tarball.name());
            if (current.isPresent() && HostedPackument.versions(current.get()).containsKey(tarball.version())) {
                throw write.refused(new org.granary.core.ConflictException(tarball.name() + "@" + tarball.version()
                        + " is still published; unpublish the version (npm unpublish " + tarball.name() + "@"
                        + tarball.version() + "), which removes its tarball"));
            }
            if (store.contains(hosted, tarball.artifactPath())) {
                requireAdmin(write, tarball.name() + "@" + tarball.version());
                write.removeFile(tarball.artifactPath());
                write.commit("tarball of an unpublished version");
            }
            return ok(tarball.name());
        }
    }

    /**
     * Administrators may unpublish any version; its publisher only within {@link Setting#NPM_UNPUBLISH_WINDOW} of
     * publishing it.
     */
    private void requireMayUnpublish(HostedStore.Write write, JsonObject current, String name, Set<String> versions) {
        if (who.isAdmin()) {
            return;
        }
        String user = write.user();
        java.time.Duration window = config.duration(Setting.NPM_UNPUBLISH_WINDOW);
        Instant now = clock.instant();
        for (String v : versions) {
            String publisher = HostedPackument.publisher(current, v).orElse(null);
            if (!user.equals(publisher)) {
                throw write.refused(new ForbiddenException("user '" + user + "' may not unpublish " + name + "@" + v
                        + ": it was published by " + (publisher == null ? "someone else" : "'" + publisher + "'")
                        + "; only its publisher (within " + window + " of publishing) or an administrator may"));
            }
            Optional<Instant> at = HostedPackument.publishedAt(current, v);
            if (at.isEmpty() || now.isAfter(at.get().plus(window))) {
                throw write.refused(new ForbiddenException(name + "@" + v + " was published "
                        + at.map(t -> "at " + t).orElse("at an unknown time") + ", more than " + window + " ago ("
                        + Setting.NPM_UNPUBLISH_WINDOW.environmentVariable() + "); only an administrator may "
                        + "unpublish it now"));
            }
        }
    }

    private void requireAdmin(HostedStore.Write write, String what) {
        if (!who.isAdmin()) {
            throw write.refused(new ForbiddenException("only an administrator may remove the tarball of " + what));
        }
    }

    private JsonObject documentBody(InputStream body) {
        try {
            byte[] bytes = body.readNBytes((int) MAX_DOCUMENT_CHARS + 1);
            if (bytes.length > MAX_DOCUMENT_CHARS) {
                throw new PayloadTooLargeException("the package document is larger than " + MAX_DOCUMENT_CHARS + " bytes");
            }
            try (JsonReader r = Json.createReader(new ByteArrayInputStream(bytes))) {
                if (r.readValue() instanceof JsonObject o) {
                    return o;
                }
            }
        } catch (JsonException e) {
            throw new InvalidRequestException("the request body is not valid JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new InvalidRequestException("the request body must be a JSON object (a package document)");
    }

    private static JsonObject ok(String name) {
        return Json.createObjectBuilder().add("ok", true).add("id", name).build();
    }

    // ------------------------------------------------------------------ helpers

    private String authenticated() {
        return caller.name().orElseThrow(() -> new UnauthorizedException("you are not logged in to this registry"));
    }

    private Optional<JsonObject> document(RepositoryInfo hosted, String name) {
        return store.readDocument(hosted, name).map(NpmPublishing::parse);
    }

    private void requireDocument(RepositoryInfo hosted, String name) {
        if (store.readDocument(hosted, name).isEmpty()) {
            throw new NotFoundException(name + " is not published in repository '" + hosted.name() + "'");
        }
    }

    private static JsonObject parse(byte[] bytes) {
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(bytes))) {
            return r.readObject();
        }
    }

    /** {@code next} with its new revision, as stored. */
    private static byte[] revisedBytes(Optional<JsonObject> previous, JsonObject next) {
        return bytes(HostedPackument.revised(previous, next));
    }

    private static byte[] bytes(JsonObject o) {
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonValue smallJson(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(MAX_SMALL_BODY + 1);
            if (bytes.length > MAX_SMALL_BODY) {
                throw new PayloadTooLargeException("the request body is larger than " + MAX_SMALL_BODY + " bytes");
            }
            try (JsonReader r = Json.createReader(new ByteArrayInputStream(bytes))) {
                return r.readValue();
            }
        } catch (JsonException e) {
            throw new InvalidRequestException("the request body is not valid JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject smallObject(InputStream body) {
        if (smallJson(body) instanceof JsonObject o) {
            return o;
        }
        throw new InvalidRequestException("the request body must be a JSON object");
    }

    private static String string(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : null;
    }

    private static String abbreviate(String key) {
        return key.length() > 12 ? key.substring(0, 12) + "…" : key;
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
