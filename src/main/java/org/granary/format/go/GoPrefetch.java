package org.granary.format.go;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;
import org.granary.core.RepositoryInfo;

/** Go's part in prefetching: {@code go.sum}, {@code @v/list}, and a release's {@code .info}, {@code .mod} and {@code .zip}. */
@ApplicationScoped
public class GoPrefetch implements PrefetchFormat {

    @Inject
    GoAdapter adapter;

    @Override
    public Format format() {
        return Format.GO;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("go-sum");
    }

    @Override
    public List<Wanted> parse(String kind, byte[] file) {
        return GoSum.parse(file);
    }

    @Override
    public List<String> versions(RepositoryInfo repo, Identity as, String name) {
        return adapter.versions(repo, as, module(name));
    }

    @Override
    public List<Target> resolve(RepositoryInfo repo, Identity as, Wanted w) {
        ModulePath module = module(w.name());
        ModuleVersion version;
        try {
            version = ModuleVersion.of(w.version());
        } catch (RuntimeException e) {
            throw new InvalidRequestException("'" + w.version() + "' is not a module version: " + e.getMessage());
        }
        boolean modOnly = w.files().stream().anyMatch(f -> GoSum.MOD_ONLY.equals(f.name()));
        List<GoPath.Kind> kinds = modOnly ? List.of(GoPath.Kind.MOD)
                : List.of(GoPath.Kind.INFO, GoPath.Kind.MOD, GoPath.Kind.ZIP);
        List<Target> out = new ArrayList<>();
        for (GoPath.Kind kind : kinds) {
            GoPath.VersionFile file = new GoPath.VersionFile(module, version, kind);
            out.add(new Target(w.display() + kind.suffix, file.path(), adapter.fileSource(as, file), Optional.empty(),
                    kind == GoPath.Kind.ZIP ? adapter.release(file) : null)); // as GoAdapter#file guards them
        }
        return out;
    }

    private static ModulePath module(String path) {
        try {
            return ModulePath.of(path);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("'" + path + "' is not a module path: " + e.getMessage());
        }
    }
}
