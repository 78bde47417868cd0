package org.granary.format.pypi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.granary.core.ExpectedDigest;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.PrefetchFormat;
import org.granary.core.RepositoryInfo;

/**
 * PyPI's part in prefetching: {@code requirements.txt}, {@code poetry.lock}, {@code uv.lock}; a version's files
 * from the project page: those the lockfile names (by file name or by hash), or without either every file of the
 * version (a rule, or a requirement without hashes); with each wheel its core metadata (PEP 658), which pip reads
 * before the wheel.
 */
@ApplicationScoped
public class PypiPrefetch implements PrefetchFormat {

    @Inject
    PypiAdapter adapter;

    @Override
    public Format format() {
        return Format.PYPI;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("requirements", "poetry-lock", "uv-lock");
    }

    @Override
    public List<Wanted> parse(String kind, byte[] file) {
        return switch (kind) {
            case "poetry-lock" -> Requirements.poetry(file);
            case "uv-lock" -> Requirements.uv(file);
            default -> Requirements.requirements(file);
        };
    }

    @Override
    public List<String> versions(RepositoryInfo repo, Identity as, String name) {
        String project = ProjectName.normalise(name);
        Set<String> versions = new LinkedHashSet<>();
        for (SimplePage.Distribution d : adapter.memberPage(repo, as, project).files()) {
            String v = DistributionFilename.version(project, d.filename());
            if (v != null && !d.isYanked()) {
                versions.add(v);
            }
        }
        return List.copyOf(versions);
    }

    @Override
    public List<Target> resolve(RepositoryInfo repo, Identity as, Wanted w) {
        List<Target> out = new ArrayList<>();
        for (SimplePage.Distribution d : adapter.memberPage(repo, as, w.name()).files()) {
            if (!w.version().equals(DistributionFilename.version(w.name(), d.filename()))) {
                continue;
            }
            Optional<ExpectedDigest> locked = Optional.empty();
            if (!w.files().isEmpty()) {
                Optional<LockedFile> named = w.files().stream().filter(f -> d.filename().equals(f.name())).findFirst();
                Optional<LockedFile> byHash = w.files().stream().filter(f -> f.name() == null && f.hash().isPresent()
                        && f.hash().get().hex().equals(d.hashes().get(f.hash().get().algorithm().name()
                        .toLowerCase(java.util.Locale.ROOT)))).findFirst();
                if (named.isEmpty() && byHash.isEmpty()) {
                    continue; // a file the lockfile does not lock
                }
                locked = named.or(() -> byHash).flatMap(LockedFile::hash);
            }
            PypiPath.File file = new PypiPath.File(w.name(), d.filename());
            out.add(new Target(w.display() + " " + d.filename(), file.artifactPath(), adapter.fileSource(as, file), locked,
                    PypiAdapter.release(file.project(), file.filename())));
            if (d.hasCoreMetadata()) { // pip reads it first (PEP 658)
                PypiPath.CoreMetadata m = new PypiPath.CoreMetadata(w.name(), d.filename());
                out.add(new Target(w.display() + " " + d.filename() + ".metadata", m.artifactPath(),
                        adapter.coreMetadataSource(as, m), Optional.empty(),
                        PypiAdapter.release(m.project(), m.filename())));
            }
        }
        return out;
    }
}
