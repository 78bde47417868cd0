package org.granary.format.npm;

import org.granary.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.granary.core.ExpectedDigest;
import org.granary.core.ConflictException;
import org.granary.core.ForbiddenException;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.VersionOrder;

/**
 * The packument of a hosted npm package and the changes npm's write API makes to it: publishing a version,
 * deprecating versions, setting and removing dist-tags. Pure: JSON in, JSON out; refusals are exceptions
 * with the status and message the client should see.
 * <p>
 * Stored versions keep {@code dist.tarball} relative ({@code name/-/name-1.0.0.tgz}); the
 * {@link PackumentRewriter} makes it absolute at read time.
 */
public final class HostedPackument {

    /** Semantic versions as npm publishes them (after {@code semver.clean}). */
    static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    /** Top-level fields copied from the {@code latest} version, as the public registry does. */
    private static final List<String> FROM_LATEST = List.of("description", "readme", "readmeFilename", "homepage",
            "keywords", "repository", "author", "bugs", "license");

    private HostedPackument() {
    }

    /**
     * What a publish body asks for: one version of one package with its tarball.
     *
     * @param manifest   the version's document as the client sent it
     * @param distTags   the tags to point at the version ({@code latest} unless the client chose a tag)
     * @param attachment the name of the tarball attachment in the body
     * @param declared   the hash the client declared for the tarball ({@code dist.integrity}, else {@code shasum})
     */
    public record Publication(String name, String version, JsonObject manifest, Map<String, String> distTags,
                              String attachment, Optional<ExpectedDigest> declared) {

        /** The tarball's path in the repository: {@code @scope/name/-/name-1.0.0.tgz}. */
        public String artifactPath() {
            return PackumentRewriter.tarballUrl("", name, version);
        }
    }

    /**
     * Reads a publish body: one version, whose name and version agree with the path, the body and its one
     * tarball attachment.
     *
     * @param name        the package name from the request path
     * @param body        the body without attachment data
     * @param attachments the names of the tarball attachments the body carried
     */
    public static Publication publication(String name, JsonObject body, Set<String> attachments) {
        requireSameName(name, body, "name");
        requireSameName(name, body, "_id");
        if (!(body.get("versions") instanceof JsonObject versions) || versions.size() != 1) {
            throw new InvalidRequestException("a publish must carry exactly one version in 'versions'");
        }
        String version = versions.keySet().iterator().next();
        if (!SEMVER.matcher(version).matches() || version.length() > 256) {
            throw new InvalidRequestException("'" + version + "' is not a valid semantic version");
        }
        if (!(versions.get(version) instanceof JsonObject manifest)) {
            throw new InvalidRequestException("version " + version + " must be a JSON object");
        }
        if (!version.equals(string(manifest, "version", version))) {
            throw new InvalidRequestException("the version key " + version + " does not match the manifest's version "
                    + string(manifest, "version", null));
        }
        if (!name.equals(string(manifest, "name", name))) {
            throw new InvalidRequestException("the manifest of " + version + " names package '"
                    + string(manifest, "name", null) + "', not '" + name + "'");
        }
        Object bodyAttachments = body.get("_attachments");
        int declaredAttachments = bodyAttachments instanceof JsonObject a ? a.size() : 0;
        if (attachments.size() != 1 || declaredAttachments != 1) {
            throw new InvalidRequestException("a publish must carry exactly one tarball attachment (provenance and "
                    + "other attachments are not supported)");
        }
        String attachment = attachments.iterator().next();
        String unscoped = name.substring(name.indexOf('/') + 1);
        if (!attachment.equals(name + "-" + version + ".tgz") && !attachment.equals(unscoped + "-" + version + ".tgz")) {
            throw new InvalidRequestException("the attachment '" + attachment + "' is not the tarball of " + name + "@"
                    + version + " (expected " + name + "-" + version + ".tgz)");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (body.get("dist-tags") instanceof JsonObject distTags) {
            for (Map.Entry<String, JsonValue> e : distTags.entrySet()) {
                if (!(e.getValue() instanceof JsonString v) || !v.getString().equals(version)) {
                    throw new InvalidRequestException("dist-tag '" + e.getKey() + "' must point at the published version "
                            + version);
                }
                tags.put(validTag(e.getKey()), version);
            }
        }
        if (tags.isEmpty()) {
            tags.put("latest", version);
        }
        Optional<ExpectedDigest> declared = Optional.empty();
        if (manifest.get("dist") instanceof JsonObject dist) {
            declared = ExpectedDigest.fromSri(string(dist, "integrity", null))
                    .or(() -> Optional.ofNullable(string(dist, "shasum", null))
                            .filter(s -> s.matches("[0-9a-fA-F]{40}"))
                            .map(s -> new ExpectedDigest(ExpectedDigest.Algorithm.SHA1, s)));
        }
        return new Publication(name, version, manifest, tags, attachment, declared);
    }

    /** The declared {@code length} of an attachment, if the body gives one. */
    public static Optional<Long> declaredLength(JsonObject body, String attachment) {
        if (body.get("_attachments") instanceof JsonObject a && a.get(attachment) instanceof JsonObject info
                && info.get("length") instanceof jakarta.json.JsonNumber n) {
            return Optional.of(n.longValue());
        }
        return Optional.empty();
    }

    /**
     * Refuses to publish over a version the packument has, or had before it was unpublished (its {@code time} entry
     * stays, as on the public registry: a version number is never reused, so a lockfile's integrity never lies) —
     * npm's wording, 403.
     */
    public static void requireNewVersion(Optional<JsonObject> packument, String version) {
        if (packument.isPresent() && (versions(packument.get()).containsKey(version)
                || time(packument.get()).containsKey(version))) {
            throw new ForbiddenException("You cannot publish over the previously published versions: " + version + ".");
        }
    }

    /**
     * The packument after publishing {@code p}: the version added (with {@code _npmUser}, a relative tarball and the
     * hashes Granary computed of the stored tarball, whatever the client declared), its dist-tags set, {@code time}
     * updated, top-level fields taken from {@code latest}.
     *
     * @param sha1Hex   the stored tarball's SHA-1 (npm's {@code shasum})
     * @param sha512Hex the stored tarball's SHA-512 (npm's {@code integrity}, as {@code sha512-<base64>})
     */
    public static JsonObject withPublished(Optional<JsonObject> current, Publication p, String publisher, Instant now,
                                           String sha1Hex, String sha512Hex) {
        requireNewVersion(current, p.version());
        if (current.isEmpty()) {
            NpmPath.validNewName(p.name());
        }
        JsonObject base = current.orElse(JsonValue.EMPTY_JSON_OBJECT);
        JsonObjectBuilder dist = Json.createObjectBuilder(p.manifest().get("dist") instanceof JsonObject d
                ? d : JsonValue.EMPTY_JSON_OBJECT).add("tarball", p.artifactPath())
                .add("shasum", sha1Hex)
                .add("integrity", "sha512-" + java.util.Base64.getEncoder().encodeToString(
                        java.util.HexFormat.of().parseHex(sha512Hex)));
        JsonObject manifest = Json.createObjectBuilder(p.manifest())
                .add("name", p.name())
                .add("version", p.version())
                .add("_id", p.name() + "@" + p.version())
                .add("_npmUser", Json.createObjectBuilder().add("name", publisher))
                .add("dist", dist)
                .build();
        JsonObjectBuilder versions = Json.createObjectBuilder(versions(base)).add(p.version(), manifest);
        JsonObjectBuilder tags = Json.createObjectBuilder(distTags(base));
        p.distTags().forEach(tags::add);
        if (!distTags(base).containsKey("latest") && !p.distTags().containsKey("latest")) {
            tags.add("latest", p.version()); // a package always has a latest version, even if first published under a tag
        }
        JsonObject time = time(base);
        String at = now.toString();
        JsonObjectBuilder t = Json.createObjectBuilder(time).add("modified", at).add(p.version(), at);
        if (!time.containsKey("created")) {
            t.add("created", at);
        }
        JsonObjectBuilder out = Json.createObjectBuilder(base)
                .add("_id", p.name())
                .add("name", p.name())
                .add("dist-tags", tags)
                .add("versions", versions)
                .add("time", t);
        out.remove("_attachments");
        out.remove("_rev");
        return withLatestFields(out.build());
    }

    /** The result of applying a document PUT without tarballs: only the deprecations it changes. */
    public record Deprecation(JsonObject packument, Map<String, String> changed) {
    }

    /**
     * Applies the {@code deprecated} fields of {@code body}'s versions to the existing versions (an empty
     * message or none removes a deprecation); everything else in the body is ignored. A version the
     * packument does not have is refused: new versions need a tarball.
     */
    public static Deprecation deprecate(JsonObject current, JsonObject body, Instant now) {
        String name = string(current, "name", null);
        if (!(body.get("versions") instanceof JsonObject requested)) {
            throw new InvalidRequestException("a document update must carry 'versions'");
        }
        JsonObject existing = versions(current);
        Map<String, String> changed = new LinkedHashMap<>();
        JsonObjectBuilder versions = Json.createObjectBuilder(existing);
        for (Map.Entry<String, JsonValue> e : requested.entrySet()) {
            if (!(existing.get(e.getKey()) instanceof JsonObject version)) {
                throw new InvalidRequestException(name + "@" + e.getKey() + " is not published in this repository; "
                        + "a new version must be published with its tarball");
            }
            if (!(e.getValue() instanceof JsonObject sent)) {
                throw new InvalidRequestException("version " + e.getKey() + " must be a JSON object");
            }
            String wanted = sent.get("deprecated") instanceof JsonString s ? s.getString() : "";
            String had = version.get("deprecated") instanceof JsonString s ? s.getString() : "";
            if (wanted.equals(had)) {
                continue;
            }
            JsonObjectBuilder v = Json.createObjectBuilder(version);
            if (wanted.isEmpty()) {
                v.remove("deprecated");
            } else {
                v.add("deprecated", wanted);
            }
            versions.add(e.getKey(), v);
            changed.put(e.getKey(), wanted);
        }
        if (changed.isEmpty()) {
            return new Deprecation(current, changed);
        }
        JsonObject updated = Json.createObjectBuilder(current)
                .add("versions", versions)
                .add("time", Json.createObjectBuilder(time(current)).add("modified", now.toString()))
                .build();
        return new Deprecation(updated, changed);
    }

    /** Points {@code tag} at {@code version}, which must be published. */
    public static JsonObject withDistTag(JsonObject current, String tag, String version, Instant now) {
        validTag(tag);
        if (SEMVER.matcher(tag).matches()) {
            throw new InvalidRequestException("a dist-tag may not be a version: '" + tag + "'");
        }
        if (!versions(current).containsKey(version)) {
            throw new NotFoundException(string(current, "name", "") + "@" + version + " is not published in this repository");
        }
        return withLatestFields(Json.createObjectBuilder(current)
                .add("dist-tags", Json.createObjectBuilder(distTags(current)).add(tag, version))
                .add("time", Json.createObjectBuilder(time(current)).add("modified", now.toString()))
                .build());
    }

    /** Removes {@code tag}; {@code latest} cannot be removed. */
    public static JsonObject withoutDistTag(JsonObject current, String tag, Instant now) {
        if (tag.equals("latest")) {
            throw new InvalidRequestException("the 'latest' dist-tag cannot be removed; point it at another version instead");
        }
        if (!distTags(current).containsKey(tag)) {
            throw new NotFoundException("'" + tag + "' is not a dist-tag of " + string(current, "name", ""));
        }
        JsonObjectBuilder tags = Json.createObjectBuilder(distTags(current));
        tags.remove(tag);
        return Json.createObjectBuilder(current)
                .add("dist-tags", tags)
                .add("time", Json.createObjectBuilder(time(current)).add("modified", now.toString()))
                .build();
    }

    // ---------------------------------------------------------------- revisions, unpublish

    /** The revision a stored packument carries ({@code _rev}), if it has one (packuments written before had none). */
    public static Optional<String> revision(JsonObject packument) {
        return Optional.ofNullable(string(packument, "_rev", null));
    }

    /**
     * {@code next} with a new {@code _rev}: one more than {@code previous}'s and a hash of the content, like CouchDB's
     * ({@code 3-5f0e…}), so npm's writes that name a revision ({@code /-rev/{rev}}) can be checked against it.
     */
    public static JsonObject revised(Optional<JsonObject> previous, JsonObject next) {
        int n = previous.flatMap(HostedPackument::revision).map(r -> r.split("-", 2)[0]).map(number -> {
            try {
                return Integer.parseInt(number);
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
        JsonObjectBuilder b = Json.createObjectBuilder(next);
        b.remove("_rev");
        JsonObject content = b.build();
        String hash = org.granary.storage.Digests.sha256Hex(content.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Json.createObjectBuilder(content).add("_rev", (n + 1) + "-" + hash.substring(0, 32)).build();
    }

    /**
     * Refuses (409) a write computed from another revision than the stored one: someone changed the package since the
     * client read it. A packument stored without a revision accepts any.
     */
    public static void requireRevision(JsonObject current, String rev) {
        Optional<String> stored = revision(current);
        if (stored.isPresent() && !stored.get().equals(rev)) {
            throw new ConflictException(string(current, "name", "the package") + " changed since it was read (revision "
                    + rev + ", now " + stored.get() + "); read it again and retry");
        }
    }

    /**
     * The versions a client's packument leaves out of the stored one (npm's {@code unpublish name@version} PUTs the
     * packument without them).
     *
     * @throws InvalidRequestException when it has a version the stored one lacks (a publish needs its tarball)
     */
    public static Set<String> removedVersions(JsonObject current, JsonObject sent) {
        if (!(sent.get("versions") instanceof JsonObject kept)) {
            return Set.of();
        }
        for (String v : kept.keySet()) {
            if (!versions(current).containsKey(v)) {
                throw new InvalidRequestException(string(current, "name", "") + "@" + v + " is not published in this "
                        + "repository; a new version must be published with its tarball");
            }
        }
        Set<String> removed = new java.util.LinkedHashSet<>(versions(current).keySet());
        removed.removeAll(kept.keySet());
        return removed;
    }

    /**
     * The packument without {@code removed}: their documents gone (their {@code time} entries stay, so the versions
     * cannot be published again), dist-tags pointing at them dropped, {@code latest} moved to the highest remaining
     * release (else the highest remaining version), top-level fields taken from it.
     *
     * @throws InvalidRequestException when nothing would be left (a package is unpublished as a whole instead)
     * @throws NotFoundException       when a version is not in the packument
     */
    public static JsonObject withoutVersions(JsonObject current, Set<String> removed, Instant now) {
        String name = string(current, "name", "");
        JsonObject versions = versions(current);
        for (String v : removed) {
            if (!versions.containsKey(v)) {
                throw new NotFoundException(name + "@" + v + " is not published in this repository");
            }
        }
        List<String> left = versions.keySet().stream().filter(v -> !removed.contains(v)).toList();
        if (left.isEmpty()) {
            throw new InvalidRequestException("unpublishing every version of " + name + " removes the package: use "
                    + "npm unpublish " + name + " --force");
        }
        JsonObjectBuilder kept = Json.createObjectBuilder();
        left.forEach(v -> kept.add(v, versions.get(v)));
        JsonObjectBuilder tags = Json.createObjectBuilder();
        distTags(current).forEach((tag, target) -> {
            if (!(target instanceof JsonString s && removed.contains(s.getString()))) {
                tags.add(tag, target);
            }
        });
        if (!(distTags(current).get("latest") instanceof JsonString latest) || removed.contains(latest.getString())) {
            VersionOrder order = VersionOrder.INSTANCE;
            tags.add("latest", left.stream().filter(v -> !order.isPrerelease(v)).max(order)
                    .orElseGet(() -> left.stream().max(order).orElseThrow()));
        }
        return withLatestFields(Json.createObjectBuilder(current)
                .add("versions", kept)
                .add("dist-tags", tags)
                .add("time", Json.createObjectBuilder(time(current)).add("modified", now.toString()))
                .build());
    }

    /** The package's owners: the names in its {@code maintainers} (none until someone adds one). */
    public static List<String> owners(JsonObject packument) {
        List<String> out = new ArrayList<>();
        if (packument.get("maintainers") instanceof jakarta.json.JsonArray a) {
            a.forEach(m -> {
                if (m instanceof JsonObject o && o.get("name") instanceof JsonString n) {
                    out.add(n.getString());
                }
            });
        }
        return List.copyOf(out);
    }

    /**
     * The owners a client's document asks for ({@code npm owner add|rm} PUTs {@code {_id, _rev, maintainers}}); empty
     * when it has no {@code maintainers}.
     *
     * @throws InvalidRequestException when {@code maintainers} is not a list of {@code {"name": …}}
     */
    public static Optional<List<String>> requestedOwners(JsonObject sent) {
        if (!sent.containsKey("maintainers")) {
            return Optional.empty();
        }
        if (!(sent.get("maintainers") instanceof jakarta.json.JsonArray a)) {
            throw new InvalidRequestException("'maintainers' must be a list of {\"name\": \"<user>\"}");
        }
        List<String> names = new ArrayList<>();
        for (JsonValue m : a) {
            if (!(m instanceof JsonObject o) || !(o.get("name") instanceof JsonString n) || n.getString().isBlank()) {
                throw new InvalidRequestException("'maintainers' must be a list of {\"name\": \"<user>\"}");
            }
            names.add(n.getString());
        }
        return Optional.of(List.copyOf(names));
    }

    /** The packument with {@code maintainers} as given (name to e-mail address, in order). */
    public static JsonObject withMaintainers(JsonObject current, Map<String, String> maintainers, Instant now) {
        jakarta.json.JsonArrayBuilder list = Json.createArrayBuilder();
        maintainers.forEach((name, email) -> list.add(Json.createObjectBuilder().add("name", name)
                .add("email", email == null ? "" : email)));
        return Json.createObjectBuilder(current)
                .add("maintainers", list)
                .add("time", Json.createObjectBuilder(time(current)).add("modified", now.toString()))
                .build();
    }

    /** Who published {@code version} ({@code _npmUser.name}), if the packument says. */
    public static Optional<String> publisher(JsonObject packument, String version) {
        return versions(packument).get(version) instanceof JsonObject v && v.get("_npmUser") instanceof JsonObject u
                ? Optional.ofNullable(string(u, "name", null)) : Optional.empty();
    }

    /** When {@code version} was published ({@code time}), if the packument says. */
    public static Optional<Instant> publishedAt(JsonObject packument, String version) {
        return Optional.ofNullable(org.granary.core.ReleaseListing.time(string(time(packument), version, null)));
    }

    /** Where {@code version}'s tarball is stored in the repository (its relative {@code dist.tarball}). */
    public static String tarballPath(JsonObject packument, String version) {
        String name = string(packument, "name", "");
        if (versions(packument).get(version) instanceof JsonObject v && v.get("dist") instanceof JsonObject d
                && d.get("tarball") instanceof JsonString t && !t.getString().contains("://")) {
            return t.getString();
        }
        return PackumentRewriter.tarballUrl("", name, version);
    }

    /**
     * The packument a group serves for packuments found in several members, in member order (hosted first):
     * every member's versions, the earlier member's on a conflict and first in order; dist-tags of earlier
     * members win; {@code time} merged (earliest {@code created}, latest {@code modified}); other top-level
     * fields from the first member.
     */
    public static JsonObject mergeGroup(List<JsonObject> packuments) {
        if (packuments.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        if (packuments.size() == 1) {
            return packuments.get(0);
        }
        Map<String, JsonValue> versions = new LinkedHashMap<>();
        Map<String, JsonValue> tags = new LinkedHashMap<>();
        Map<String, JsonValue> time = new LinkedHashMap<>();
        List<String> created = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        for (JsonObject p : packuments) {
            versions(p).forEach(versions::putIfAbsent);
            distTags(p).forEach(tags::putIfAbsent);
            JsonObject t = time(p);
            for (Map.Entry<String, JsonValue> e : t.entrySet()) {
                if (e.getKey().equals("created") && e.getValue() instanceof JsonString s) {
                    created.add(s.getString());
                } else if (e.getKey().equals("modified") && e.getValue() instanceof JsonString s) {
                    modified.add(s.getString());
                } else if (!e.getKey().equals("created") && !e.getKey().equals("modified")) {
                    time.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        JsonObjectBuilder t = Json.createObjectBuilder();
        created.stream().min(HostedPackument::compareTimes).ifPresent(c -> t.add("created", c));
        modified.stream().max(HostedPackument::compareTimes).ifPresent(m -> t.add("modified", m));
        time.forEach(t::add);
        JsonObjectBuilder v = Json.createObjectBuilder();
        versions.forEach(v::add);
        JsonObjectBuilder d = Json.createObjectBuilder();
        tags.forEach(d::add);
        return Json.createObjectBuilder(packuments.get(0))
                .add("dist-tags", d)
                .add("versions", v)
                .add("time", t)
                .build();
    }

    private static int compareTimes(String a, String b) {
        try {
            return Instant.parse(a).compareTo(Instant.parse(b));
        } catch (java.time.DateTimeException e) {
            return a.compareTo(b);
        }
    }

    private static JsonObject withLatestFields(JsonObject packument) {
        String latest = string(distTags(packument), "latest", null);
        if (latest == null || !(versions(packument).get(latest) instanceof JsonObject manifest)) {
            return packument;
        }
        JsonObjectBuilder b = Json.createObjectBuilder(packument);
        for (String field : FROM_LATEST) {
            if (manifest.containsKey(field)) {
                b.add(field, manifest.get(field));
            } else {
                b.remove(field);
            }
        }
        return b.build();
    }

    static String validTag(String tag) {
        if (tag.isEmpty() || !NpmPath.VERSION.matcher(tag).matches()) {
            throw new InvalidRequestException("'" + tag + "' is not a valid dist-tag");
        }
        return tag;
    }

    private static void requireSameName(String name, JsonObject body, String field) {
        String given = string(body, field, name);
        if (!name.equals(given)) {
            throw new InvalidRequestException("the document's " + field + " '" + given + "' does not match the package '"
                    + name + "' in the URL");
        }
    }

    static JsonObject versions(JsonObject packument) {
        return packument.get("versions") instanceof JsonObject v ? v : JsonValue.EMPTY_JSON_OBJECT;
    }

    static JsonObject distTags(JsonObject packument) {
        return packument.get("dist-tags") instanceof JsonObject v ? v : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static JsonObject time(JsonObject packument) {
        return packument.get("time") instanceof JsonObject v ? v : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static String string(JsonObject o, String key, String fallback) {
        return o.get(key) instanceof JsonString s ? s.getString() : fallback;
    }
}
