package org.granary.core;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.granary.config.Setting;

/**
 * What a format adds to {@link HostedDeletes}: how a delete of one version changes the format's documents. The
 * version's files are found and removed by core (every artifact recorded for the version); the format only names
 * the package and version as its files were recorded and supplies the pure document edits. Implementations are CDI
 * beans in the format's package.
 */
public interface VersionDeletion {

    /** The format this deletion is for. */
    Format format();

    /** How long a publisher may delete their own version; administrators may at any time. */
    default Setting window() {
        return Setting.HOSTED_DELETE_WINDOW;
    }

    /**
     * The plan of deleting {@code version} of {@code packageName} (as the client spelled them) from {@code hosted}.
     *
     * @param documents reads a document of {@code hosted} as it is now (empty when there is none)
     * @param who       the caller, for a format's own rules (e.g. a package's owners)
     * @param user      the caller's name
     * @throws NotFoundException       when the version is not published there
     * @throws InvalidRequestException when the name or version cannot be one of the format
     */
    Plan plan(RepositoryInfo hosted, Identity who, String user, String packageName, String version,
              Function<String, Optional<byte[]>> documents);

    /**
     * @param packageName the package name as its files are recorded (e.g. normalised)
     * @param version     the version as its files are recorded
     * @param changes     the documents to edit or remove, applied in the delete's one transaction
     */
    record Plan(String packageName, String version, List<DocumentChange> changes) {
        public Plan {
            changes = List.copyOf(changes);
        }
    }

    /**
     * A document the delete changes: edited from its bytes at commit time, or, when {@code edit} is {@code null},
     * removed.
     */
    record DocumentChange(String path, String contentType, HostedStore.DocumentEdit edit) {

        public static DocumentChange edit(String path, String contentType, HostedStore.DocumentEdit edit) {
            return new DocumentChange(path, contentType, edit);
        }

        public static DocumentChange remove(String path) {
            return new DocumentChange(path, null, null);
        }

        public boolean removes() {
            return edit == null;
        }
    }
}
