package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.hibernate.Session;

/**
 * Reads and writes the WinGet search index ({@code winget_index_key}). A search is one query: the versions with a
 * value matching any of the alternatives ({@code anyOf}: Query fields and Inclusions) and, for every filter
 * ({@code allOf}), a value matching it, as distinct packages in identifier order, page by page. Bulk writes go
 * through JDBC batches (Hibernate's {@code Session.doWork}: Hibernate is the JPA provider on every supported
 * server).
 */
@ApplicationScoped
@Transactional
public class WingetIndexDao {

    /** Equality alternatives are sent as IN lists of at most this many values each. */
    static final int IN_LIST_SIZE = 500;
    /** Rows per JDBC batch of {@link #insertNew}. */
    private static final int BATCH_SIZE = 1000;
    private static final String INSERT = "insert into winget_index_key (repository_id, package_identifier, package_sort, "
            + "package_version, field, field_value, value_folded, value_fuzzy) values (?, ?, ?, ?, ?, ?, ?, ?)";

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

    /** Replaces everything the index holds for one package with {@code versions} (all of them; empty: removes it). */
    public void replacePackage(long repositoryId, String packageIdentifier, List<WingetIndexVersion> versions) {
        deletePackage(repositoryId, packageIdentifier);
        insertNew(versions);
    }

    /**
     * Adds versions the index does not hold yet (a new repository, a rebuild after {@link #deleteRepository}): one
     * prepared statement, sent in JDBC batches (measured: 120,000 rows in about 3 s on H2, where multi-row native
     * queries through JPA took 14 to 44 s, most of it binding 1,600 parameters per statement).
     */
    public void insertNew(List<WingetIndexVersion> versions) {
        if (versions.isEmpty()) {
            return;
        }
        em.flush();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                int pending = 0;
                for (WingetIndexVersion v : versions) {
                    for (WingetIndexKey k : v.keys()) {
                        insert.setLong(1, v.repositoryId());
                        insert.setString(2, v.packageIdentifier());
                        insert.setString(3, v.packageSort());
                        insert.setString(4, v.packageVersion());
                        insert.setString(5, k.field());
                        insert.setString(6, k.value());
                        insert.setString(7, k.folded());
                        insert.setString(8, k.fuzzy());
                        insert.addBatch();
                        if (++pending == BATCH_SIZE) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
        });
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
     * <p>
     * One query: a {@code UNION} of the versions each alternative finds through an index (one IN list per field and
     * comparison, at most {@value #IN_LIST_SIZE} values each; a pattern that starts with a wildcard cannot use one, so
     * all of those share one scan), each version then checked against every filter, the packages listed once.
     * Without alternatives an indexable filter finds the versions (winget's {@code --id --exact} is one index look-up),
     * else every version is listed in identifier order.
     *
     * @param anyOf          alternatives, one of which a version must match; empty: no such requirement
     * @param allOf          conditions a version must each match
     * @param everyVersionBy a field every version has exactly one row of (the package identifier's), to list
     *                       packages when neither {@code anyOf} nor an indexable filter narrows them
     */
    @SuppressWarnings("unchecked")
    public List<String> findPackages(long repositoryId, List<WingetIndexCondition> anyOf,
                                     List<WingetIndexCondition> allOf, String everyVersionBy, String afterSort,
                                     String afterIdentifier, int limit) {
        List<WingetIndexCondition> drivers = new ArrayList<>(anyOf);
        List<WingetIndexCondition> filters = new ArrayList<>(allOf);
        if (drivers.isEmpty()) {
            filters.stream().filter(WingetIndexDao::indexable).findFirst().ifPresent(f -> {
                drivers.add(f);
                filters.remove(f);
            });
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select m.package_sort, m.package_identifier from (");
        List<WingetIndexCondition> scanned = new ArrayList<>();
        int branches = 0;
        for (WingetIndexCondition c : drivers) {
            if (!indexable(c)) {
                scanned.add(c);
                continue;
            }
            for (int from = 0; from < c.values().size(); from += IN_LIST_SIZE) {
                WingetIndexCondition chunk = new WingetIndexCondition(c.field(), c.comparison(),
                        c.values().subList(from, Math.min(c.values().size(), from + IN_LIST_SIZE)));
                branch(sql, params, branches++, repositoryId, afterSort, afterIdentifier, List.of(chunk), null);
            }
        }
        if (!scanned.isEmpty()) {
            branch(sql, params, branches++, repositoryId, afterSort, afterIdentifier, scanned, null);
        }
        if (branches == 0) {
            branch(sql, params, branches, repositoryId, afterSort, afterIdentifier, List.of(), everyVersionBy);
        }
        sql.append(") m where 1 = 1");
        for (WingetIndexCondition filter : filters) {
            sql.append(" and exists (select 1 from winget_index_key f where f.package_identifier = m.package_identifier"
                    + " and f.repository_id = ? and f.package_version = m.package_version and ");
            params.add(repositoryId);
            clause(sql, params, "f", filter);
            sql.append(")");
        }
        sql.append(" group by m.package_sort, m.package_identifier order by m.package_sort, m.package_identifier");
        Query q = bind(em.createNativeQuery(number(sql.toString())), params).setMaxResults(limit);
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(r -> (String) r[1]).toList();
    }

    /** One arm of the union: the versions matching one of {@code anyOf} (or, without, having {@code everyVersionBy}). */
    private static void branch(StringBuilder sql, List<Object> params, int index, long repositoryId, String afterSort,
                               String afterIdentifier, List<WingetIndexCondition> anyOf, String everyVersionBy) {
        // The compared value first: H2 uses an IN list for an index look-up only when no condition before it in the
        // WHERE clause has already set the index range.
        sql.append(index == 0 ? "" : " union ").append("select k.package_sort, k.package_identifier, k.package_version "
                + "from winget_index_key k where ");
        if (anyOf.isEmpty()) {
            sql.append("k.field = ?");
            params.add(everyVersionBy);
        } else {
            sql.append("(");
            for (int i = 0; i < anyOf.size(); i++) {
                sql.append(i == 0 ? "" : " or ");
                clause(sql, params, "k", anyOf.get(i));
            }
            sql.append(")");
        }
        sql.append(" and k.repository_id = ?");
        params.add(repositoryId);
        if (afterSort != null) {
            sql.append(" and (k.package_sort > ? or (k.package_sort = ? and k.package_identifier > ?))");
            params.add(afterSort);
            params.add(afterSort);
            params.add(afterIdentifier);
        }
    }

    /**
     * Whether a condition can be answered from the index of folded values: equalities, and patterns with a fixed
     * start. Fuzzy forms are not indexed (winget does not send Fuzzy searches to REST sources).
     */
    static boolean indexable(WingetIndexCondition c) {
        return switch (c.comparison()) {
            case EXACT, FOLDED_EQUALS -> true;
            case FOLDED_LIKE -> c.values().stream().noneMatch(p -> p.isEmpty() || p.charAt(0) == '%' || p.charAt(0) == '_');
            case FUZZY_EQUALS, FUZZY_LIKE -> false;
        };
    }

    /** Every indexed value of the given packages, by package, version and field. */
    @SuppressWarnings("unchecked")
    public List<WingetIndexRow> rows(long repositoryId, Collection<String> packageIdentifiers) {
        if (packageIdentifiers.isEmpty()) {
            return List.of();
        }
        List<Object[]> found = new ArrayList<>();
        List<String> ids = new ArrayList<>(packageIdentifiers);
        for (int from = 0; from < ids.size(); from += IN_LIST_SIZE) {
            List<Object> params = new ArrayList<>();
            StringBuilder sql = new StringBuilder("select package_sort, package_identifier, package_version, field, "
                    + "field_value, id from winget_index_key where");
            in(sql, params, "package_identifier", ids.subList(from, Math.min(ids.size(), from + IN_LIST_SIZE)));
            sql.append(" and repository_id = ?");
            params.add(repositoryId);
            found.addAll(bind(em.createNativeQuery(number(sql.toString())), params).getResultList());
        }
        found.sort(java.util.Comparator.comparing((Object[] r) -> (String) r[0]).thenComparing(r -> (String) r[1])
                .thenComparing(r -> (String) r[2]).thenComparingLong(r -> ((Number) r[5]).longValue()));
        List<WingetIndexRow> out = new ArrayList<>(found.size());
        found.forEach(r -> out.add(new WingetIndexRow((String) r[1], (String) r[2], (String) r[3], (String) r[4])));
        return out;
    }

    private static void clause(StringBuilder sql, List<Object> params, String alias, WingetIndexCondition c) {
        sql.append("(");
        switch (c.comparison()) {
            case EXACT -> {
                // The folded form finds the rows through the index; the value as written decides.
                in(sql, params, alias + ".value_folded", c.values().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList());
                sql.append(" and");
                in(sql, params, alias + ".field_value", c.values());
            }
            case FOLDED_EQUALS -> in(sql, params, alias + ".value_folded", c.values());
            case FUZZY_EQUALS -> in(sql, params, alias + ".value_fuzzy", c.values());
            case FOLDED_LIKE -> like(sql, params, alias + ".value_folded", c.values());
            case FUZZY_LIKE -> like(sql, params, alias + ".value_fuzzy", c.values());
        }
        sql.append(" and ").append(alias).append(".field = ?)");
        params.add(c.field());
    }

    private static void in(StringBuilder sql, List<Object> params, String column, List<String> values) {
        sql.append(" (");
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
        sql.append(" (");
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
