package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
 *   <li>building a merged document's identity (the members' hashes), time (the newest) and staleness (any) once.</li>
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

    /** An immutable artifact, from the first member that has it (a proxy member fetches it on a miss). */
    public ArtifactResult artifact(RepositoryInfo repo, Identity who, String path,
                                   Function<RepositoryInfo, ArtifactSource> source) {
        return walkFirst(repo, who, member -> artifacts.read(member, path, source));
    }

    /**
     * The artifact, when the in-memory index alone can answer for every member up to the one that has it (no
     * database, no upstream): the fast path of hits. Empty when any member on the way is unknown to the index, or
     * none has it; then {@link #artifact} answers.
     */
    public Optional<ArtifactResult.Stored> indexedArtifact(RepositoryInfo repo, Identity who, String path) {
        if (!AccessRules.mayRead(repo, who)) {
            return Optional.empty();
        }
        for (RepositoryInfo member : readableMembers(repo, who)) {
            ArtifactCache.Lookup known = artifacts.indexed(member, path);
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
        return walkFirst(repo, who, member -> metadata.read(member, request.apply(member)));
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
                found.add(metadata.read(member, request.apply(member)));
            } catch (GranaryException e) {
                walk.failed(e);
            }
        }
        if (found.isEmpty()) {
            throw walk.outcome();
        }
        return found.size() == 1 ? found.get(0) : mergedDocument(repo, found, merge);
    }

    /**
     * The repositories a read of {@code repo} asks, in order: {@code repo} itself when it is a proxy or hosted
     * repository; a group's members (nested groups expanded), without those {@code who} may not read.
     *
     * @throws UnauthorizedException when {@code who} may not read {@code repo} itself
     */
    public List<RepositoryInfo> readableMembers(RepositoryInfo repo, Identity who) {
        if (!AccessRules.mayRead(repo, who)) {
            throw new UnauthorizedException("repository '" + repo.name() + "' requires authentication to read");
        }
        List<RepositoryInfo> leaves = new ArrayList<>();
        collect(repo, who, new HashSet<>(), leaves);
        return leaves;
    }

    private void collect(RepositoryInfo repo, Identity who, Set<String> seen, List<RepositoryInfo> into) {
        if (!seen.add(repo.name()) || !AccessRules.mayRead(repo, who)) {
            return;
        }
        if (!repo.isGroup()) {
            into.add(repo);
            return;
        }
        for (String name : repo.members()) {
            registry.find(name).ifPresent(member -> collect(member, who, seen, into));
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T from(RepositoryInfo member);
    }

    private <T> T walkFirst(RepositoryInfo repo, Identity who, Read<T> read) {
        List<RepositoryInfo> members = readableMembers(repo, who);
        Walk walk = new Walk(repo, members.size());
        for (RepositoryInfo member : members) {
            try {
                return read.from(member);
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
