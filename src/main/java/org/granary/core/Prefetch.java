package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.granary.persistence.PrefetchRule;
import org.granary.persistence.PrefetchRuleDao;
import org.granary.storage.Digests;
import org.granary.storage.HashingInputStream;

/**
 * Fills a proxy repository ahead of need, from a lockfile or from its allow-list rules: every artifact is fetched
 * through {@link RepositoryReads#artifact} as Granary itself ({@link Identity#SYSTEM}) with the format's own source
 * function, so it is verified against the upstream's hash exactly as a client's download is (and checked against
 * the lockfile's hash too). What is cached already is counted, not fetched again.
 */
@ApplicationScoped
public class Prefetch {

    @Inject
    Instance<PrefetchFormat> formats;
    @Inject
    RepositoryReads reads;
    @Inject
    ArtifactCache artifacts;
    @Inject
    PrefetchRuleDao rules;

    /** What happened to one artifact. */
    public enum Outcome {
        FETCHED("fetched"), CACHED("cached"), FAILED("failed");

        private final String id;

        Outcome(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public record Result(String item, Outcome outcome, long bytes, String reason) {
    }

    /** The format support of {@code repo}, which must be a proxy. */
    public PrefetchFormat formatOf(RepositoryInfo repo) {
        if (!repo.isProxy()) {
            throw new InvalidRequestException("repository '" + repo.name() + "' is " + repo.type().name().toLowerCase()
                    + "; prefetching fills a proxy repository (one of this group's proxy members)");
        }
        for (PrefetchFormat f : formats) {
            if (f.format() == repo.format()) {
                return f;
            }
        }
        throw new InvalidRequestException("prefetching is not available for " + repo.format().id() + " repositories yet");
    }

    /** The package versions a lockfile of {@code kind} lists, for {@code repo}. */
    public List<PrefetchFormat.Wanted> parse(RepositoryInfo repo, String kind, byte[] file) {
        PrefetchFormat f = formatOf(repo);
        if (f.kinds().isEmpty()) {
            throw new InvalidRequestException(repo.format().id() + " repositories read no lockfile; keep packages cached "
                    + "with allow-list rules (POST api/repositories/" + repo.name() + "/prefetch/rules)");
        }
        if (kind == null || !f.kinds().contains(kind)) {
            throw new InvalidRequestException((kind == null ? "say which kind of file this is with ?kind="
                    : "'" + kind + "' is not a kind of file " + repo.format().id() + " repositories read")
                    + "; the kinds are " + String.join(", ", new TreeSet<>(f.kinds())));
        }
        List<PrefetchFormat.Wanted> wanted = f.parse(kind, file);
        if (wanted.isEmpty()) {
            throw new InvalidRequestException("the " + kind + " file lists no package of a registry to prefetch");
        }
        return wanted;
    }

    /** Fetches every artifact of {@code wanted}; stops early when {@code keepGoing} says so. */
    public void fetch(RepositoryInfo repo, List<PrefetchFormat.Wanted> wanted, Consumer<Result> out,
                      BooleanSupplier keepGoing) {
        PrefetchFormat f = formatOf(repo);
        for (PrefetchFormat.Wanted w : wanted) {
            if (!keepGoing.getAsBoolean()) {
                return;
            }
            List<PrefetchFormat.Target> targets;
            try {
                targets = f.resolve(repo, Identity.SYSTEM, w);
            } catch (GranaryException e) {
                out.accept(new Result(w.display(), Outcome.FAILED, 0, e.getMessage()));
                continue;
            }
            if (targets.isEmpty()) {
                out.accept(new Result(w.display(), Outcome.FAILED, 0, "the registry lists no file of "
                        + w.display() + (w.files().isEmpty() ? "" : " named in the lockfile")));
            }
            for (PrefetchFormat.Target t : targets) {
                out.accept(fetch(repo, t));
            }
        }
    }

    private Result fetch(RepositoryInfo repo, PrefetchFormat.Target t) {
        Optional<ArtifactResult.Stored> cached = artifacts.stored(repo, t.path());
        Outcome outcome = Outcome.CACHED;
        if (cached.isEmpty()) {
            try {
                ArtifactResult r = t.release() == null
                        ? reads.artifact(repo, Identity.SYSTEM, t.path(), t.source())
                        : reads.artifact(repo, Identity.SYSTEM, t.path(), t.source(), t.release());
                try (InputStream in = r.open(0)) {
                    in.transferTo(OutputStream.nullOutputStream()); // the last byte arrives once it is verified and stored
                }
            } catch (GranaryException e) {
                return new Result(t.display(), Outcome.FAILED, 0, e.getMessage());
            } catch (IOException | RuntimeException e) {
                return new Result(t.display(), Outcome.FAILED, 0, "download failed: " + e.getMessage());
            }
            cached = artifacts.stored(repo, t.path());
            if (cached.isEmpty()) {
                return new Result(t.display(), Outcome.FAILED, 0, "the download was not stored (it failed verification)");
            }
            outcome = Outcome.FETCHED;
        }
        StoredArtifact s = cached.get().artifact();
        Digests d = new Digests(s.size(), s.sha1(), s.sha256(), s.sha512());
        if (t.locked().isPresent() && t.locked().get().algorithm().of(d) == null) {
            // a lockfile's SHA-512 or SHA-1 for a format that records none (Format.keepsSha512 / keepsSha1, e.g.
            // pip's --hash=sha512:): hashed from the stored bytes, only for this check
            try (HashingInputStream in = new HashingInputStream(cached.get().open(0))) {
                in.transferTo(OutputStream.nullOutputStream());
                d = in.digests();
            } catch (IOException e) {
                return new Result(t.display(), Outcome.FAILED, s.size(), "cannot read the stored file: " + e.getMessage());
            }
        }
        if (t.locked().isPresent() && !t.locked().get().matches(d)) {
            return new Result(t.display(), Outcome.FAILED, s.size(), "the lockfile locks " + t.locked().get()
                    + " but the registry's file has " + t.locked().get().describe(d));
        }
        return new Result(t.display(), outcome, s.size(), null);
    }

    /**
     * The package versions {@code repo}'s allow-list rules keep cached, resolved from the upstream's metadata; a rule
     * that cannot be resolved is reported as failed.
     */
    public List<PrefetchFormat.Wanted> fromRules(RepositoryInfo repo, Consumer<Result> failures) {
        PrefetchFormat f = formatOf(repo);
        Set<String> seen = new LinkedHashSet<>();
        List<PrefetchFormat.Wanted> wanted = new ArrayList<>();
        for (PrefetchRule rule : rules.of(repo.id())) {
            VersionRule versions = VersionRule.parse(rule.getVersions());
            Set<String> names = new LinkedHashSet<>();
            if (isPattern(rule.getPattern())) {
                rules.knownPackages(repo.id()).stream().filter(glob(rule.getPattern()).asMatchPredicate()).forEach(names::add);
                try {
                    names.addAll(f.matching(repo, Identity.SYSTEM, rule.getPattern()));
                } catch (GranaryException e) {
                    failures.accept(new Result(rule.getPattern() + " " + versions, Outcome.FAILED, 0, e.getMessage()));
                }
            } else {
                names.add(rule.getPattern());
            }
            for (String name : names) {
                try {
                    for (String v : versions.select(f.versions(repo, Identity.SYSTEM, name))) {
                        if (seen.add(name + "@" + v)) {
                            wanted.add(new PrefetchFormat.Wanted(name, v));
                        }
                    }
                } catch (GranaryException e) {
                    String which = isPattern(rule.getPattern()) ? rule.getPattern() + " " + versions : versions.toString();
                    failures.accept(new Result(name + " (" + which + ")", Outcome.FAILED, 0, e.getMessage()));
                }
            }
        }
        return wanted;
    }

    /** A proxy repository's allow-list rules. */
    public List<PrefetchRule> rules(RepositoryInfo repo) {
        return rules.of(repo.id());
    }

    /** Adds an allow-list rule to a proxy repository whose format prefetches. */
    public PrefetchRule addRule(RepositoryInfo repo, String pattern, String versions, java.time.Instant at) {
        formatOf(repo);
        check(pattern, versions);
        return rules.add(new PrefetchRule(repo.id(), pattern.strip(), versions.strip(), at));
    }

    public void deleteRule(RepositoryInfo repo, long id) {
        if (!rules.delete(repo.id(), id)) {
            throw new NotFoundException("repository '" + repo.name() + "' has no prefetch rule " + id);
        }
    }

    /** Checks a rule before it is stored. */
    public static void check(String pattern, String versions) {
        if (pattern == null || pattern.isBlank() || pattern.length() > 512) {
            throw new InvalidRequestException("a rule needs a 'pattern': a package name, or a name with * wildcards "
                    + "(matched against the packages this repository has cached)");
        }
        VersionRule.parse(versions);
    }

    static boolean isPattern(String p) {
        return p.contains("*");
    }

    static Pattern glob(String p) {
        return Pattern.compile(java.util.Arrays.stream(p.split("\\*", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*")));
    }
}
