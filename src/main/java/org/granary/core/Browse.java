package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.granary.persistence.BrowseDao;

/**
 * Package search across repositories, paged and sorted in the database (a page costs two queries, whatever the
 * number of packages), and one package with its versions and artifacts.
 */
@ApplicationScoped
public class Browse {

    public static final int PAGE_SIZE = 25;
    public static final int MAX_TEXT = 200;

    @Inject
    BrowseDao dao;
    @Inject
    RepositoryRegistry registry;
    @Inject
    ClientHashes clientHashes;

    /** One page of a search, and what it was asked with. */
    public record Result(List<BrowseDao.PackageRow> rows, long total, int page, int pageSize, BrowseDao.Sort sort,
                         boolean descending) {

        public long pages() {
            return Math.max(1, (total + pageSize - 1) / pageSize);
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return (long) (page + 1) * pageSize < total;
        }
    }

    /** A package with its versions (newest first) and their artifacts. */
    public record Detail(BrowseDao.PackageRow pkg, RepositoryInfo repository, List<BrowseDao.VersionRow> versions) {
    }

    /**
     * @param text       part of a package name, any case; blank: every package
     * @param repository a repository's name; blank: all
     * @param sort       a {@link BrowseDao.Sort} name in any case; blank or unknown: by name
     * @param page       from 0; beyond the last, the last
     */
    public Result search(String text, String repository, String sort, boolean descending, int page) {
        String t = text == null || text.isBlank() ? null : text.strip();
        if (t != null && t.length() > MAX_TEXT) {
            throw new InvalidRequestException("search for at most " + MAX_TEXT + " characters");
        }
        Long repo = null;
        if (repository != null && !repository.isBlank()) {
            repo = registry.find(repository).map(RepositoryInfo::id)
                    .orElseThrow(() -> new NotFoundException("there is no repository named '" + repository + "'"));
        }
        BrowseDao.Sort order = sort(sort);
        long total = dao.count(t, repo);
        int last = (int) Math.max(0, (total - 1) / PAGE_SIZE);
        int p = Math.min(Math.max(0, page), last);
        return new Result(dao.search(t, repo, order, descending, p * PAGE_SIZE, PAGE_SIZE), total, p, PAGE_SIZE, order,
                descending);
    }

    public Optional<Detail> detail(long packageId) {
        return dao.find(packageId).map(p -> new Detail(p, registry.find(p.repository()).orElse(null),
                dao.versions(packageId)));
    }

    /** A stored artifact as an administrator sees it, with the hash its client records when it has one (Go's h1:). */
    public record ListedArtifact(BrowseDao.ArtifactRow artifact, String clientHash) {
    }

    public static final int MAX_LISTED = 1_000;

    /**
     * The artifacts stored in {@code repo} (a proxy's cache or a hosted repository's files) whose path starts with
     * {@code prefix}, in path order, at most {@code limit}.
     */
    public List<ListedArtifact> artifacts(RepositoryInfo repo, String prefix, int limit) {
        if (limit < 1 || limit > MAX_LISTED) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_LISTED);
        }
        String p = prefix == null ? "" : prefix;
        if (p.length() > 1024) {
            throw new InvalidRequestException("a path prefix has at most 1024 characters");
        }
        List<BrowseDao.ArtifactRow> rows = dao.artifacts(repo.id(), p, limit);
        java.util.Map<String, String> hashes = clientHashes.findAll(rows.stream().map(BrowseDao.ArtifactRow::sha256)
                .distinct().toList());
        return rows.stream().map(r -> new ListedArtifact(r, hashes.get(r.sha256()))).toList();
    }

    static BrowseDao.Sort sort(String name) {
        if (name == null || name.isBlank()) {
            return BrowseDao.Sort.NAME;
        }
        try {
            return BrowseDao.Sort.valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return BrowseDao.Sort.NAME;
        }
    }
}
