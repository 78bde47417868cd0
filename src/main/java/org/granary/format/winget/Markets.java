package org.granary.format.winget;

import java.util.List;

/**
 * The markets an installer is restricted to ({@code AllowedMarkets}) or kept out of ({@code ExcludedMarkets});
 * a manifest gives one of the two. Markets are ISO 3166 two-letter codes.
 */
public record Markets(List<String> allowedMarkets, List<String> excludedMarkets) {

    public Markets {
        allowedMarkets = List.copyOf(allowedMarkets);
        excludedMarkets = List.copyOf(excludedMarkets);
    }

    public boolean includes(String market) {
        if (!allowedMarkets.isEmpty() && allowedMarkets.stream().noneMatch(m -> m.equalsIgnoreCase(market))) {
            return false;
        }
        return excludedMarkets.stream().noneMatch(m -> m.equalsIgnoreCase(market));
    }
}
