package org.granary.format.cargo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.granary.core.ArtifactSource;
import org.granary.core.HostedStore;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.core.PackageOwners;
import org.granary.core.PayloadTooLargeException;
import org.granary.core.RepositoryInfo;
import org.granary.security.UserService;

/**
 * Cargo's web API on a hosted repository (or a group, which hands writes to its first hosted member):
 * {@code cargo publish} stores the {@code .crate} and appends its line to the crate's index file in one
 * {@link HostedStore} write; {@code cargo yank} (and {@code --undo}) flips {@code yanked} in that line.
 */
@ApplicationScoped
public class CargoPublishing {

    static final String INDEX_TYPE = "text/plain; charset=utf-8";

    @Inject
    java.time.Clock clock;
    @Inject
    HostedStore store;
    @Inject
    Identity who;
    @Inject
    UserService users;

    /** The most bytes of an owners request. */
    private static final int MAX_OWNERS_BODY = 64 * 1024;

    /** Whether {@code repo} takes publishes: it is hosted, or a group with a hosted member. */
    public boolean publishable(RepositoryInfo repo) {
        return store.isWritable(repo);
    }

    /**
     * Publishes the crate in a {@code cargo publish} body.
     *
     * @return the success body Cargo expects (no warnings)
     */
    public JsonObject publish(RepositoryInfo repo, InputStream body) {
        try (HostedStore.Write write = store.begin(repo, who, "publish", "crate")) {
            RepositoryInfo hosted = write.repository();
            CratePublish.Header header;
            try {
                header = CratePublish.readHeader(body);
            } catch (org.granary.core.GranaryException e) {
                throw write.refused(e);
            }
            CratePublish.Metadata m = header.metadata();
            write.describe("publish", m.display());
            if (header.crateLength() > hosted.maxUploadBytes()) {
                throw write.refused(new PayloadTooLargeException(m.display() + " is " + header.crateLength()
                        + " bytes; repository '" + hosted.name() + "' accepts at most " + hosted.maxUploadBytes()
                        + "; nothing was stored"));
            }
            String indexDocument = indexDocument(m.name());
            // Refuse a known version before reading the .crate; the index edit checks again on commit.
            try {
                CrateIndex.requirePublishable(store.readDocument(hosted, indexDocument), m);
            } catch (org.granary.core.GranaryException e) {
                throw write.refused(e);
            }
            String infoPath = CrateInfo.path(m.name());
            String user = write.user();
            requireOwner(write, CrateInfo.read(store.readDocument(hosted, infoPath)), m.name(), "publish");
            String path = new CargoPath.Download(m.name(), m.version()).artifactPath();
            write.requireAbsent(path, "crate version " + m.display());
            HostedStore.Spooled crate = write.spool(path, CratePublish.crateBytes(body, header.crateLength()),
                    new HostedStore.Upload(new ArtifactSource.Coordinates(m.name(), "cargo", m.name(), m.version(), null),
                            CargoAdapter.CRATE_TYPE, Optional.empty(), false));
            String sha256 = crate.digests().sha256();
            String line = CrateIndex.line(m, sha256, clock.instant());
            write.updateDocument(indexDocument, INDEX_TYPE, current -> CrateIndex.append(current, m, line));
            write.updateDocument(infoPath, CrateInfo.TYPE, current -> {
                CrateInfo info = CrateInfo.read(current);
                PackageOwners.requireOwner(who, user, m.name(), info.owners(), "publish");
                return info.withDescription(m.description()).bytes();
            });
            write.commit("sha256 " + sha256);
        }
        return Json.createObjectBuilder().add("warnings", Json.createObjectBuilder()
                .add("invalid_categories", JsonValue.EMPTY_JSON_ARRAY)
                .add("invalid_badges", JsonValue.EMPTY_JSON_ARRAY)
                .add("other", JsonValue.EMPTY_JSON_ARRAY)).build();
    }

    /** {@code cargo yank} ({@code yanked} true) and {@code cargo yank --undo} (false). */
    public JsonObject yank(RepositoryInfo repo, CargoPath.Yank yank) {
        String action = yank.yanked() ? "yank" : "unyank";
        try (HostedStore.Write write = store.begin(repo, who, action, yank.name() + "@" + yank.version())) {
            String hosted = write.repository().name();
            requireOwner(write, CrateInfo.read(store.readDocument(write.repository(), CrateInfo.path(yank.name()))),
                    yank.name(), action);
            write.updateDocument(indexDocument(yank.name()), INDEX_TYPE, current -> CrateIndex.withYanked(
                    current.orElseThrow(() -> new NotFoundException("crate " + yank.name()
                            + " is not published in repository '" + hosted + "'")), yank.name(), yank.version(),
                    yank.yanked()));
            write.commit((String) null);
        }
        return Json.createObjectBuilder().add("ok", true).build();
    }

    // ------------------------------------------------------------------ owners

    /**
     * {@code cargo owner --list} ({@code GET /api/v1/crates/{crate}/owners}): the owners of a crate published in the
     * repository's hosted repository (none until someone adds one).
     */
    public JsonObject owners(RepositoryInfo repo, String crate) {
        if (!store.isWritable(repo)) {
            throw new NotFoundException("repository '" + repo.name() + "' has no hosted crates; owners are kept by "
                    + "hosted repositories");
        }
        RepositoryInfo hosted = store.publishTarget(repo);
        requirePublished(hosted, crate);
        List<String> owners = CrateInfo.read(store.readDocument(hosted, CrateInfo.path(crate))).owners();
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (int i = 0; i < owners.size(); i++) {
            JsonObjectBuilder u = Json.createObjectBuilder().add("id", i + 1).add("login", owners.get(i));
            users.find(owners.get(i)).map(a -> a.getEmail()).filter(e -> e != null && !e.isBlank())
                    .ifPresent(e -> u.add("email", e));
            list.add(u);
        }
        return Json.createObjectBuilder().add("users", list).build();
    }

    /** {@code cargo owner --add} ({@code PUT}) and {@code --remove} ({@code DELETE}) with {@code {"users": [...]}}. */
    public JsonObject changeOwners(RepositoryInfo repo, String crate, InputStream body, boolean add) {
        try (HostedStore.Write write = store.begin(repo, who, "owner", crate)) {
            RepositoryInfo hosted = write.repository();
            List<String> named;
            CrateInfo current;
            try {
                named = requestedUsers(body);
                requirePublished(hosted, crate);
                current = CrateInfo.read(store.readDocument(hosted, CrateInfo.path(crate)));
            } catch (org.granary.core.GranaryException e) {
                throw write.refused(e);
            }
            requireOwner(write, current, crate, "change the owners of");
            List<String> next = new ArrayList<>(current.owners());
            if (add) {
                named.stream().filter(u -> !next.contains(u)).forEach(next::add);
            } else {
                List<String> unknown = named.stream().filter(u -> !next.contains(u)).toList();
                if (!unknown.isEmpty()) {
                    throw write.refused(new InvalidRequestException(String.join(", ", unknown) + " "
                            + (unknown.size() == 1 ? "is not an owner" : "are not owners") + " of crate " + crate));
                }
                next.removeAll(named);
            }
            List<String> owners;
            try {
                owners = PackageOwners.requireValid(crate, next, u -> users.find(u).isPresent());
            } catch (org.granary.core.GranaryException e) {
                throw write.refused(e);
            }
            String user = write.user();
            write.updateDocument(CrateInfo.path(crate), CrateInfo.TYPE, bytes -> {
                CrateInfo now = CrateInfo.read(bytes);
                PackageOwners.requireOwner(who, user, crate, now.owners(), "change the owners of");
                return now.withOwners(owners).bytes();
            });
            write.commit((add ? "added " : "removed ") + String.join(", ", named) + "; owners " + String.join(", ", owners));
            String msg = (named.size() == 1 ? "user " : "users ") + String.join(", ", named)
                    + (add ? (named.size() == 1 ? " has" : " have") + " been added as " + (named.size() == 1 ? "an owner"
                    : "owners") + " of crate " + crate : " removed from the owners of crate " + crate);
            return Json.createObjectBuilder().add("ok", true).add("msg", msg).build();
        }
    }

    private void requireOwner(HostedStore.Write write, CrateInfo info, String crate, String action) {
        try {
            PackageOwners.requireOwner(who, write.user(), crate, info.owners(), action);
        } catch (org.granary.core.GranaryException e) {
            throw write.refused(e);
        }
    }

    private void requirePublished(RepositoryInfo hosted, String crate) {
        if (store.readDocument(hosted, indexDocument(crate)).isEmpty()) {
            throw new NotFoundException("crate " + crate + " is not published in repository '" + hosted.name() + "'");
        }
    }

    /** The {@code users} of an owners request: {@code {"users": ["alice", ...]}}, at least one. */
    static List<String> requestedUsers(InputStream body) {
        JsonValue value;
        try {
            byte[] bytes = body.readNBytes(MAX_OWNERS_BODY + 1);
            if (bytes.length > MAX_OWNERS_BODY) {
                throw new PayloadTooLargeException("the owners request is larger than " + MAX_OWNERS_BODY + " bytes");
            }
            try (JsonReader r = Json.createReader(new java.io.ByteArrayInputStream(bytes))) {
                value = r.readValue();
            }
        } catch (JsonException e) {
            throw new InvalidRequestException("the owners request is not valid JSON: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!(value instanceof JsonObject o) || !(o.get("users") instanceof JsonArray list) || list.isEmpty()) {
            throw new InvalidRequestException("the owners request must be {\"users\": [\"<user>\", ...]} with at least one user");
        }
        List<String> names = new ArrayList<>();
        for (JsonValue v : list) {
            if (!(v instanceof JsonString s) || s.getString().isBlank()) {
                throw new InvalidRequestException("every entry of \"users\" must be a user name");
            }
            names.add(s.getString());
        }
        return List.copyOf(new java.util.LinkedHashSet<>(names));
    }

    /** Where a hosted repository keeps a crate's index file (the path its reads use). */
    static String indexDocument(String crate) {
        return CargoAdapter.INDEX_DOCUMENT_PREFIX + CargoPath.indexPath(crate);
    }
}
