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
    UPSTREAM_NPM("granary.upstream.npm", null, Kind.UPSTREAM_URL,
            "Upstream npm registry URL of the npm-proxy repository (no default)."),
    UPSTREAM_PYPI("granary.upstream.pypi", "https://pypi.org/simple/", Kind.UPSTREAM_URL,
            "Upstream PyPI Simple API index of the pypi-proxy repository."),
    UPSTREAM_CARGO("granary.upstream.cargo", "https://index.crates.io/", Kind.UPSTREAM_URL,
            "Upstream Cargo sparse index of the cargo-proxy repository (a leading sparse+ is accepted)."),
    UPSTREAM_MAVEN("granary.upstream.maven", null, Kind.UPSTREAM_URL,
            "Upstream Maven repository URL of the maven-proxy repository (no default)."),
    UPSTREAM_GO("granary.upstream.go", "https://proxy.golang.org/", Kind.UPSTREAM_URL,
            "Upstream Go module proxy of the go-proxy repository."),
    GO_SUMDB("granary.go.sumdb", "sum.golang.org", Kind.TEXT,
            "Checksum databases the Go proxy and group repositories proxy at /sumdb/<name>/, so go verifies modules "
                    + "through Granary with GOSUMDB on (comma-separated names as GOSUMDB writes them; empty: none, "
                    + "go then asks the database itself)."),
    GO_SUMDB_UPSTREAMS("granary.go.sumdb.upstreams", null, Kind.TEXT,
            "Where each proxied checksum database is fetched from, as name=URL pairs, comma-separated "
                    + "(sum.golang.org=https://sumdb.internal/); a database not listed is fetched from https://<name>/."),
    GO_SUMDB_MAX_AGE("granary.go.sumdb.max-age", "PT1M", Kind.DURATION,
            "How long a cached signed tree head (latest) and lookup answer of a checksum database is served before "
                    + "it is revalidated upstream; tiles never change and are cached for ever."),
    METADATA_MAX_AGE("granary.metadata.max-age", "PT5M", Kind.DURATION,
            "How long cached metadata is served without revalidation (ISO-8601 duration) for new repositories."),
    ADMIN_PASSWORD("granary.admin.password", null,
            "Password of the bootstrap user admin, created at first start; without it one is generated and written "
                    + "to <data dir>/admin.password and the log."),
    NEGATIVE_CACHE_TTL("granary.negative-cache.ttl", "PT5M", Kind.DURATION,
            "How long an upstream 404 is remembered before the upstream is asked again (PT0S: never)."),
    HOSTED_ABSENT_TTL("granary.hosted.absent-ttl", "PT1S", Kind.DURATION,
            "How long a server remembers that a hosted repository does not have a path (artifact or document) before "
                    + "it asks the database again: the longest a publish through another server sharing the database "
                    + "can go unseen here (a publish through this server is seen at once). PT0S: always ask."),
    HTTP_PROXY("granary.http.proxy", null, Kind.URL, "Outbound HTTP proxy for upstream traffic, e.g. http://user:pass@proxy:3128."),
    NO_PROXY("granary.no.proxy", "localhost,127.0.0.1,::1",
            "Comma-separated hosts (or .domain suffixes) reached without the proxy."),
    UPSTREAM_CONNECT_TIMEOUT("granary.upstream.connect-timeout", "PT10S", Kind.DURATION, "Connect timeout to upstreams."),
    UPSTREAM_READ_TIMEOUT("granary.upstream.read-timeout", "PT30S", Kind.DURATION,
            "Longest wait for response headers, and longest stall while reading a body."),
    UPSTREAM_MAX_ATTEMPTS("granary.upstream.max-attempts", "3", Kind.INTEGER,
            "Attempts per upstream request (retries on connection errors, 429 and 5xx)."),
    UPSTREAM_RETRY_BASE_DELAY("granary.upstream.retry-base-delay", "PT0.2S", Kind.DURATION,
            "First retry delay; doubles each attempt, with jitter."),
    UPSTREAM_RETRY_MAX_DELAY("granary.upstream.retry-max-delay", "PT10S", Kind.DURATION,
            "Longest delay between attempts (also caps Retry-After)."),
    UPSTREAM_FETCH_DEADLINE("granary.upstream.fetch-deadline", "PT10M", Kind.DURATION,
            "Longest time one artifact fetch may take in all (attempts, headers and body), however steadily bytes arrive."),
    UPSTREAM_METADATA_DEADLINE("granary.upstream.metadata-deadline", "PT2M", Kind.DURATION,
            "Longest time one metadata fetch (packument, index page, maven-metadata.xml) may take in all."),
    ARTIFACT_HOSTS("granary.artifact.hosts", "files.pythonhosted.org,static.crates.io", Kind.TEXT,
            "Hosts, besides a repository's own upstream host, that artifacts may be fetched from: host names, "
                    + "*.suffix, IP addresses and CIDR ranges, comma-separated."),
    TOKEN_MAX_LIFETIME("granary.token.max-lifetime", null, Kind.DURATION,
            "Longest lifetime of a new API token (ISO-8601 duration or seconds); tokens asked for without an expiry "
                    + "get it, longer ones are refused. Default: no limit."),
    TRUSTED_PROXIES("granary.trusted-proxies", null,
            "Reverse proxies (IP addresses and CIDR ranges, comma-separated) whose Forwarded and X-Forwarded-* headers "
                    + "are believed; default none."),
    LOGIN_USER_FAILURES("granary.login.user-failures", "5", Kind.INTEGER,
            "Failed password checks for one user name before its logins back off (429 with Retry-After)."),
    LOGIN_ADDRESS_FAILURES("granary.login.address-failures", "20", Kind.INTEGER,
            "Failed password checks from one client address before its logins back off."),
    LOGIN_MAX_BACKOFF("granary.login.max-backoff", "PT15M", Kind.DURATION,
            "Longest back-off after failed logins (it starts at 1 s and doubles); failures are forgotten after as long a quiet spell."),
    LOGIN_CONCURRENT_CHECKS("granary.login.concurrent-checks", null, Kind.INTEGER,
            "Password checks (PBKDF2) running at once; default: the number of processors."),
    STORAGE("granary.storage", "filesystem",
            "Where blobs are stored: filesystem (under the data directory) or s3 (the GRANARY_S3_* settings)."),
    S3_BUCKET("granary.s3.bucket", null, "S3 bucket of the blob store (required with GRANARY_STORAGE=s3; must exist)."),
    S3_PREFIX("granary.s3.prefix", null, "Key prefix inside the bucket, e.g. granary/ (default: none, the bucket's root)."),
    S3_REGION("granary.s3.region", null,
            "S3 region, e.g. eu-west-1; default: us-east-1 with an endpoint override, else the AWS region provider chain."),
    S3_ENDPOINT("granary.s3.endpoint", null,
            "Endpoint URL of an S3-compatible store (MinIO, Ceph), e.g. http://minio.internal:9000; default: AWS S3."),
    S3_PATH_STYLE("granary.s3.path-style", "false",
            "true: address the bucket in the path (endpoint/bucket/key) instead of the host name; most S3-compatible "
                    + "stores need it."),
    S3_ACCESS_KEY("granary.s3.access-key", null,
            "Access key ID; with the secret key it replaces the AWS default credentials provider chain."),
    S3_SECRET_KEY("granary.s3.secret-key", null, "Secret access key belonging to the access key ID."),
    S3_CREDENTIALS_FILE("granary.s3.credentials-file", null,
            "A credentials file in the AWS format (aws_access_key_id, aws_secret_access_key) to read the keys from "
                    + "instead."),
    S3_PROFILE("granary.s3.profile", "default", "Profile to read from the credentials file."),
    S3_PART_SIZE_MIB("granary.s3.part-size-mib", "8",
            "Multipart upload part size in MiB (at least 5); larger blobs are uploaded in parts, and a stream being "
                    + "uploaded holds one part in memory."),
    MIN_FREE_BYTES("granary.min-free-bytes", "1GiB", Kind.BYTES,
            "Free disk space kept in reserve: below it uploads and upstream fetches into the cache are refused with 507 "
                    + "and /health is DOWN; bytes, or with a unit (512MiB, 2GiB, 10GB); 0 switches the guard off."),
    AUDIT_RETENTION("granary.audit.retention", null, Kind.DURATION,
            "How long audit events are kept (ISO-8601 duration or seconds, e.g. P365D); older ones are deleted once a "
                    + "day. Default: kept for ever."),
    METRICS_ALLOWED_FROM("granary.metrics.allowed-from", "127.0.0.1,::1",
            "Client addresses and CIDR ranges that may read /granary/metrics without credentials, comma-separated; "
                    + "none: no address."),
    METRICS_USERS("granary.metrics.users", null,
            "Users who may read /granary/metrics from anywhere with any of their credentials (a read-only token is "
                    + "enough), comma-separated; administrators always may."),
    UPSTREAM_WINGET("granary.upstream.winget", null, Kind.UPSTREAM_URL,
            "Upstream WinGet REST source of the winget-proxy repository (no default), e.g. https://winget.example.com/api/."),
    WINGET_MIRROR_INTERVAL("granary.winget.mirror-interval", "PT6H", Kind.DURATION,
            "How often the winget-mirror job runs the mirror allow-list of every hosted WinGet repository; PT0S: only "
                    + "when asked."),
    DIRECT_SEND("granary.direct-send", "true",
            "true: cached artifacts stored as local files are read into a direct buffer and handed to the server's own "
                    + "buffer write where its stream has one (found at run time: Servlet 6.1's write(ByteBuffer); "
                    + "WildFly's Undertow has it), which skips two copies; false: always through the standard Servlet "
                    + "stream with large buffers."),
    CLEANUP_GRACE("granary.cleanup.grace", "PT1H", Kind.DURATION,
            "How long a blob no row points at any more (evicted, replaced, its repository deleted, or left by a crash) "
                    + "stays in the store before the cleanup job deletes it, so downloads and uploads in flight finish."),
    JOB_CLEANUP_INTERVAL("granary.job.cleanup.interval", "PT1H", Kind.DURATION,
            "How often the cleanup job runs (policies of every repository, orphans, leftovers); PT0S: only when asked."),
    JOB_PREFETCH_INTERVAL("granary.job.prefetch.interval", "PT24H", Kind.DURATION,
            "How often the prefetch job runs the allow-list rules of every proxy repository; PT0S: only when asked."),
    JOB_HISTORY_RETENTION("granary.job.history.retention", "P30D", Kind.DURATION,
            "How long job runs (and what each did per item) are kept in the run history."),
    JOB_LEASE_TIME("granary.job.lease-time", "PT10M", Kind.DURATION,
            "How long a server's hold on a running job lasts without renewal; after a crash another server takes the "
                    + "job over once this has passed."),
    WINGET_MIRROR_ARCHIVE_MAX("granary.winget.mirror-archive-max", "1GiB", Kind.BYTES,
            "Largest zip archive of a winget-pkgs manifest tree a WinGet mirror downloads as its source; bytes, or with "
                    + "a unit (512MiB, 2GiB)."),
    NPM_UNPUBLISH_WINDOW("granary.npm.unpublish-window", "P3D", Kind.DURATION,
            "How long after publishing a version its publisher may unpublish it from a hosted npm repository (npm "
                    + "unpublish); administrators may at any time. PT0S: only administrators."),
    ACCESS_LOG("granary.access-log", "on",
            "on: one line per request to the logger org.granary.access (method, path, repository, status, bytes, cache "
                    + "outcome, duration, user); off: none."),
    HOSTED_DELETE_WINDOW("granary.hosted.delete-window", "P3D", Kind.DURATION,
            "How long after publishing a version its publisher may delete it (or yank and delete its files) from a "
                    + "hosted PyPI or Maven repository; administrators may at any time. PT0S: only administrators."),
    LDAP_URLS("granary.ldap.urls", null, Kind.TEXT,
            "LDAP or Active Directory servers, tried in order (failover), comma-separated: ldap://dc1.example.com:389, "
                    + "ldaps://dc2.example.com:636. Setting it turns the directory on as a second identity store beside "
                    + "the local users."),
    LDAP_BIND_DN("granary.ldap.bind-dn", null,
            "DN of the service account that searches the directory; default: anonymous searches."),
    LDAP_BIND_PASSWORD("granary.ldap.bind-password", null, "Password of the service account."),
    LDAP_BIND_PASSWORD_FILE("granary.ldap.bind-password-file", null,
            "A file holding the service account's password (first line), instead of GRANARY_LDAP_BIND_PASSWORD."),
    LDAP_USER_BASE("granary.ldap.user-base", null, "Where users are searched (subtree), e.g. ou=people,dc=example,dc=com."),
    LDAP_USER_FILTER("granary.ldap.user-filter", "(uid={0})",
            "Filter finding a user by the name they sign in with ({0}); exclude disabled accounts here, e.g. AD's "
                    + "(&(sAMAccountName={0})(!(userAccountControl:1.2.840.113556.1.4.803:=2)))."),
    LDAP_GROUP_BASE("granary.ldap.group-base", null,
            "Where groups are searched (subtree); default: the user base."),
    LDAP_GROUP_FILTER("granary.ldap.group-filter", "(|(member={0})(uniqueMember={0}))",
            "Filter finding the groups a user ({0}: their DN, {1}: their name) or a group (its DN) is a member of."),
    LDAP_GROUP_NAME_ATTRIBUTE("granary.ldap.group-name-attribute", "cn",
            "Attribute holding a group's name, as role mappings and publisher lists name it."),
    LDAP_NESTED_GROUPS("granary.ldap.nested-groups", "search",
            "Groups in groups: search (Granary follows group memberships, 10 levels deep), ad (one search with Active "
                    + "Directory's in-chain rule member:1.2.840.113556.1.4.1941:) or off (direct memberships only)."),
    LDAP_START_TLS("granary.ldap.start-tls", "false", "true: upgrade ldap:// connections with StartTLS before binding."),
    LDAP_TRUST_STORE("granary.ldap.trust-store", null,
            "Trust store (PKCS12 or JKS) with the directory's CA for ldaps:// and StartTLS; default: the JVM's."),
    LDAP_TRUST_STORE_PASSWORD("granary.ldap.trust-store-password", null, "Password of the LDAP trust store, if any."),
    LDAP_CONNECT_TIMEOUT("granary.ldap.connect-timeout", "PT5S", Kind.DURATION,
            "Longest wait to connect to one directory server before the next one is tried."),
    LDAP_READ_TIMEOUT("granary.ldap.read-timeout", "PT10S", Kind.DURATION, "Longest wait for one directory answer."),
    LDAP_CACHE_TTL("granary.ldap.cache-ttl", "PT5M", Kind.DURATION,
            "How long a successful sign-in and a user's groups are remembered; a user disabled or removed in the "
                    + "directory loses access (API tokens too) within this time."),
    LDAP_ADMIN_GROUPS("granary.ldap.admin-groups", null,
            "Directory groups whose members get the admin role, comma-separated."),
    LDAP_PUBLISHER_GROUPS("granary.ldap.publisher-groups", null,
            "Directory groups whose members get the publisher role, comma-separated."),
    LDAP_READER_GROUPS("granary.ldap.reader-groups", "*",
            "Directory groups whose members get the reader role; * is every user the user filter finds. A user in "
                    + "none of the three lists cannot sign in."),
    OIDC_ISSUER("granary.oidc.issuer", null, Kind.URL,
            "Issuer URL of the OpenID Connect provider (its discovery document is <issuer>/.well-known/openid-configuration); "
                    + "setting it adds a single sign-on button to the console's sign-in page."),
    OIDC_CLIENT_ID("granary.oidc.client-id", null, "Client ID of Granary at the provider."),
    OIDC_CLIENT_SECRET("granary.oidc.client-secret", null,
            "Client secret (sent with HTTP Basic to the token endpoint); none: a public client, PKCE only."),
    OIDC_CLIENT_SECRET_FILE("granary.oidc.client-secret-file", null,
            "A file holding the client secret (first line), instead of GRANARY_OIDC_CLIENT_SECRET."),
    OIDC_SCOPES("granary.oidc.scopes", "openid profile email", "Scopes asked for, separated by spaces (openid is always sent)."),
    OIDC_USERNAME_CLAIM("granary.oidc.username-claim", "preferred_username",
            "ID token claim holding the user name Granary knows the user by."),
    OIDC_ROLES_CLAIM("granary.oidc.roles-claim", "groups",
            "ID token claim (a string or an array; a dotted path such as realm_access.roles reaches into objects) whose "
                    + "values the role lists name."),
    OIDC_ADMIN_VALUES("granary.oidc.admin-values", null, "Values of the roles claim granting admin, comma-separated."),
    OIDC_PUBLISHER_VALUES("granary.oidc.publisher-values", null, "Values of the roles claim granting publisher."),
    OIDC_READER_VALUES("granary.oidc.reader-values", "*", "Values of the roles claim granting reader; * is everyone."),
    OIDC_REDIRECT_URI("granary.oidc.redirect-uri", null, Kind.URL,
            "The redirect URI registered at the provider; default: <base URL>/admin/oidc/callback."),
    OIDC_PROVIDER_NAME("granary.oidc.provider-name", "single sign-on",
            "What the sign-in page's button names the provider (\"Sign in with …\").");

    /** What a value must look like; checked for every setting at start-up ({@link GranaryConfig#validated()}). */
    public enum Kind {
        /** Free text, read and checked by its user. */
        TEXT,
        /** An ISO-8601 duration or a number of seconds, not negative. */
        DURATION,
        /** A whole number, at least 1. */
        INTEGER,
        /** A number of bytes, not negative, optionally with a unit: KB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB. */
        BYTES,
        /** An absolute URL. */
        URL,
        /** An http(s) URL of an upstream registry, normalised by {@link UpstreamUrl}. */
        UPSTREAM_URL
    }

    private final String property;
    private final String defaultValue;
    private final Kind kind;
    private final String description;

    Setting(String property, String defaultValue, String description) {
        this(property, defaultValue, Kind.TEXT, description);
    }

    Setting(String property, String defaultValue, Kind kind, String description) {
        this.property = property;
        this.defaultValue = defaultValue;
        this.kind = kind;
        this.description = description;
    }

    public Kind kind() {
        return kind;
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
