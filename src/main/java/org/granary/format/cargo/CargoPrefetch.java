package org.granary.format.cargo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.PrefetchFormat;
import org.granary.core.RepositoryInfo;

/** Cargo's part in prefetching: {@code Cargo.lock}, index versions, {@code .crate} files. */
@ApplicationScoped
public class CargoPrefetch implements PrefetchFormat {

    @Inject
    CargoAdapter adapter;

    @Override
    public Format format() {
        return Format.CARGO;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("cargo-lock");
    }

    @Override
    public List<Wanted> parse(String kind, byte[] file) {
        return CargoLock.parse(file);
    }

    @Override
    public List<String> versions(RepositoryInfo repo, Identity as, String name) {
        return adapter.versions(repo, as, name);
    }

    @Override
    public List<Target> resolve(RepositoryInfo repo, Identity as, Wanted w) {
        CargoPath.Download d = new CargoPath.Download(w.name(), w.version());
        return List.of(new Target(w.display(), d.artifactPath(), adapter.crateSource(as, d),
                w.files().stream().findFirst().flatMap(LockedFile::hash), adapter.release(d)));
    }
}
