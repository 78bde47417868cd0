package org.granary.format.npm;

import jakarta.json.Json;
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
import org.granary.core.ForbiddenException;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;

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

    /** Refuses to publish over a version the packument has (npm's wording, 403). */
    public static void requireNewVersion(Optional<JsonObject> packument, String version) {
        if (packument.isPresent() && versions(packument.get()).containsKey(version)) {
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
