package org.granary.config;

import java.util.Locale;

/**
 * Every setting Granary reads. The property name is the key; the environment variable is derived from it
 * ({@code granary.upstream.npm} becomes {@code GRANARY_UPSTREAM_NPM}). The README's configuration table
 * lists exactly these.
 */
public enum Setting {
    DATA_DIR("granary.data.dir", "./data", "Directory for the H2 database file and the filesystem blob store."),
    BASE_URL("granary.base.url", null,
            "Public base URL (e.g. https://repo.example.com/granary) used in rewritten metadata; "
                    + "default: from the request and X-Forwarded-* headers."),
    UPSTREAM_NPM("granary.upstream.npm", null, "Upstream npm registry URL of the npm-proxy repository (no default)."),
    UPSTREAM_PYPI("granary.upstream.pypi", "https://pypi.org/simple/",
            "Upstream PyPI Simple API index of the pypi-proxy repository."),
    UPSTREAM_CARGO("granary.upstream.cargo", "https://index.crates.io/",
            "Upstream Cargo sparse index of the cargo-proxy repository."),
    UPSTREAM_MAVEN("granary.upstream.maven", null, "Upstream Maven repository URL of the maven-proxy repository (no default)."),
    UPSTREAM_GO("granary.upstream.go", "https://proxy.golang.org/", "Upstream Go module proxy of the go-proxy repository."),
    METADATA_MAX_AGE("granary.metadata.max-age", "PT5M",
            "How long cached metadata is served without revalidation (ISO-8601 duration) for new repositories."),
    ADMIN_PASSWORD("granary.admin.password", null,
            "Password of the bootstrap user admin, created at first start; without it one is generated and written "
                    + "to <data dir>/admin.password and the log."),
    NEGATIVE_CACHE_TTL("granary.negative-cache.ttl", "PT5M",
            "How long an upstream 404 is remembered before the upstream is asked again (PT0S: never)."),
    HTTP_PROXY("granary.http.proxy", null, "Outbound HTTP proxy for upstream traffic, e.g. http://user:pass@proxy:3128."),
    NO_PROXY("granary.no.proxy", "localhost,127.0.0.1,::1",
            "Comma-separated hosts (or .domain suffixes) reached without the proxy."),
    UPSTREAM_CONNECT_TIMEOUT("granary.upstream.connect-timeout", "PT10S", "Connect timeout to upstreams."),
    UPSTREAM_READ_TIMEOUT("granary.upstream.read-timeout", "PT30S",
            "Longest wait for response headers, and longest stall while reading a body."),
    UPSTREAM_MAX_ATTEMPTS("granary.upstream.max-attempts", "3",
            "Attempts per upstream request (retries on connection errors, 429 and 5xx)."),
    UPSTREAM_RETRY_BASE_DELAY("granary.upstream.retry-base-delay", "PT0.2S",
            "First retry delay; doubles each attempt, with jitter."),
    UPSTREAM_RETRY_MAX_DELAY("granary.upstream.retry-max-delay", "PT10S",
            "Longest delay between attempts (also caps Retry-After)."),
    TOKEN_MAX_LIFETIME("granary.token.max-lifetime", null,
            "Longest lifetime of a new API token (ISO-8601 duration or seconds); tokens asked for without an expiry "
                    + "get it, longer ones are refused. Default: no limit."),
    TRUSTED_PROXIES("granary.trusted-proxies", null,
            "Reverse proxies (IP addresses and CIDR ranges, comma-separated) whose Forwarded and X-Forwarded-* headers "
                    + "are believed; default none."),
    LOGIN_USER_FAILURES("granary.login.user-failures", "5",
            "Failed password checks for one user name before its logins back off (429 with Retry-After)."),
    LOGIN_ADDRESS_FAILURES("granary.login.address-failures", "20",
            "Failed password checks from one client address before its logins back off."),
    LOGIN_MAX_BACKOFF("granary.login.max-backoff", "PT15M",
            "Longest back-off after failed logins (it starts at 1 s and doubles); failures are forgotten after as long a quiet spell."),
    LOGIN_CONCURRENT_CHECKS("granary.login.concurrent-checks", null,
            "Password checks (PBKDF2) running at once; default: the number of processors.");

    private final String property;
    private final String defaultValue;
    private final String description;

    Setting(String property, String defaultValue, String description) {
        this.property = property;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String property() {
        return property;
    }

    public String environmentVariable() {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
