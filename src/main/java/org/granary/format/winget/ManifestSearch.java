package org.granary.format.winget;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.granary.format.winget.SearchRequest.MatchFilter;
import org.granary.format.winget.SearchRequest.RequestMatch;

/**
 * The search semantics of {@code manifestSearch}, over manifests in memory (a hosted repository's, or a page an
 * upstream returned): which versions match a request, which packages that makes, in which order, page by page.
 * The database index ({@link IndexQuery}) answers the same questions for large repositories.
 */
public final class ManifestSearch {

    /** The fields a {@code Query} keyword is looked for in. */
    public static final List<PackageMatchField> QUERY_FIELDS = List.of(PackageMatchField.PACKAGE_IDENTIFIER,
            PackageMatchField.PACKAGE_NAME, PackageMatchField.MONIKER, PackageMatchField.COMMAND, PackageMatchField.TAG,
            PackageMatchField.PACKAGE_FAMILY_NAME, PackageMatchField.PRODUCT_CODE, PackageMatchField.UPGRADE_CODE);

    /** Packages are listed by identifier, case-insensitively. */
    public static final Comparator<String> IDENTIFIER_ORDER =
            Comparator.comparing(TextMatch::fold).thenComparing(Comparator.naturalOrder());

    private ManifestSearch() {
    }

    /**
     * One page of the packages matching {@code request}, each with all its versions (those available in the market,
     * when a Market filter is given).
     *
     * @param continuationToken the client's header, or {@code null} for the first page
     * @throws org.granary.core.InvalidRequestException for a token this source did not issue
     */
    public static SearchPage search(SearchRequest request, Collection<WingetManifest> manifests,
                                    String continuationToken, int pageSize) {
        SearchPage.Window window = SearchPage.Window.of(request, ContinuationToken.decode(continuationToken), pageSize);
        Map<String, List<WingetManifest>> byPackage = new TreeMap<>(IDENTIFIER_ORDER);
        for (WingetManifest m : manifests) {
            byPackage.computeIfAbsent(m.packageIdentifier(), k -> new ArrayList<>()).add(m);
        }
        List<PackageSummary> page = new ArrayList<>();
        boolean more = false;
        for (Map.Entry<String, List<WingetManifest>> p : byPackage.entrySet()) {
            if (window.after() != null && IDENTIFIER_ORDER.compare(p.getKey(), window.after()) <= 0) {
                continue;
            }
            if (p.getValue().stream().noneMatch(v -> matches(request, v))) {
                continue;
            }
            if (page.size() == window.take()) {
                more = true;
                break;
            }
            List<WingetManifest> listed = p.getValue().stream().filter(v -> inMarkets(request, v)).toList();
            page.add(PackageSummary.of(listed));
        }
        String last = page.isEmpty() ? null : page.get(page.size() - 1).packageIdentifier();
        return new SearchPage(page, window.next(last, page.size(), more));
    }

    /** Whether one version satisfies the request. */
    public static boolean matches(SearchRequest request, WingetManifest m) {
        if (request.fetchAllManifests()) {
            return true;
        }
        boolean alternatives = request.query().isPresent() || !request.inclusions().isEmpty();
        if (alternatives) {
            boolean any = request.query().map(q -> QUERY_FIELDS.stream()
                    .anyMatch(f -> matches(new MatchFilter(f, q), m))).orElse(false)
                    || request.inclusions().stream().anyMatch(i -> matches(i, m));
            if (!any) {
                return false;
            }
        }
        return request.filters().stream().allMatch(f -> matches(f, m));
    }

    /** Whether one version satisfies one condition. */
    public static boolean matches(MatchFilter filter, WingetManifest m) {
        RequestMatch match = filter.match();
        if (filter.field() == PackageMatchField.MARKET) {
            return isMarket(match.keyWord()) && m.installers().stream().anyMatch(i -> i.availableIn(match.keyWord()));
        }
        String keyword = keyword(filter);
        for (String value : values(filter.field(), m)) {
            if (TextMatch.matches(match.matchType(), keyword, value)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code keyword} is a market code (two letters, ISO 3166; compared ignoring case). */
    public static boolean isMarket(String keyword) {
        return keyword != null && keyword.length() == 2 && keyword.chars().allMatch(c -> c < 128 && Character.isLetter(c));
    }

    /**
     * The keyword as compared: for {@code NormalizedPackageNameAndPublisher} normalised like the stored names
     * (a {@code Wildcard} keyword only folded, so that its {@code *} and {@code ?} survive).
     */
    static String keyword(MatchFilter filter) {
        String k = filter.match().keyWord();
        if (filter.field() != PackageMatchField.NORMALIZED_PACKAGE_NAME_AND_PUBLISHER) {
            return k;
        }
        return filter.match().matchType() == MatchType.WILDCARD ? TextMatch.fold(k) : NameNormalizer.name(k);
    }

    /** The values of a field in one version (none for {@code Market}, which is a condition on installers). */
    public static Set<String> values(PackageMatchField field, WingetManifest m) {
        return switch (field) {
            case PACKAGE_IDENTIFIER -> Set.of(m.packageIdentifier());
            case PACKAGE_NAME -> m.packageNames();
            case MONIKER -> m.defaultLocale().moniker() == null ? Set.of() : Set.of(m.defaultLocale().moniker());
            case COMMAND -> m.commands();
            case TAG -> m.tags();
            case PACKAGE_FAMILY_NAME -> m.packageFamilyNames();
            case PRODUCT_CODE -> m.productCodes();
            case UPGRADE_CODE -> m.upgradeCodes();
            case NORMALIZED_PACKAGE_NAME_AND_PUBLISHER -> normalizedNames(m);
            case HAS_INSTALLER_TYPE -> {
                Set<String> types = new java.util.LinkedHashSet<>();
                m.installers().forEach(i -> types.add(i.installerType().json()));
                yield types;
            }
            case MARKET -> Set.of();
        };
    }

    static Set<String> normalizedNames(WingetManifest m) {
        Set<String> names = new java.util.LinkedHashSet<>();
        List<String> all = new ArrayList<>(m.packageNames());
        all.addAll(m.appsAndFeaturesNames());
        for (String n : all) {
            String normalized = NameNormalizer.name(n);
            if (!normalized.isEmpty()) {
                names.add(normalized);
            }
        }
        return names;
    }

    private static boolean inMarkets(SearchRequest request, WingetManifest m) {
        return request.filters().stream().filter(f -> f.field() == PackageMatchField.MARKET).allMatch(f -> matches(f, m));
    }

    /**
     * The versions {@code packageManifests/{id}} answers for its query parameters: {@code Version} and
     * {@code Channel} (exact, when given) and {@code Market} (installers not offered there removed, then versions
     * left without installers). Order is kept.
     */
    public static List<WingetManifest> forQuery(List<WingetManifest> versions, String version, String channel,
                                                String market) {
        Map<String, WingetManifest> out = new LinkedHashMap<>();
        for (WingetManifest m : versions) {
            if (version != null && !version.isEmpty() && !m.packageVersion().equals(version)) {
                continue;
            }
            if (channel != null && !channel.isEmpty() && !channel.equals(m.channel())) {
                continue;
            }
            WingetManifest kept = m;
            if (market != null && !market.isEmpty()) {
                kept = m.withInstallers(m.installers().stream().filter(i -> i.availableIn(market)).toList());
                if (kept.installers().isEmpty()) {
                    continue;
                }
            }
            out.put(m.packageVersion() + "\u0000" + m.channel(), kept);
        }
        return new ArrayList<>(out.values());
    }
}
