package org.granary.format.winget;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.granary.format.winget.PackageSummary.VersionSummary;
import org.granary.format.winget.SearchRequest.MatchFilter;
import org.granary.persistence.WingetIndexCondition;
import org.granary.persistence.WingetIndexCondition.Comparison;
import org.granary.persistence.WingetIndexKey;
import org.granary.persistence.WingetIndexRow;
import org.granary.persistence.WingetIndexVersion;

/**
 * The WinGet search index in the database, from the format's side: what to index for a manifest
 * ({@link #keysOf}), how a {@link SearchRequest} becomes index conditions ({@link #conditions}), and how a page of
 * results is assembled from index rows ({@link #search}), with the same semantics as {@link ManifestSearch}.
 * Where a version is offered is indexed as field {@code Market}: {@code *} when some installer is offered everywhere,
 * else every market code some installer is offered in (for an installer with only {@code ExcludedMarkets}, every
 * two-letter code but those), so that a {@code Market} filter is one more condition and a search lists only the
 * versions offered there, as {@link ManifestSearch} does.
 */
public final class IndexQuery {

    /** Summary fields kept beside the match fields. */
    static final String DEFAULT_NAME = "DefaultName";
    static final String PUBLISHER = "Publisher";
    static final String CHANNEL = "Channel";
    static final String ARP_VERSION = "AppsAndFeaturesEntryVersion";

    private IndexQuery() {
    }

    /** What the database must answer: one of {@code anyOf} (if any) and all of {@code allOf}. */
    public record Conditions(List<WingetIndexCondition> anyOf, List<WingetIndexCondition> allOf) {
    }

    /** Finds package identifiers for the conditions after a cursor; see {@code WingetIndexDao.findPackages}. */
    @FunctionalInterface
    public interface Finder {
        List<String> find(Conditions conditions, String everyVersionBy, String afterSort, String afterIdentifier,
                          int limit);
    }

    /** Loads the rows of some packages; see {@code WingetIndexDao.rows}. */
    @FunctionalInterface
    public interface Loader {
        List<WingetIndexRow> rows(Collection<String> packageIdentifiers);
    }

    /** The value of field {@code Market} of a version one of whose installers is offered everywhere. */
    static final String EVERYWHERE = "*";
    /** Every market code there can be (the schema's {@code ^[A-Z]{2}$}). */
    private static final List<String> ALL_MARKETS;

    static {
        List<String> codes = new ArrayList<>(26 * 26);
        for (char a = 'A'; a <= 'Z'; a++) {
            for (char b = 'A'; b <= 'Z'; b++) {
                codes.add("" + a + b);
            }
        }
        ALL_MARKETS = List.copyOf(codes);
    }

    /** The rows of one version (limited to what the columns hold: longer values are not indexed). */
    public static WingetIndexVersion keysOf(long repositoryId, WingetManifest m) {
        List<WingetIndexKey> keys = new ArrayList<>();
        for (PackageMatchField f : PackageMatchField.values()) {
            if (f == PackageMatchField.MARKET) {
                markets(m).forEach(v -> add(keys, f.json(), v));
                continue;
            }
            for (String v : ManifestSearch.values(f, m)) {
                add(keys, f.json(), v);
            }
        }
        add(keys, DEFAULT_NAME, m.defaultLocale().packageName());
        add(keys, PUBLISHER, m.defaultLocale().publisher());
        add(keys, CHANNEL, m.channel());
        m.appsAndFeaturesVersions().forEach(v -> add(keys, ARP_VERSION, v));
        return new WingetIndexVersion(repositoryId, m.packageIdentifier(), sortKey(m.packageIdentifier()),
                m.packageVersion(), keys);
    }

    /** Where a version is offered: {@link #EVERYWHERE}, or the market codes (upper case) of its installers. */
    static Set<String> markets(WingetManifest m) {
        Set<String> out = new java.util.TreeSet<>();
        for (Installer i : m.installers()) {
            Markets markets = i.markets();
            if (markets == null || markets.allowedMarkets().isEmpty() && markets.excludedMarkets().isEmpty()) {
                return Set.of(EVERYWHERE);
            }
            for (String code : markets.allowedMarkets().isEmpty() ? ALL_MARKETS : markets.allowedMarkets()) {
                if (markets.includes(code)) {
                    out.add(code.toUpperCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    public static String sortKey(String packageIdentifier) {
        return TextMatch.fold(packageIdentifier);
    }

    /** The request as index conditions (the Query over {@link ManifestSearch#QUERY_FIELDS}, equalities grouped). */
    public static Conditions conditions(SearchRequest request) {
        if (request.fetchAllManifests()) {
            return new Conditions(List.of(), List.of());
        }
        List<MatchFilter> alternatives = new ArrayList<>();
        request.query().ifPresent(q -> ManifestSearch.QUERY_FIELDS.forEach(f -> alternatives.add(new MatchFilter(f, q))));
        alternatives.addAll(request.inclusions());
        List<WingetIndexCondition> anyOf = grouped(alternatives);
        List<WingetIndexCondition> allOf = new ArrayList<>();
        // Market last: most versions are offered everywhere, so another indexed filter finds fewer rows first
        request.filters().stream().filter(f -> f.field() != PackageMatchField.MARKET).forEach(f -> allOf.add(condition(f)));
        request.filters().stream().filter(f -> f.field() == PackageMatchField.MARKET).forEach(f -> allOf.add(condition(f)));
        return new Conditions(anyOf, allOf);
    }

    /** One page of results through the index (the same paging and order as {@link ManifestSearch#search}). */
    public static SearchPage search(SearchRequest request, String continuationToken, int pageSize, Finder finder,
                                    Loader loader) {
        SearchPage.Window window = SearchPage.Window.of(request, ContinuationToken.decode(continuationToken), pageSize);
        Conditions conditions = conditions(request);
        String after = window.after();
        List<String> ids = finder.find(conditions, PackageMatchField.PACKAGE_IDENTIFIER.json(),
                after == null ? null : sortKey(after), after, window.take() + 1);
        boolean more = ids.size() > window.take();
        List<String> page = more ? ids.subList(0, window.take()) : ids;
        List<String> markets = request.filters().stream().filter(f -> f.field() == PackageMatchField.MARKET)
                .map(f -> f.match().keyWord()).toList();
        List<PackageSummary> summaries = summaries(offeredIn(loader.rows(page), markets));
        String last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new SearchPage(summaries, window.next(last, page.size(), more));
    }

    /**
     * The rows of the versions offered in every one of {@code markets} (the keywords of a search's {@code Market}
     * filters): the versions such a search lists.
     */
    static List<WingetIndexRow> offeredIn(List<WingetIndexRow> rows, List<String> markets) {
        if (markets.isEmpty()) {
            return rows;
        }
        Map<String, Set<String>> where = new java.util.HashMap<>();
        for (WingetIndexRow r : rows) {
            if (r.field().equals(PackageMatchField.MARKET.json())) {
                where.computeIfAbsent(r.packageIdentifier() + "\u0000" + r.packageVersion(), k -> new java.util.HashSet<>())
                        .add(r.value().toUpperCase(Locale.ROOT));
            }
        }
        return rows.stream().filter(r -> {
            Set<String> offered = where.getOrDefault(r.packageIdentifier() + "\u0000" + r.packageVersion(), Set.of());
            return markets.stream().allMatch(m -> ManifestSearch.isMarket(m)
                    && (offered.contains(EVERYWHERE) || offered.contains(m.toUpperCase(Locale.ROOT))));
        }).toList();
    }

    /** Package summaries from index rows, in the order the packages first appear. */
    public static List<PackageSummary> summaries(List<WingetIndexRow> rows) {
        Map<String, Map<String, List<WingetIndexRow>>> byPackage = new LinkedHashMap<>();
        for (WingetIndexRow r : rows) {
            byPackage.computeIfAbsent(r.packageIdentifier(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.packageVersion(), k -> new ArrayList<>()).add(r);
        }
        List<PackageSummary> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<WingetIndexRow>>> p : byPackage.entrySet()) {
            String newest = p.getValue().keySet().stream().max(WingetVersionOrder.INSTANCE).orElseThrow();
            List<WingetIndexRow> newestRows = p.getValue().get(newest);
            List<VersionSummary> versions = new ArrayList<>();
            p.getValue().forEach((version, vr) -> versions.add(new VersionSummary(version, first(vr, CHANNEL),
                    all(vr, PackageMatchField.PACKAGE_FAMILY_NAME.json()), all(vr, PackageMatchField.PRODUCT_CODE.json()),
                    all(vr, PackageMatchField.UPGRADE_CODE.json()), all(vr, ARP_VERSION))));
            out.add(new PackageSummary(p.getKey(), first(newestRows, DEFAULT_NAME), first(newestRows, PUBLISHER),
                    versions));
        }
        return out;
    }

    static WingetIndexCondition condition(MatchFilter f) {
        return grouped(List.of(f)).get(0);
    }

    /** Conditions on the same field compared the same way become one condition with several values. */
    private static List<WingetIndexCondition> grouped(List<MatchFilter> filters) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        Map<String, WingetIndexCondition> shapes = new LinkedHashMap<>();
        for (MatchFilter f : filters) {
            String keyword = ManifestSearch.keyword(f);
            Comparison comparison;
            String value;
            if (f.field() == PackageMatchField.MARKET) {
                // offered everywhere, or in that market (whatever the MatchType, as in memory)
                String shape = f.field().json() + "\u0000" + Comparison.FOLDED_EQUALS;
                // (a keyword that is no market code matches nothing: "-" is no value of the field)
                values.computeIfAbsent(shape, k -> new LinkedHashSet<>()).addAll(ManifestSearch.isMarket(keyword)
                        ? List.of(EVERYWHERE, TextMatch.fold(keyword)) : List.of("-"));
                shapes.putIfAbsent(shape, new WingetIndexCondition(f.field().json(), Comparison.FOLDED_EQUALS,
                        List.of("-")));
                continue;
            }
            switch (f.match().matchType()) {
                case EXACT -> { comparison = Comparison.EXACT; value = keyword; }
                case CASE_INSENSITIVE -> { comparison = Comparison.FOLDED_EQUALS; value = TextMatch.fold(keyword); }
                case STARTS_WITH -> {
                    comparison = Comparison.FOLDED_LIKE;
                    value = TextMatch.likePattern(TextMatch.fold(keyword), false, false, true);
                }
                case SUBSTRING -> {
                    comparison = Comparison.FOLDED_LIKE;
                    value = TextMatch.likePattern(TextMatch.fold(keyword), false, true, true);
                }
                case WILDCARD -> {
                    comparison = Comparison.FOLDED_LIKE;
                    value = TextMatch.likePattern(TextMatch.fold(keyword), true, false, false);
                }
                case FUZZY -> { comparison = Comparison.FUZZY_EQUALS; value = TextMatch.fuzzy(keyword); }
                case FUZZY_SUBSTRING -> {
                    comparison = Comparison.FUZZY_LIKE;
                    value = TextMatch.likePattern(TextMatch.fuzzy(keyword), false, true, true);
                }
                default -> throw new IllegalStateException(f.match().matchType().toString());
            }
            if ((comparison == Comparison.FUZZY_EQUALS || comparison == Comparison.FUZZY_LIKE)
                    && TextMatch.fuzzy(keyword).isEmpty()) {
                value = "-"; // folds to nothing: matches nothing, as in memory (fuzzy forms hold only letters and digits)
            }
            String shape = f.field().json() + "\u0000" + comparison;
            values.computeIfAbsent(shape, k -> new LinkedHashSet<>()).add(value);
            shapes.putIfAbsent(shape, new WingetIndexCondition(f.field().json(), comparison, List.of(value)));
        }
        List<WingetIndexCondition> out = new ArrayList<>();
        shapes.forEach((shape, c) -> out.add(new WingetIndexCondition(c.field(), c.comparison(),
                new ArrayList<>(values.get(shape)))));
        return out;
    }

    private static void add(List<WingetIndexKey> keys, String field, String value) {
        if (value == null || value.isEmpty() || value.length() > 512) {
            return;
        }
        keys.add(new WingetIndexKey(field, value, TextMatch.fold(value), TextMatch.fuzzy(value)));
    }

    private static String first(List<WingetIndexRow> rows, String field) {
        return rows.stream().filter(r -> r.field().equals(field)).map(WingetIndexRow::value).findFirst().orElse(null);
    }

    private static List<String> all(List<WingetIndexRow> rows, String field) {
        return rows.stream().filter(r -> r.field().equals(field)).map(WingetIndexRow::value).distinct().toList();
    }
}
