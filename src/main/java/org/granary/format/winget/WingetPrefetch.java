package org.granary.format.winget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.granary.core.ExpectedDigest;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;
import org.granary.core.RepositoryInfo;

/**
 * WinGet's part in prefetching: allow-list rules only (WinGet has no lockfile). A rule's pattern is matched, ignoring
 * case as winget does, against the upstream's packages ({@code manifestSearch} StartsWith the text before the first
 * {@code *}, as the mirror searches); a package's versions and installers come from its manifests, read through the
 * proxy's metadata cache, and each installer is fetched through the proxy's artifact cache, verified against its
 * {@code InstallerSha256}.
 */
@ApplicationScoped
public class WingetPrefetch implements PrefetchFormat {

    @Inject
    WingetAdapter adapter;

    @Override
    public Format format() {
        return Format.WINGET;
    }

    @Override
    public Set<String> kinds() {
        return Set.of();
    }

    @Override
    public List<Wanted> parse(String kind, byte[] file) {
        throw new InvalidRequestException("WinGet repositories read no lockfile; keep packages cached with allow-list rules");
    }

    @Override
    public List<String> versions(RepositoryInfo repo, Identity as, String name) {
        return WingetDocuments.versionNumbers(served(repo, as, name));
    }

    @Override
    public List<String> matching(RepositoryInfo repo, Identity as, String pattern) {
        MirrorRules.Entry rule = new MirrorRules.Entry(pattern, null);
        return adapter.identifiers(repo, as, rule.prefix(), rule::matches, WingetMirror.MAX_MATCHES);
    }

    @Override
    public List<Target> resolve(RepositoryInfo repo, Identity as, Wanted w) {
        Optional<JsonObject> version = WingetDocuments.version(served(repo, as, w.name()), w.version());
        List<Target> out = new ArrayList<>();
        if (version.isEmpty()) {
            return out; // reported: the repository lists no file of it
        }
        for (JsonValue i : ManifestJson.array(version.get(), "Installers")) {
            WingetAdapter.repositoryFile(i.asJsonObject()).ifPresent(file -> out.add(new Target(
                    w.display() + " " + file.fileName(), file.artifactPath(), adapter.installerSource(as, file),
                    Optional.of(new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, file.sha256())))));
        }
        return out;
    }

    /** The package's manifests as the proxy serves them (installer URLs pointing at the proxy). */
    private JsonObject served(RepositoryInfo repo, Identity as, String id) {
        return WingetAdapter.copy(adapter.manifests(repo, as, id)).served();
    }
}
