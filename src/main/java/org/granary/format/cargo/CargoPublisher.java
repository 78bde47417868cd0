package org.granary.format.cargo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.util.Optional;
import org.granary.core.ArtifactSource;
import org.granary.core.HostedStore;
import org.granary.core.NotFoundException;
import org.granary.core.PayloadTooLargeException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.persistence.ArtifactEntry;
import org.granary.security.RepositoryAccess;

/**
 * Cargo's web API on a hosted repository (or a group, which hands writes to its first hosted member):
 * {@code cargo publish} stores the {@code .crate} through {@link HostedStore} and appends its line to the
 * crate's index file; {@code cargo yank} (and {@code --undo}) flips {@code yanked} in that line.
 */
@ApplicationScoped
public class CargoPublisher {

    static final String INDEX_TYPE = "text/plain; charset=utf-8";

    @Inject
    HostedStore store;
    @Inject
    RepositoryRegistry registry;
    @Inject
    RepositoryAccess access;

    /** Whether {@code repo} takes publishes: it is hosted, or a group with a hosted member. */
    public boolean publishable(RepositoryInfo repo) {
        return registry.members(repo).stream().anyMatch(RepositoryInfo::isHosted);
    }

    /**
     * Publishes the crate in a {@code cargo publish} body.
     *
     * @return the success body Cargo expects (no warnings)
     */
    public JsonObject publish(RepositoryInfo repo, InputStream body) {
        RepositoryInfo hosted = target(repo);
        String user = access.requirePublish(hosted, "publish", hosted.name());
        CratePublish.Header header = CratePublish.readHeader(body);
        CratePublish.Metadata m = header.metadata();
        String target = hosted.name() + "/" + m.display();
        if (header.crateLength() > hosted.maxUploadBytes()) {
            throw new PayloadTooLargeException(m.display() + " is " + header.crateLength() + " bytes; repository '"
                    + hosted.name() + "' accepts at most " + hosted.maxUploadBytes() + "; nothing was stored");
        }
        String indexDocument = indexDocument(m.name());
        // Refuse a known version before reading the .crate; the index update re-checks under its lock.
        CrateIndex.requirePublishable(store.readDocument(hosted, indexDocument), m);
        String path = new CargoPath.Download(m.name(), m.version()).artifactPath();
        store.requireAbsent(hosted, path, "crate version " + m.display());
        ArtifactEntry stored = store.publish(hosted, path, CratePublish.crateBytes(body, header.crateLength()),
                new HostedStore.Upload(new ArtifactSource.Coordinates(m.name(), "cargo", m.name(), m.version(), null),
                        CargoAdapter.CRATE_TYPE, Optional.empty(), false, user));
        String line = CrateIndex.line(m, stored.getSha256());
        try {
            store.updateDocument(hosted, indexDocument, INDEX_TYPE, current -> CrateIndex.append(current, m, line));
        } catch (RuntimeException e) {
            store.delete(hosted, path); // a .crate no index line lists would block the next attempt
            throw e;
        }
        access.audited("publish", target, "sha256 " + stored.getSha256());
        return Json.createObjectBuilder().add("warnings", Json.createObjectBuilder()
                .add("invalid_categories", JsonValue.EMPTY_JSON_ARRAY)
                .add("invalid_badges", JsonValue.EMPTY_JSON_ARRAY)
                .add("other", JsonValue.EMPTY_JSON_ARRAY)).build();
    }

    /** {@code cargo yank} ({@code yanked} true) and {@code cargo yank --undo} (false). */
    public JsonObject yank(RepositoryInfo repo, CargoPath.Yank yank) {
        RepositoryInfo hosted = target(repo);
        String action = yank.yanked() ? "yank" : "unyank";
        String target = hosted.name() + "/" + yank.name() + "@" + yank.version();
        access.requirePublish(hosted, action, target);
        store.updateDocument(hosted, indexDocument(yank.name()), INDEX_TYPE, current -> CrateIndex.withYanked(
                current.orElseThrow(() -> new NotFoundException("crate " + yank.name() + " is not published in repository '"
                        + hosted.name() + "'")), yank.name(), yank.version(), yank.yanked()));
        access.audited(action, target, null);
        return Json.createObjectBuilder().add("ok", true).build();
    }

    /** The hosted repository that takes writes for {@code repo}: itself, or a group's first hosted member. */
    private RepositoryInfo target(RepositoryInfo repo) {
        return registry.publishTarget(repo);
    }

    /** Where a hosted repository keeps a crate's index file (the path its reads use). */
    static String indexDocument(String crate) {
        return CargoAdapter.INDEX_DOCUMENT_PREFIX + CargoPath.indexPath(crate);
    }
}
