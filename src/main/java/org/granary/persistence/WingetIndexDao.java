package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads and writes the WinGet search index ({@code winget_index_key}). A search is one query: the versions with a
 * value matching any of the alternatives ({@code anyOf}: Query fields and Inclusions) and, for every filter
 * ({@code allOf}), a value matching it, as distinct packages in identifier order, page by page.
 */
@ApplicationScoped
@Transactional
public class WingetIndexDao {

    /** Equality alternatives are sent as IN lists of at most this many values each. */
    static final int IN_LIST_SIZE = 500;

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public WingetIndexDao() {
        // for CDI
    }

    WingetIndexDao(EntityManager em) {
        this.em = em;
    }

    /** Replaces what the index holds for one version with {@code version.keys()}. */
    public void replace(WingetIndexVersion version) {
        deleteVersion(version.repositoryId(), version.packageIdentifier(), version.packageVersion());
        insertNew(List.of(version));
    }

    /**
     * Adds versions the index does not hold yet (a new repository, a rebuild after {@link #deleteRepository}), in
     * multi-row inserts: much faster than {@link #replace} one by one.
     */
    public void insertNew(List<WingetIndexVersion> versions) {
        List<Object[]> rows = new ArrayList<>();
        for (WingetIndexVersion v : versions) {
            for (WingetIndexKey k : v.keys()) {
                rows.add(new Object[] {v, k});
            }
        }
        for (int from = 0; from < rows.size(); from += 200) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + 200));
            StringBuilder sql = new StringBuilder("insert into winget_index_key (repository_id, package_identifier, "
                    + "package_sort, package_version, field, field_value, value_folded, value_fuzzy) values ");
            List<Object> params = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                WingetIndexVersion version = (WingetIndexVersion) chunk.get(i)[0];
                WingetIndexKey k = (WingetIndexKey) chunk.get(i)[1];
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
                params.add(version.repositoryId());
                params.add(version.packageIdentifier());
                params.add(version.packageSort());
                params.add(version.packageVersion());
                params.add(k.field());
                params.add(k.value());
                params.add(k.folded());
                params.add(k.fuzzy());
            }
            bind(em.createNativeQuery(number(sql.toString())), params).executeUpdate();
        }
    }

    public int deleteVersion(long repositoryId, String packageIdentifier, String packageVersion) {
        return em.createQuery("delete from WingetIndexEntry e where e.repositoryId = :repo "
                        + "and e.packageIdentifier = :pkg and e.packageVersion = :version")
                .setParameter("repo", repositoryId).setParameter("pkg", packageIdentifier)
                .setParameter("version", packageVersion).executeUpdate();
    }

    /** Empties one repository's index (before a rebuild). */
    public int deleteRepository(long repositoryId) {
        return em.createQuery("delete from WingetIndexEntry e where e.repositoryId = :repo")
                .setParameter("repo", repositoryId).executeUpdate();
    }

    public int deletePackage(long repositoryId, String packageIdentifier) {
        return em.createQuery("delete from WingetIndexEntry e where e.repositoryId = :repo and e.packageIdentifier = :pkg")
                .setParameter("repo", repositoryId).setParameter("pkg", packageIdentifier).executeUpdate();
    }

    /**
     * The identifiers of the packages with a version matching the conditions, after the cursor
     * ({@code afterSort}, {@code afterIdentifier}; both {@code null} for the first page), in index order, at most
     * {@code limit}.
     *
     * @param anyOf          alternatives, one of which a version must match; empty: no such requirement
     * @param allOf          conditions a version must each match
     * @param everyVersionBy a field every version has exactly one row of (the package identifier's), to list
     *                       packages when {@code anyOf} is empty
     */
    @SuppressWarnings("unchecked")
    public List<String> findPackages(long repositoryId, List<WingetIndexCondition> anyOf,
                                     List<WingetIndexCondition> allOf, String everyVersionBy, String afterSort,
                                     String afterIdentifier, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select k.package_sort, k.package_identifier from winget_index_key k "
                + "where k.repository_id = ?");
        params.add(repositoryId);
        if (anyOf.isEmpty()) {
            sql.append(" and k.field = ?");
            params.add(everyVersionBy);
        } else {
            sql.append(" and (");
            for (int i = 0; i < anyOf.size(); i++) {
                sql.append(i == 0 ? "" : " or ");
                clause(sql, params, "k", anyOf.get(i));
            }
            sql.append(")");
        }
        for (WingetIndexCondition filter : allOf) {
            sql.append(" and exists (select 1 from winget_index_key f where f.repository_id = k.repository_id"
                    + " and f.package_identifier = k.package_identifier and f.package_version = k.package_version and ");
            clause(sql, params, "f", filter);
            sql.append(")");
        }
        if (afterSort != null) {
            sql.append(" and (k.package_sort > ? or (k.package_sort = ? and k.package_identifier > ?))");
            params.add(afterSort);
            params.add(afterSort);
            params.add(afterIdentifier);
        }
        sql.append(" group by k.package_sort, k.package_identifier order by k.package_sort, k.package_identifier");
        Query q = bind(em.createNativeQuery(number(sql.toString())), params).setMaxResults(limit);
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(r -> (String) r[1]).toList();
    }

    /** Every indexed value of the given packages, by package, version and field. */
    public List<WingetIndexRow> rows(long repositoryId, Collection<String> packageIdentifiers) {
        if (packageIdentifiers.isEmpty()) {
            return List.of();
        }
        List<WingetIndexRow> out = new ArrayList<>();
        List<String> ids = new ArrayList<>(packageIdentifiers);
        for (int from = 0; from < ids.size(); from += IN_LIST_SIZE) {
            em.createQuery("select e from WingetIndexEntry e where e.repositoryId = :repo "
                            + "and e.packageIdentifier in :ids order by e.packageSort, e.packageIdentifier, "
                            + "e.packageVersion, e.id", WingetIndexEntry.class)
                    .setParameter("repo", repositoryId)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + IN_LIST_SIZE)))
                    .getResultStream().forEach(e -> out.add(e.toRow()));
        }
        return out;
    }

    private static void clause(StringBuilder sql, List<Object> params, String alias, WingetIndexCondition c) {
        sql.append("(").append(alias).append(".field = ?");
        params.add(c.field());
        switch (c.comparison()) {
            case EXACT -> {
                // The folded form narrows through the index; the value itself decides.
                in(sql, params, alias + ".value_folded", c.values().stream().map(v -> v.toLowerCase(java.util.Locale.ROOT)).toList());
                in(sql, params, alias + ".field_value", c.values());
            }
            case FOLDED_EQUALS -> in(sql, params, alias + ".value_folded", c.values());
            case FUZZY_EQUALS -> in(sql, params, alias + ".value_fuzzy", c.values());
            case FOLDED_LIKE -> like(sql, params, alias + ".value_folded", c.values());
            case FUZZY_LIKE -> like(sql, params, alias + ".value_fuzzy", c.values());
        }
        sql.append(")");
    }

    private static void in(StringBuilder sql, List<Object> params, String column, List<String> values) {
        sql.append(" and (");
        for (int from = 0; from < values.size(); from += IN_LIST_SIZE) {
            List<String> chunk = values.subList(from, Math.min(values.size(), from + IN_LIST_SIZE));
            sql.append(from == 0 ? "" : " or ").append(column).append(" in (");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
                params.add(chunk.get(i));
            }
            sql.append(")");
        }
        sql.append(")");
    }

    private static void like(StringBuilder sql, List<Object> params, String column, List<String> patterns) {
        sql.append(" and (");
        for (int i = 0; i < patterns.size(); i++) {
            sql.append(i == 0 ? "" : " or ").append(column).append(" like ? escape '\\'");
            params.add(patterns.get(i));
        }
        sql.append(")");
    }

    /** JDBC-style {@code ?} placeholders to JPA's numbered {@code ?1, ?2, …}. */
    private static String number(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 64);
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            out.append(c);
            if (c == '?' && !quoted) {
                out.append(++n);
            }
        }
        return out.toString();
    }

    private static Query bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        return q;
    }
}
