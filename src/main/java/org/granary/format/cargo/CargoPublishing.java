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
import org.granary.core.Identity;
import org.granary.core.NotFoundException;
import org.granary.core.PayloadTooLargeException;
import org.granary.core.RepositoryInfo;

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
            String path = new CargoPath.Download(m.name(), m.version()).artifactPath();
            write.requireAbsent(path, "crate version " + m.display());
            HostedStore.Spooled crate = write.spool(path, CratePublish.crateBytes(body, header.crateLength()),
                    new HostedStore.Upload(new ArtifactSource.Coordinates(m.name(), "cargo", m.name(), m.version(), null),
                            CargoAdapter.CRATE_TYPE, Optional.empty(), false));
            String sha256 = crate.digests().sha256();
            String line = CrateIndex.line(m, sha256, clock.instant());
            write.updateDocument(indexDocument, INDEX_TYPE, current -> CrateIndex.append(current, m, line));
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
            write.updateDocument(indexDocument(yank.name()), INDEX_TYPE, current -> CrateIndex.withYanked(
                    current.orElseThrow(() -> new NotFoundException("crate " + yank.name()
                            + " is not published in repository '" + hosted + "'")), yank.name(), yank.version(),
                    yank.yanked()));
            write.commit((String) null);
        }
        return Json.createObjectBuilder().add("ok", true).build();
    }

    /** Where a hosted repository keeps a crate's index file (the path its reads use). */
    static String indexDocument(String crate) {
        return CargoAdapter.INDEX_DOCUMENT_PREFIX + CargoPath.indexPath(crate);
    }
}
