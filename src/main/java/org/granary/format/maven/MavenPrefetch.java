package org.granary.format.maven;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;
import org.granary.core.RepositoryInfo;

/**
 * Maven's part in prefetching: a POM or a coordinate list, {@code maven-metadata.xml} versions, and a release's
 * {@code .pom} with its packaging file ({@code .jar} unless the packaging is {@code pom}), each verified against the
 * upstream's checksum files. Snapshots change and are not prefetched.
 */
@ApplicationScoped
public class MavenPrefetch implements PrefetchFormat {

    @Inject
    MavenAdapter adapter;

    @Override
    public Format format() {
        return Format.MAVEN;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("maven");
    }

    @Override
    public List<Wanted> parse(String kind, byte[] file) {
        return MavenList.parse(file);
    }

    @Override
    public List<String> versions(RepositoryInfo repo, Identity as, String name) {
        String[] ga = ga(name);
        return adapter.versions(repo, as, ga[0], ga[1]);
    }

    @Override
    public List<Target> resolve(RepositoryInfo repo, Identity as, Wanted w) {
        String[] ga = ga(w.name());
        if (w.version().endsWith("-SNAPSHOT")) {
            throw new InvalidRequestException(w.display() + " is a snapshot: snapshots change, so they are not prefetched");
        }
        Set<String> files = new LinkedHashSet<>();
        files.add("pom");
        if (w.files().isEmpty()) {
            files.add("jar");
        }
        w.files().forEach(f -> files.add(f.name()));
        List<Target> out = new ArrayList<>();
        for (String file : files) {
            String[] tc = file.split(":", 2);
            String extension = "bundle".equals(tc[0]) || "maven-plugin".equals(tc[0]) || "test-jar".equals(tc[0])
                    ? "jar" : tc[0];
            String classifier = tc.length > 1 ? tc[1] : "test-jar".equals(tc[0]) ? "tests" : null;
            String name = ga[1] + "-" + w.version() + (classifier == null ? "" : "-" + classifier) + "." + extension;
            String path = ga[0].replace('.', '/') + "/" + ga[1] + "/" + w.version() + "/" + name;
            MavenPath.ArtifactFile f = new MavenPath.ArtifactFile(path, ga[0], ga[1], w.version(), w.version(), classifier,
                    extension);
            out.add(new Target(f.display(), path, adapter.fileSource(as, f), Optional.empty(), adapter.release(f)));
        }
        return out;
    }

    private static String[] ga(String name) {
        String[] ga = name.split(":");
        if (ga.length != 2 || ga[0].isEmpty() || ga[1].isEmpty()) {
            throw new InvalidRequestException("'" + name + "' is not group:artifact");
        }
        return ga;
    }
}
