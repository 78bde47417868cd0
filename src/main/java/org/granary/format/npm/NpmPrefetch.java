package org.granary.format.npm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.PrefetchFormat;
import org.granary.core.RepositoryInfo;

/** npm's part in prefetching: {@code package-lock.json} / {@code npm-shrinkwrap.json}, packument versions, tarballs. */
@ApplicationScoped
public class NpmPrefetch implements PrefetchFormat {

    @Inject
    NpmAdapter adapter;

    @Override
    public Format format() {
        return Format.NPM;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("package-lock");
    }

    @Override
    public List<Wanted> parse(String kind, byte[] file) {
        return Lockfile.parse(file);
    }

    @Override
    public List<String> versions(RepositoryInfo repo, Identity as, String name) {
        return adapter.versions(repo, as, name);
    }

    @Override
    public List<Target> resolve(RepositoryInfo repo, Identity as, Wanted w) {
        String base = w.name().contains("/") ? w.name().substring(w.name().indexOf('/') + 1) : w.name();
        String file = base + "-" + w.version() + ".tgz";
        NpmPath.Tarball t = new NpmPath.Tarball(w.name(), w.version(), file);
        return List.of(new Target(w.display(), t.artifactPath(), adapter.tarballSource(as, t),
                w.files().stream().findFirst().flatMap(LockedFile::hash), adapter.release(t)));
    }
}
