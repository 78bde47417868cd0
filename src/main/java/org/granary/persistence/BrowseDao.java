package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Finds packages across repositories for the admin console: one page of a search, sorted in the database, with
 * each package's versions, downloads (hits), last access and bytes; and one package's versions and artifacts.
 */
@ApplicationScoped
@Transactional
public class BrowseDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public BrowseDao() {
        // for CDI
    }

    BrowseDao(EntityManager em) {
        this.em = em;
    }

    /**
     * The orders a search can be sorted in; ties are broken by name, then id. The first three need only the package
     * table; the others an aggregate over versions or artifacts.
     */
    public enum Sort {
        NAME("p.name", false), REPOSITORY("r.name", false), ADDED("p.createdAt", false),
        VERSIONS("count(distinct v.id)", true), HITS("coalesce(sum(a.hitCount), 0)", true),
        LAST_ACCESS("max(a.lastAccessedAt)", true), SIZE("coalesce(sum(a.size), 0)", true);

        final String expression;
        final boolean aggregate;

        Sort(String expression, boolean aggregate) {
            this.expression = expression;
            this.aggregate = aggregate;
        }
    }

    /** One package in a search result. */
    public record PackageRow(long id, String name, long repositoryId, String repository, String format, long versions,
                             long hits, Instant lastAccessedAt, long bytes) {
    }

    /** One version of a package, with its artifacts. */
    public record VersionRow(long id, String version, Instant releasedAt, Instant addedAt, List<ArtifactRow> artifacts) {
    }

    /** One artifact: where it is, its size and sha256, how often it was served, and where it came from. */
    public record ArtifactRow(long id, String path, long size, String sha256, long hits, Instant lastAccessedAt,
                              Instant storedAt, String upstreamUrl, String publishedBy) {
    }

    /**
     * A page of packages whose name contains {@code text} (ignoring case; {@code null}: any), in one repository or
     * all ({@code repositoryId} {@code null}).
     */
    public List<PackageRow> search(String text, Long repositoryId, Sort sort, boolean descending, int offset, int limit) {
        String direction = descending ? " desc" : " asc";
        String jpql;
        if (sort.aggregate) {
            // Grouped by the package id alone (grouping by names costs several times as much); a package without
            // artifacts has no last access, and comes last either way.
            String nulls = sort == Sort.LAST_ACCESS ? "case when max(a.lastAccessedAt) is null then 1 else 0 end, " : "";
            jpql = "select p.id from PackageEntry p join p.repository r "
                    + "left join VersionEntry v on v.pkg = p left join ArtifactEntry a on a.version = v "
                    + where(text, repositoryId) + " group by p.id order by " + nulls + sort.expression + direction
                    + ", min(p.name), p.id";
        } else {
            jpql = "select p.id from PackageEntry p join p.repository r " + where(text, repositoryId)
                    + " order by " + sort.expression + direction + ", p.name, p.id";
        }
        TypedQuery<Long> q = em.createQuery(jpql, Long.class);
        bind(q, text, repositoryId);
        List<Long> ids = q.setFirstResult(offset).setMaxResults(limit).getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        java.util.Map<Long, PackageRow> rows = new java.util.HashMap<>();
        em.createQuery(ROWS + "where p.id in :ids group by p.id, p.name, r.id, r.name, r.format", Object[].class)
                .setParameter("ids", ids).getResultList().forEach(row -> rows.put((Long) row[0], row(row)));
        return ids.stream().map(rows::get).toList();
    }

    /** How many packages {@link #search} finds in all. */
    public long count(String text, Long repositoryId) {
        TypedQuery<Long> q = em.createQuery("select count(p) from PackageEntry p join p.repository r "
                + where(text, repositoryId), Long.class);
        bind(q, text, repositoryId);
        return q.getSingleResult();
    }

    /** A package by id, as a search row. */
    public Optional<PackageRow> find(long packageId) {
        TypedQuery<Object[]> q = em.createQuery(ROWS + "where p.id = :id group by p.id, p.name, r.id, r.name, r.format", Object[].class);
        return q.setParameter("id", packageId).getResultStream().findFirst()
                .map(this::row);
    }

    /** A package's versions, newest first, each with its artifacts. */
    public List<VersionRow> versions(long packageId) {
        List<VersionEntry> versions = em.createQuery("select v from VersionEntry v where v.pkg.id = :id "
                        + "order by v.createdAt desc, v.id desc", VersionEntry.class)
                .setParameter("id", packageId).getResultList();
        List<ArtifactEntry> artifacts = em.createQuery("select a from ArtifactEntry a where a.version.pkg.id = :id "
                        + "order by a.path", ArtifactEntry.class)
                .setParameter("id", packageId).getResultList();
        return versions.stream().map(v -> new VersionRow(v.getId(), v.getVersion(), v.getReleasedAt(), v.getCreatedAt(),
                artifacts.stream().filter(a -> a.getVersion().getId().equals(v.getId()))
                        .map(a -> new ArtifactRow(a.getId(), a.getPath(), a.getSize(), a.getSha256(), a.getHitCount(),
                                a.getLastAccessedAt(), a.getFetchedAt(), a.getUpstreamUrl(), a.getPublishedBy()))
                        .toList())).toList();
    }

    /** The artifacts of a repository whose path starts with {@code prefix}, in path order, at most {@code limit}. */
    public List<ArtifactRow> artifacts(long repositoryId, String prefix, int limit) {
        String like = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return em.createQuery("select a from ArtifactEntry a where a.repositoryId = :repo and a.path like :prefix "
                        + "escape '!' order by a.path", ArtifactEntry.class)
                .setParameter("repo", repositoryId).setParameter("prefix", like).setMaxResults(limit).getResultList()
                .stream().map(a -> new ArtifactRow(a.getId(), a.getPath(), a.getSize(), a.getSha256(), a.getHitCount(),
                        a.getLastAccessedAt(), a.getFetchedAt(), a.getUpstreamUrl(), a.getPublishedBy()))
                .toList();
    }

    /** Packages with their repository and the sums over their versions and artifacts; {@link #row} reads one. */
    private static final String ROWS = "select p.id, p.name, r.id, r.name, r.format, count(distinct v.id), "
            + "coalesce(sum(a.hitCount), 0), coalesce(sum(a.size), 0) "
            + "from PackageEntry p join p.repository r "
            + "left join VersionEntry v on v.pkg = p left join ArtifactEntry a on a.version = v ";

    private PackageRow row(Object[] row) {
        long id = (Long) row[0];
        return new PackageRow(id, (String) row[1], (Long) row[2], (String) row[3], (String) row[4],
                ((Number) row[5]).longValue(), ((Number) row[6]).longValue(), lastAccess(id), ((Number) row[7]).longValue());
    }

    /**
     * When an artifact of the package was last served. Read as the attribute itself, not as {@code max(...)} in the
     * grouped query: EclipseLink hands an aggregate of a converted attribute to the converter as a raw
     * {@code Timestamp}.
     */
    private Instant lastAccess(long packageId) {
        return em.createQuery("select a.lastAccessedAt from ArtifactEntry a join a.version v where v.pkg.id = :id "
                        + "and a.lastAccessedAt is not null order by a.lastAccessedAt desc", Instant.class)
                .setParameter("id", packageId).setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    private static String where(String text, Long repositoryId) {
        StringBuilder w = new StringBuilder("where 1 = 1");
        if (text != null) {
            w.append(" and lower(p.name) like :text escape '!'");
        }
        if (repositoryId != null) {
            w.append(" and r.id = :repo");
        }
        return w.toString();
    }

    private static void bind(TypedQuery<?> q, String text, Long repositoryId) {
        if (text != null) {
            q.setParameter("text", "%" + text.toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%");
        }
        if (repositoryId != null) {
            q.setParameter("repo", repositoryId);
        }
    }
}
