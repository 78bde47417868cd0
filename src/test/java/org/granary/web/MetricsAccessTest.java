package org.granary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.Identity;
import org.granary.web.MetricsAccess.Decision;
import org.junit.jupiter.api.Test;

class MetricsAccessTest {

    private static final Identity PROMETHEUS = Identity.of("prometheus", Set.of("reader"), "-");
    private static final Identity SOMEONE = Identity.of("alice", Set.of("reader", "publisher"), "-");
    private static final Identity ADMIN = Identity.of("root", Set.of("admin"), "-");

    @Test
    void byDefaultOnlyTheLocalHostScrapesWithoutCredentials() {
        MetricsAccess access = MetricsAccess.from(GranaryConfig.of(Map.of()));

        assertEquals(Decision.ALLOW, access.decide(Identity.ANONYMOUS, "127.0.0.1"));
        assertEquals(Decision.ALLOW, access.decide(Identity.ANONYMOUS, "::1"));
        assertEquals(Decision.UNAUTHORIZED, access.decide(Identity.ANONYMOUS, "10.1.2.3"));
        assertEquals(Decision.FORBIDDEN, access.decide(SOMEONE, "10.1.2.3"));
        assertEquals(Decision.ALLOW, access.decide(ADMIN, "10.1.2.3"));
    }

    @Test
    void aMonitoringNetworkAndAScrapeUserAreAllowedFromAnywhere() {
        MetricsAccess access = MetricsAccess.from(GranaryConfig.of(Map.of(
                Setting.METRICS_ALLOWED_FROM, "10.20.0.0/16", Setting.METRICS_USERS, "prometheus, grafana")));

        assertEquals(Decision.ALLOW, access.decide(Identity.ANONYMOUS, "10.20.3.4"));
        assertEquals(Decision.UNAUTHORIZED, access.decide(Identity.ANONYMOUS, "127.0.0.1"), "the default list is replaced");
        assertEquals(Decision.ALLOW, access.decide(PROMETHEUS, "192.0.2.7"));
        assertEquals(Decision.FORBIDDEN, access.decide(SOMEONE, "192.0.2.7"));
    }

    @Test
    void noneLeavesOnlyCredentials() {
        MetricsAccess access = MetricsAccess.from(GranaryConfig.of(Map.of(Setting.METRICS_ALLOWED_FROM, "none")));

        assertEquals(Decision.UNAUTHORIZED, access.decide(Identity.ANONYMOUS, "127.0.0.1"));
        assertEquals(Decision.ALLOW, access.decide(ADMIN, "127.0.0.1"));
    }

    @Test
    void aMisspeltAddressNamesTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsAccess.from(
                GranaryConfig.of(Map.of(Setting.METRICS_ALLOWED_FROM, "10.0.0.0/33"))));
        assertTrue(e.getMessage().contains("GRANARY_METRICS_ALLOWED_FROM"), e.getMessage());
    }
}
