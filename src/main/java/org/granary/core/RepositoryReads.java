package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.granary.storage.Digests;

/**
 * The one read path for proxy, hosted and group repositories of every format. A format says what it wants from
 * one member (a {@link MetadataRequest}, an {@link ArtifactSource}) and, for documents a group merges, how to
 * merge them ({@link DocumentMerge}); this class walks the members:
 * <ul>
 *   <li>in order, groups inside groups included (depth first, each repository once);</li>
 *   <li>skipping every member the caller may not read ({@link AccessRules#mayRead}), so a group never hands out
 *       a private member's packages to someone that member would refuse;</li>
 *   <li>with the 502-outranks-404 rule: when no member has the thing, a member's upstream failure is the answer,
 *       not "not found" (an unreachable upstream is no evidence that a package does not exist); an integrity
 *       failure is always the answer;</li>
 *   <li>building a merged document's identity (the members' hashes), time (the newest) and staleness (any) once;</li>
 *   <li>with the supply-chain guards ({@link Guards}) of every repository on the way to a member: a download the
 *       policies refuse is {@link BlockedException} (cached or not, before anything is fetched), and a document read
 *       with {@link #visible} leaves out the versions they hide. A document whose request carries a
 *       {@link ReleaseListing} has its release times stored the first time it is seen.</li>
 * </ul>
 */
@ApplicationScoped
public class RepositoryReads {

    @Inject
    RepositoryRegistry registry;
    @Inject
    MetadataCache metadata;
    @Inject
    ArtifactCache artifacts;
    @Inject
    Guards guards;
    @Inject
    ReleaseTimes times;

    /** An immutable artifact, from the first member that has it (a proxy member fetches it on a miss). */
    public ArtifactResult artifact(RepositoryInfo repo, Identity who, String path,
                                   Function<RepositoryInfo, ArtifactSource> source) {
        return walkFirst(repo, who, (member, chain) -> artifacts.read(member.repo(), path, source));
    }

    /**
     * An immutable artifact that is a release of {@code release}, from the first member that has it, if the
     * supply-chain policies on the way to that member let it through ({@link BlockedException} otherwise): judged
     * before a cached copy is served and before a missing one is fetched, with the release time stored for the
     * member (learnt from its listing the first time it matters), so a download parses nothing.
     */
    public ArtifactResult artifact(RepositoryInfo repo, Identity who, String path,
                                   Function<RepositoryInfo, ArtifactSource> source, ReleaseKey release) {
        return walkFirst(repo, who, (member, chain) -> {
            Optional<PolicyChain> policies = guards.chain(chain);
            if (policies.isEmpty()) {
                return artifacts.read(member.repo(), path, source);
            }
            PolicyChain p = policies.get();
            Verdict before = guards.verdict(p, member.repo(), release, null, true);
            if (before.outcome() != Verdict.Outcome.NO_RELEASE_TIME) {
                Guards.require(before, release); // a member without the version has no time for it: decided below
            }
            ArtifactResult result = artifacts.read(member.repo(), path, m -> {
                ArtifactSource s = source.apply(m);
                Guards.require(guards.verdict(p, m, release, s.coordinates().releasedAt(), false), release);
                return s;
            });
            if (!before.passes()) {
                Guards.require(guards.verdict(p, member.repo(), release, null, false), release);
            }
            return result;
        });
    }

    /**
     * The artifact, when the in-memory index alone can answer for every member up to the one that has it (no
     * database, no upstream): the fast path of hits. For an artifact that is a release of {@code release}
     * ({@code null}: none the guards judge), a hit is served here only when the supply-chain policies on the way to its
     * member pass it from the release time this server holds in memory. Empty when any member on the way is unknown to
     * the index, none has it, or the policies cannot pass it from memory; then
     * {@link #artifact(RepositoryInfo, Identity, String, Function, ReleaseKey)} decides (and refuses).
     */
    public Optional<ArtifactResult.Stored> indexedArtifact(RepositoryInfo repo, Identity who, String path,
                                                           ReleaseKey release) {
        if (!AccessRules.mayRead(repo, who)) {
            return Optional.empty();
        }
        for (Member member : readable(repo, who)) {
            ArtifactCache.Lookup known = release == null ? artifacts.indexed(member.repo(), path)
                    : artifacts.indexed(member.repo(), path, () -> guards.chain(member.chain())
                            .map(p -> guards.passesFromMemory(p, member.repo(), release)).orElse(true));
            if (known instanceof ArtifactCache.Lookup.Hit hit) {
                return Optional.of(hit.artifact());
            }
            if (!(known instanceof ArtifactCache.Lookup.Absent)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Mutable metadata, from the first member that has it. */
    public CachedMetadata first(RepositoryInfo repo, Identity who, Function<RepositoryInfo, MetadataRequest> request) {
        return walkFirst(repo, who, (member, chain) -> read(member.repo(), request.apply(member.repo())));
    }

    /**
     * Mutable metadata from the first member that has it, as the supply-chain policies on the way to that member let
     * a client see it: versions they hide left out by {@code filter} (the document itself when nothing is hidden).
     */
    public CachedMetadata visibleFirst(RepositoryInfo repo, Identity who, Function<RepositoryInfo, MetadataRequest> request,
                                       DocumentFilter filter) {
        return guardedFirst(repo, who, request).filtered(filter);
    }

    /** Mutable metadata from the first member that has it, with the gate the policies on the way to it put it behind. */
    public GuardedDocument guardedFirst(RepositoryInfo repo, Identity who, Function<RepositoryInfo, MetadataRequest> request) {
        return walkFirst(repo, who, (member, chain) -> {
            MetadataRequest r = request.apply(member.repo());
            CachedMetadata found = read(member.repo(), r);
            Optional<PolicyChain> policies = guards.chain(chain);
            if (policies.isEmpty() || r.listing() == null) {
                return new GuardedDocument(found, VersionGate.OPEN);
            }
            return new GuardedDocument(found, guards.gate(List.of(new Guards.Listed(member.repo(), policies, r)),
                    r.listing().packageName()));
        });
    }

    /**
     * A document as {@link #merged} gives it, as the supply-chain policies on the way to each member let a client see
     * it: each version judged by the policies on the way to the first member that lists it; the versions they hide
     * left out by {@code filter}.
     */
    public CachedMetadata visible(RepositoryInfo repo, Identity who, Function<RepositoryInfo, MetadataRequest> request,
                                  DocumentMerge merge, DocumentFilter filter) {
        return guarded(repo, who, request, merge).filtered(filter);
    }

    /**
     * A document as {@link #merged} gives it, unfiltered, with the gate the supply-chain policies put it behind (for a
     * format that filters what it renders from the document rather than the document itself).
     */
    public GuardedDocument guarded(RepositoryInfo repo, Identity who, Function<RepositoryInfo, MetadataRequest> request,
                                   DocumentMerge merge) {
        List<Member> members = readable(repo, who);
        List<CachedMetadata> found = new ArrayList<>();
        List<Guards.Listed> listed = new ArrayList<>();
        boolean guarded = false;
        String packageName = null;
        Walk walk = new Walk(repo, members.size());
        for (Member member : members) {
            MetadataRequest r;
            try {
                r = request.apply(member.repo()); // may refuse, e.g. a proxy without an upstream: it has nothing
                found.add(read(member.repo(), r));
            } catch (GranaryException e) {
                walk.failed(e);
                continue;
            }
            Optional<PolicyChain> policies = guards.chain(member.chain());
            guarded |= policies.isPresent() && r.listing() != null;
            if (r.listing() != null) {
                packageName = r.listing().packageName();
            }
            listed.add(new Guards.Listed(member.repo(), policies, r));
        }
        if (found.isEmpty()) {
            throw walk.outcome();
        }
        CachedMetadata document = found.size() == 1 ? found.get(0) : mergedDocument(repo, found, merge);
        return new GuardedDocument(document, guarded ? guards.gate(listed, packageName) : VersionGate.OPEN);
    }

    /**
     * Whether a supply-chain policy applies anywhere on the way from {@code repo} to one of the members {@code who}
     * reads (a format then pays for {@link #gate}; without one everything passes).
     */
    public boolean guarded(RepositoryInfo repo, Identity who) {
        for (Member member : readable(repo, who)) {
            if (guards.chain(member.chain()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The gate the supply-chain policies put one package behind, for a format that shows its versions from something
     * other than the package's document (a WinGet search result lists versions; their times are in the manifests):
     * judged as {@link #guarded} judges the document, from the release times stored for each member. When one of
     * {@code versions} is not stored for any member yet and {@code mayRead} agrees (asked only then: a budget), the
     * members' documents are read first, as any read of them would, storing their times; a member whose document
     * cannot be had is left out.
     */
    public VersionGate gate(RepositoryInfo repo, Identity who, Function<RepositoryInfo, MetadataRequest> request,
                            Collection<String> versions, java.util.function.BooleanSupplier mayRead) {
        List<Member> members = readable(repo, who);
        List<Guards.Listed> listed = new ArrayList<>();
        boolean guarded = false;
        String packageName = null;
        for (Member member : members) {
            MetadataRequest r;
            try {
                r = request.apply(member.repo());
            } catch (GranaryException e) {
                continue; // e.g. a proxy without an upstream: it lists nothing
            }
            Optional<PolicyChain> policies = guards.chain(member.chain());
            guarded |= policies.isPresent();
            packageName = r.listing().packageName();
            listed.add(new Guards.Listed(member.repo(), policies, r));
        }
        if (!guarded) {
            return VersionGate.OPEN;
        }
        if (!storedForSome(listed, packageName, versions) && mayRead.getAsBoolean()) {
            for (Guards.Listed l : listed) {
                try {
                    read(l.member(), l.request());
                } catch (GranaryException e) {
                    // not there, or its upstream is down: judged with what is stored
                }
            }
        }
        return guards.gate(listed, packageName);
    }

    private boolean storedForSome(List<Guards.Listed> listed, String packageName, Collection<String> versions) {
        Set<String> stored = new HashSet<>();
        for (Guards.Listed l : listed) {
            stored.addAll(times.versions(l.member(), packageName).keySet());
        }
        return stored.containsAll(versions);
    }

    /** A document and the gate the supply-chain policies put it behind ({@link VersionGate#OPEN} when none). */
    public record GuardedDocument(CachedMetadata document, VersionGate gate) {

        /**
         * The document without what the gate hides: itself when nothing is hidden; otherwise a view whose identity is
         * the document's and the hidden set's (so renderings are kept per set) and whose bytes are filtered once, when
         * first read.
         */
        public CachedMetadata filtered(DocumentFilter filter) {
            if (gate.hidesNothing()) {
                return document;
            }
            String identity = Digests.sha256Hex((document.sha256() + "\n" + gate.fingerprint())
                    .getBytes(StandardCharsets.UTF_8));
            Memo memo = new Memo(() -> filter.filter(document.bytes(), gate));
            return new CachedMetadata(identity, -1, document.contentType(), document.fetchedAt(), document.stale(),
                    document.source(), () -> new ByteArrayInputStream(memo.get()));
        }
    }

    /**
     * A document from every member that has it, merged: one member's copy is served as it is (byte for byte);
     * several copies are merged by {@code merge}, in member order.
     */
    public CachedMetadata merged(RepositoryInfo repo, Identity who, Function<RepositoryInfo, MetadataRequest> request,
                                 DocumentMerge merge) {
        List<RepositoryInfo> members = readableMembers(repo, who);
        List<CachedMetadata> found = new ArrayList<>();
        Walk walk = new Walk(repo, members.size());
        for (RepositoryInfo member : members) {
            try {
                found.add(read(member, request.apply(member)));
            } catch (GranaryException e) {
                walk.failed(e);
            }
        }
        if (found.isEmpty()) {
            throw walk.outcome();
        }
        return found.size() == 1 ? found.get(0) : mergedDocument(repo, found, merge);
    }

    /** One member's document; its release times stored when its request asks and this copy was not read before. */
    private CachedMetadata read(RepositoryInfo member, MetadataRequest request) {
        CachedMetadata found = metadata.read(member, request);
        if (request.listing() != null) {
            times.observe(member, request, found);
        }
        return found;
    }

    /**
     * The repositories a read of {@code repo} asks, in order: {@code repo} itself when it is a proxy or hosted
     * repository; a group's members (nested groups expanded), without those {@code who} may not read.
     *
     * @throws UnauthorizedException when {@code who} may not read {@code repo} itself
     */
    public List<RepositoryInfo> readableMembers(RepositoryInfo repo, Identity who) {
        return readable(repo, who).stream().map(Member::repo).toList();
    }

    /**
     * For each member a read of {@code repo} asks (as {@link #readableMembers}), the repositories on the way to it: the
     * repository asked first, the member last.
     */
    public List<List<RepositoryInfo>> chains(RepositoryInfo repo, Identity who) {
        return readable(repo, who).stream().map(Member::chain).toList();
    }

    /** A member a read asks, with the repositories on the way to it (the one asked first, the member last). */
    private record Member(RepositoryInfo repo, List<RepositoryInfo> chain) {
    }

    private List<Member> readable(RepositoryInfo repo, Identity who) {
        if (!AccessRules.mayRead(repo, who)) {
            throw new UnauthorizedException("repository '" + repo.name() + "' requires authentication to read");
        }
        List<Member> leaves = new ArrayList<>();
        collect(repo, who, new HashSet<>(), List.of(), leaves);
        return leaves;
    }

    private void collect(RepositoryInfo repo, Identity who, Set<String> seen, List<RepositoryInfo> path,
                         List<Member> into) {
        if (!seen.add(repo.name()) || !AccessRules.mayRead(repo, who)) {
            return;
        }
        List<RepositoryInfo> here = new ArrayList<>(path.size() + 1);
        here.addAll(path);
        here.add(repo);
        if (!repo.isGroup()) {
            into.add(new Member(repo, List.copyOf(here)));
            return;
        }
        for (String name : repo.members()) {
            registry.find(name).ifPresent(member -> collect(member, who, seen, here, into));
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T from(Member member, List<RepositoryInfo> chain);
    }

    private <T> T walkFirst(RepositoryInfo repo, Identity who, Read<T> read) {
        List<Member> members = readable(repo, who);
        Walk walk = new Walk(repo, members.size());
        for (Member member : members) {
            try {
                return read.from(member, member.chain());
            } catch (GranaryException e) {
                walk.failed(e);
            }
        }
        throw walk.outcome();
    }

    /** What went wrong in the members asked, and the one answer it adds up to. */
    private static final class Walk {
        private final RepositoryInfo repo;
        private final int members;
        private UpstreamFailureException failure;
        private NotFoundException notFound;

        Walk(RepositoryInfo repo, int members) {
            this.repo = repo;
            this.members = members;
        }

        void failed(GranaryException e) {
            if (e instanceof NotFoundException nf) {
                notFound = notFound == null ? nf : notFound;
            } else if (e instanceof UpstreamFailureException uf && !(e instanceof IntegrityException) && members > 1) {
                failure = failure == null ? uf : failure;
            } else {
                throw e;
            }
        }

        GranaryException outcome() {
            if (failure != null) {
                return failure;
            }
            if (notFound != null && members == 1) {
                return notFound;
            }
            return new NotFoundException("not found in any member of repository '" + repo.name() + "'"
                    + (notFound != null ? " (" + notFound.getMessage() + ")" : ""));
        }
    }

    private static CachedMetadata mergedDocument(RepositoryInfo group, List<CachedMetadata> parts, DocumentMerge merge) {
        StringBuilder identity = new StringBuilder();
        Instant newest = null;
        boolean stale = false;
        for (CachedMetadata p : parts) {
            identity.append(p.source().name()).append('=').append(p.sha256()).append('\n');
            if (p.fetchedAt() != null && (newest == null || p.fetchedAt().isAfter(newest))) {
                newest = p.fetchedAt();
            }
            stale |= p.stale();
        }
        List<CachedMetadata> copy = List.copyOf(parts);
        Memo memo = new Memo(() -> merge.merge(copy));
        return new CachedMetadata(Digests.sha256Hex(identity.toString().getBytes(StandardCharsets.UTF_8)), -1,
                parts.get(0).contentType(), newest, stale, group, () -> new ByteArrayInputStream(memo.get()));
    }

    /** The merged bytes, computed once per merged document however often it is opened. */
    private static final class Memo {
        private final Producer producer;
        private byte[] bytes;

        Memo(Producer producer) {
            this.producer = producer;
        }

        synchronized byte[] get() throws IOException {
            if (bytes == null) {
                bytes = producer.produce();
            }
            return bytes;
        }
    }

    @FunctionalInterface
    private interface Producer {
        byte[] produce() throws IOException;
    }
}
