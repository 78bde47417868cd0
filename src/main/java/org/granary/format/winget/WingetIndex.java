package org.granary.format.winget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.core.RepositoryInfo;
import org.granary.persistence.WingetIndexDao;
import org.granary.persistence.WingetIndexVersion;

/**
 * The search index of hosted WinGet repositories: searched instead of reading every manifest, and brought up to date
 * from a package's document right after each write committed it (the document is the truth; a failed index update
 * is logged and the next write of the package, or {@link #rebuild}, repairs it).
 */
@ApplicationScoped
public class WingetIndex {

    private static final Logger LOG = Logger.getLogger(WingetIndex.class.getName());

    @Inject
    WingetIndexDao dao;

    /** One page of a hosted repository's packages matching {@code request}. */
    public SearchPage search(RepositoryInfo hosted, SearchRequest request, String continuationToken, int pageSize) {
        return IndexQuery.search(request, continuationToken, pageSize,
                (c, every, afterSort, afterId, limit) -> dao.findPackages(hosted.id(), c.anyOf(), c.allOf(), every,
                        afterSort, afterId, limit),
                ids -> dao.rows(hosted.id(), ids));
    }

    /** Indexes what a package's document now holds (every version; none once it is deleted). */
    public void update(RepositoryInfo hosted, String packageIdentifier, JsonObject data) {
        try {
            dao.replacePackage(hosted.id(), packageIdentifier, keys(hosted, data));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not index " + hosted.name() + "/" + packageIdentifier
                    + "; it is found again after its next write", e);
        }
    }

    /** Rebuilds a package's rows from its document. */
    public void rebuild(RepositoryInfo hosted, String packageIdentifier, JsonObject data) {
        dao.replacePackage(hosted.id(), packageIdentifier, keys(hosted, data));
    }

    static List<WingetIndexVersion> keys(RepositoryInfo hosted, JsonObject data) {
        List<WingetIndexVersion> versions = new ArrayList<>();
        String id = WingetDocuments.packageIdentifier(data);
        for (JsonObject v : WingetDocuments.versions(data)) {
            WingetManifest m = ManifestJson.readVersion(id, null, v);
            versions.add(IndexQuery.keysOf(hosted.id(), m));
        }
        return versions;
    }
}
