package org.granary.format.winget;

import java.util.List;

/**
 * One page of a {@code manifestSearch} answer: the packages, and the token for the next page ({@code null} on the
 * last). An empty page is answered {@code 204}.
 */
public record SearchPage(List<PackageSummary> packages, String continuationToken) {

    public SearchPage {
        packages = List.copyOf(packages);
    }

    public boolean isEmpty() {
        return packages.isEmpty();
    }

    /**
     * How many packages the next page may hold, and what the token after it must say: {@code pageSize}, cut to what
     * the client still wants ({@code MaximumResults}, or what the token says remains).
     */
    public record Window(String after, int take, int wanted) {

        public static Window of(SearchRequest request, ContinuationToken token, int pageSize) {
            if (pageSize < 1) {
                throw new IllegalArgumentException("page size " + pageSize);
            }
            int wanted = token != null ? token.remaining() : request.maximumResults();
            int take = wanted > 0 ? Math.min(pageSize, wanted) : pageSize;
            return new Window(token == null ? null : token.after(), take, wanted);
        }

        /** The token after a page that ended at {@code lastIdentifier}, when {@code more} packages follow. */
        public String next(String lastIdentifier, int taken, boolean more) {
            if (!more || taken == 0 || (wanted > 0 && wanted - taken <= 0)) {
                return null;
            }
            return new ContinuationToken(lastIdentifier, wanted > 0 ? wanted - taken : 0).encode();
        }
    }
}
