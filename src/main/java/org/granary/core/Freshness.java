package org.granary.core;

import java.time.Duration;
import java.time.Instant;

/** Whether cached metadata may be served without asking the upstream. */
public final class Freshness {

    private Freshness() {
    }

    /** Fresh while {@code now} is before {@code fetchedAt + maxAge}; a zero max age is never fresh. */
    public static boolean isFresh(Instant fetchedAt, Duration maxAge, Instant now) {
        return fetchedAt != null && !maxAge.isZero() && !maxAge.isNegative() && now.isBefore(fetchedAt.plus(maxAge));
    }
}
