package org.granary.security;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/**
 * The directory's settings ({@code GRANARY_LDAP_*}), read and checked together: an unusable combination is refused
 * with a message naming the setting, so a mistake shows at the first sign-in instead of as a wrong answer.
 *
 * @param urls          servers, tried in this order
 * @param bindPassword  the service account's password, from the setting or the first line of its file
 * @param groupFilter   the filter as searched: with {@link Nesting#AD} and the default filter, the in-chain rule
 */
public record LdapSettings(List<URI> urls, String bindDn, String bindPassword, String userBase, String userFilter,
                           String groupBase, String groupFilter, String groupNameAttribute, Nesting nesting,
                           boolean startTls, Path trustStore, String trustStorePassword, Duration connectTimeout,
                           Duration readTimeout, Duration cacheTtl, RoleMapping mapping) {

    /** Active Directory's LDAP_MATCHING_RULE_IN_CHAIN: membership through any number of nested groups. */
    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";

    /** How memberships of groups in groups are found. */
    public enum Nesting {
        /** Granary searches the groups of each group found, up to {@link #MAX_DEPTH} levels. */
        SEARCH,
        /** The server resolves them: one search with {@code member:1.2.840.113556.1.4.1941:}. */
        AD,
        /** Direct memberships only. */
        OFF;

        public static final int MAX_DEPTH = 10;
    }

    /** The settings, or empty when {@code GRANARY_LDAP_URLS} is not set (no directory). */
    public static Optional<LdapSettings> from(GranaryConfig config) {
        Optional<String> urlList = config.explicit(Setting.LDAP_URLS);
        if (urlList.isEmpty()) {
            return Optional.empty();
        }
        List<URI> urls = new ArrayList<>();
        for (String u : RoleMapping.split(urlList.get())) {
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw bad(Setting.LDAP_URLS, "'" + u + "' is not a URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ldap") && !scheme.equals("ldaps") || uri.getHost() == null) {
                throw bad(Setting.LDAP_URLS, "'" + u + "' is not an ldap:// or ldaps:// URL with a host");
            }
            urls.add(uri);
        }
        boolean startTls = Boolean.parseBoolean(config.require(Setting.LDAP_START_TLS));
        if (startTls && urls.stream().anyMatch(u -> u.getScheme().equalsIgnoreCase("ldaps"))) {
            throw bad(Setting.LDAP_START_TLS, "StartTLS upgrades ldap:// connections; ldaps:// ones are encrypted already");
        }
        String userBase = config.explicit(Setting.LDAP_USER_BASE)
                .orElseThrow(() -> bad(Setting.LDAP_USER_BASE, "the directory needs a base DN to search users under"));
        String userFilter = config.require(Setting.LDAP_USER_FILTER);
        if (!userFilter.contains("{0}")) {
            throw bad(Setting.LDAP_USER_FILTER, "the filter must contain {0}, the name the user signs in with");
        }
        Nesting nesting;
        try {
            nesting = Nesting.valueOf(config.require(Setting.LDAP_NESTED_GROUPS).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(Setting.LDAP_NESTED_GROUPS, "use search, ad or off");
        }
        String groupFilter = config.explicit(Setting.LDAP_GROUP_FILTER)
                .orElse(nesting == Nesting.AD ? "(member:" + IN_CHAIN + ":={0})" : Setting.LDAP_GROUP_FILTER.defaultValue());
        String password = config.explicit(Setting.LDAP_BIND_PASSWORD).orElse(null);
        Optional<String> passwordFile = config.explicit(Setting.LDAP_BIND_PASSWORD_FILE);
        if (password != null && passwordFile.isPresent()) {
            throw bad(Setting.LDAP_BIND_PASSWORD_FILE, "set the password or its file, not both");
        }
        if (passwordFile.isPresent()) {
            try {
                password = Files.readAllLines(Path.of(passwordFile.get()), StandardCharsets.UTF_8).stream().findFirst()
                        .orElse("").strip();
            } catch (IOException e) {
                throw bad(Setting.LDAP_BIND_PASSWORD_FILE, "cannot read " + passwordFile.get() + ": " + e.getMessage());
            }
        }
        String bindDn = config.explicit(Setting.LDAP_BIND_DN).orElse(null);
        if (bindDn != null && (password == null || password.isEmpty())) {
            throw bad(Setting.LDAP_BIND_DN, "a bind DN needs its password (GRANARY_LDAP_BIND_PASSWORD or _FILE)");
        }
        RoleMapping mapping = RoleMapping.of(config.explicit(Setting.LDAP_ADMIN_GROUPS).orElse(null),
                config.explicit(Setting.LDAP_PUBLISHER_GROUPS).orElse(null), config.get(Setting.LDAP_READER_GROUPS).orElse(null));
        return Optional.of(new LdapSettings(List.copyOf(urls), bindDn, password, userBase, userFilter,
                config.explicit(Setting.LDAP_GROUP_BASE).orElse(userBase), groupFilter,
                config.require(Setting.LDAP_GROUP_NAME_ATTRIBUTE), nesting, startTls,
                config.explicit(Setting.LDAP_TRUST_STORE).map(Path::of).orElse(null),
                config.explicit(Setting.LDAP_TRUST_STORE_PASSWORD).orElse(null),
                config.duration(Setting.LDAP_CONNECT_TIMEOUT), config.duration(Setting.LDAP_READ_TIMEOUT),
                config.duration(Setting.LDAP_CACHE_TTL), mapping));
    }

    /** Whether connections need TLS settings of their own (ldaps:// or StartTLS with a trust store). */
    boolean usesTrustStore() {
        return trustStore != null;
    }

    @Override
    public String toString() {
        // never the password
        return "LdapSettings" + urls + " user base " + userBase;
    }

    private static IllegalStateException bad(Setting s, String why) {
        return new IllegalStateException(s.environmentVariable() + ": " + why);
    }
}
