package org.granary.core;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a format supplies for prefetching into its proxy repositories: which lockfiles it reads (a pure parse), which
 * versions of a package its upstream has (for allow-list rules), and which artifacts a package version is, each with
 * the adapter's own source function, so that {@link Prefetch} fetches them through the normal verified path.
 */
public interface PrefetchFormat {

    Format format();

    /**
     * The lockfile kinds it reads ({@code ?kind=} of the prefetch API), e.g. {@code package-lock}; none for a format
     * whose repositories are filled by allow-list rules only.
     */
    Set<String> kinds();

    /**
     * The package versions a lockfile lists (pure: no upstream read).
     *
     * @throws InvalidRequestException when the file is not of that kind, with a message a person understands
     */
    List<Wanted> parse(String kind, byte[] file);

    /** The versions the repository's upstream lists for {@code name} (read through the metadata cache). */
    List<String> versions(RepositoryInfo repo, Identity as, String name);

    /** The artifacts of a wanted package version: each path in the repository with where it comes from. */
    List<Target> resolve(RepositoryInfo repo, Identity as, Wanted wanted);

    /**
     * The packages the upstream itself lists whose names an allow-list {@code pattern} (with {@code *}) matches, by the
     * format's own rule, for an upstream that can be searched (WinGet's {@code manifestSearch}); empty by default. The
     * packages the repository has cached are matched by {@link Prefetch} as well, whatever this answers.
     */
    default List<String> matching(RepositoryInfo repo, Identity as, String pattern) {
        return List.of();
    }

    /**
     * One package version wanted, perhaps narrowed to some of its files.
     *
     * @param files  file names wanted with their locked hash (empty hash: any); empty: the format's usual artifacts
     */
    record Wanted(String name, String version, List<LockedFile> files) {
        public Wanted(String name, String version) {
            this(name, version, List.of());
        }

        public String display() {
            return name + "@" + version;
        }
    }

    /** A file a lockfile names, with the hash it locks (npm {@code integrity}, pip {@code --hash}, cargo checksum). */
    record LockedFile(String name, Optional<ExpectedDigest> hash) {
    }

    /**
     * An artifact to fetch.
     *
     * @param locked  the hash the lockfile locks for it, checked against what was stored
     * @param release what it is a release of, for the supply-chain guards (a version they refuse is not fetched:
     *                the item fails with their reason); {@code null}: not guarded (as the format's own download of
     *                the file is not, e.g. a Go {@code .info} or {@code .mod})
     */
    record Target(String display, String path, Function<RepositoryInfo, ArtifactSource> source,
                  Optional<ExpectedDigest> locked, ReleaseKey release) {

        /** An artifact the supply-chain guards do not judge. */
        public Target(String display, String path, Function<RepositoryInfo, ArtifactSource> source,
                      Optional<ExpectedDigest> locked) {
            this(display, path, source, locked, null);
        }
    }
}
