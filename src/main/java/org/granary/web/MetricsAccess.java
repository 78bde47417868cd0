package org.granary.web;

import java.util.List;
import java.util.Set;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.Identity;
import org.granary.security.TrustedProxies;

/**
 * Who may read {@code /granary/metrics}: clients at an address in {@code GRANARY_METRICS_ALLOWED_FROM} (default the
 * loopback addresses, so a scraper on the same host needs nothing), and from anywhere the users named in
 * {@code GRANARY_METRICS_USERS} with any of their credentials (a read-only token is enough) and administrators.
 * The address is the client's as {@link TrustedProxies} sees it, so behind a trusted proxy it is the proxy's client.
 */
public final class MetricsAccess {

    /** What a scrape gets. */
    public enum Decision { ALLOW, UNAUTHORIZED, FORBIDDEN }

    private final TrustedProxies networks;
    private final Set<String> users;

    MetricsAccess(String allowedFrom, String users) {
        this.networks = TrustedProxies.of(allowedFrom); // the same address-and-CIDR list, used as an allow-list here
        this.users = Set.copyOf(users == null || users.isBlank() ? List.of() : List.of(users.trim().split("[,\\s]+")));
    }

    /** From the settings; an unreadable address list stops the deployment with the setting's name. */
    public static MetricsAccess from(GranaryConfig config) {
        String allowed = config.get(Setting.METRICS_ALLOWED_FROM).filter(v -> !v.equalsIgnoreCase("none")).orElse("");
        try {
            return new MetricsAccess(allowed, config.get(Setting.METRICS_USERS).orElse(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Setting.METRICS_ALLOWED_FROM.environmentVariable() + " is not a list of "
                    + "addresses and CIDR ranges: " + e.getMessage(), e);
        }
    }

    public Decision decide(Identity who, String clientAddress) {
        if (networks.trusts(clientAddress)) {
            return Decision.ALLOW;
        }
        if (!who.isAuthenticated()) {
            return Decision.UNAUTHORIZED;
        }
        return who.isAdmin() || users.contains(who.name().orElseThrow()) ? Decision.ALLOW : Decision.FORBIDDEN;
    }
}
