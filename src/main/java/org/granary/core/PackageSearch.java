package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.persistence.MetadataDao;
import org.granary.persistence.MetadataEntry;
import org.granary.storage.BlobStore;
import org.granary.storage.StoragePath;

/**
 * Search over what a repository can serve, for every format: the documents its members keep (a hosted member's own,
 * a proxy member's cached copies), never its upstream. The walk is {@link RepositoryReads}'s (members in order, those
 * the caller may not read skipped); a package found in several members is the first member's (hosted first in the
 * default groups); each package found comes with the gate the supply-chain policies on the way to that member put it
 * behind, so a format shows only versions a client could install.
 * <p>
 * A format supplies a {@link Catalog}: which documents are packages' and a pure summary of one (parsed once per
 * document version; the format keeps them by hash, e.g. in a {@link ParsedDocuments}). Searching reads the documents'
 * rows on every call and a document's bytes only when its version was not summarised before.
 */
@ApplicationScoped
public class PackageSearch {

    private static final Logger LOG = Logger.getLogger(PackageSearch.class.getName());
    /** The most documents one member contributes to a search (a proxy's cache can be large). */
    static final int MAX_DOCUMENTS_PER_MEMBER = 200_000;

    @Inject
    RepositoryReads reads;
    @Inject
    MetadataDao metadataDao;
    @Inject
    BlobStore blobs;
    @Inject
    Guards guards;

    /** How a format's documents are searched. */
    public interface Catalog<S> {

        /** The path prefix of the documents that describe packages ({@code ""}: all). */
        String pathPrefix();

        /**
         * The summary of the document at {@code path} whose hash is {@code sha256}, from its bytes (read only when
         * called); empty when the document is not a package's (a registry configuration, a garbled copy).
         */
        Optional<S> summary(String path, String sha256, Supplier<byte[]> bytes);

        /** The package a summary describes, as the format's downloads and guards name it. */
        String packageName(S summary);

        /** The metadata request that lists the package's versions (its {@link ReleaseListing}), for the guards. */
        MetadataRequest listing(String packageName);
    }

    /**
     * A package a search found.
     *
     * @param member the repository whose document it is (the first member that has the package)
     * @param gate   what the supply-chain policies on the way to {@code member} let a client see of it
     */
    public record Found<S>(RepositoryInfo member, S summary, VersionGate gate) {
    }

    /**
     * Every package of {@code repo} whose summary {@code wanted} accepts, each once (the first member's), in member
     * order and, within a member, in path order.
     *
     * @throws UnauthorizedException when {@code who} may not read {@code repo} itself
     */
    public <S> List<Found<S>> find(RepositoryInfo repo, Identity who, Catalog<S> catalog, Predicate<S> wanted) {
        List<Found<S>> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<RepositoryInfo> chain : reads.chains(repo, who)) {
            RepositoryInfo member = chain.get(chain.size() - 1);
            Optional<PolicyChain> policies = guards.chain(chain);
            for (MetadataEntry doc : metadataDao.documents(member.id(), catalog.pathPrefix(), MAX_DOCUMENTS_PER_MEMBER)) {
                Optional<S> summary = summary(catalog, member, doc);
                if (summary.isEmpty() || !wanted.test(summary.get())) {
                    continue;
                }
                String name = catalog.packageName(summary.get());
                if (!seen.add(name)) {
                    continue;
                }
                VersionGate gate = policies.isEmpty() ? VersionGate.OPEN
                        : guards.gate(List.of(new Guards.Listed(member, policies, catalog.listing(name))), name);
                found.add(new Found<>(member, summary.get(), gate));
            }
        }
        return found;
    }

    private <S> Optional<S> summary(Catalog<S> catalog, RepositoryInfo member, MetadataEntry doc) {
        try {
            return catalog.summary(doc.getPath(), doc.getSha256(), () -> read(doc));
        } catch (UncheckedIOException | GranaryException e) {
            // a copy whose blob has gone, or that is not what the format expects: not a package to show
            LOG.log(Level.FINE, "Search skips " + doc.getPath() + " of repository '" + member.name() + "': "
                    + e.getMessage(), e);
            return Optional.empty();
        }
    }

    private byte[] read(MetadataEntry doc) {
        try (InputStream in = blobs.open(StoragePath.of(doc.getStorageKey()), 0)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("document " + doc.getPath() + " is unreadable: " + e.getMessage(), e);
        }
    }
}
