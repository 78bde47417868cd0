package org.granary.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.ForbiddenException;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.persistence.ApiToken;
import org.granary.persistence.TokenDao;
import org.granary.persistence.UserAccount;
import org.granary.persistence.UserDao;

/**
 * Creates, checks and revokes API tokens. A token is {@code gra_} and 40 random characters; only its
 * sha256 is stored, so it can be shown exactly once. Checks read the database every time, so a revocation
 * takes effect at once. A new token never has more rights or a later expiry than the credential that creates it
 * ({@link Issuer}), nor a longer life than {@code GRANARY_TOKEN_MAX_LIFETIME}, whichever path creates it.
 */
@ApplicationScoped
public class TokenService {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    @Inject
    TokenDao tokens;
    @Inject
    UserDao users;
    @Inject
    Clock clock;
    @Inject
    GranaryConfig config;

    private final SecureRandom random = new SecureRandom();
    private Optional<Duration> maxLifetime = Optional.empty();

    /** A token just created: the secret (shown once) and its record. */
    public record Created(String token, ApiToken record) {
    }

    /**
     * The credential a token is created with, which bounds the new token: a password (no bound), or an API
     * token, which may create only tokens that expire no later than itself, and nothing at all when read-only.
     *
     * @param description what the audit log says the token was created with ({@code password}, {@code token gra_…})
     */
    public record Issuer(String description, boolean readOnly, Instant expiresAt) {

        /** The user's password was checked for this request. */
        public static final Issuer PASSWORD = new Issuer("password", false, null);

        /** The credential of the request is unknown: it may create nothing. */
        static final Issuer UNKNOWN = new Issuer("an unidentified credential", true, null);

        static Issuer of(ApiToken token) {
            return new Issuer("token " + token.getTokenPrefix() + "…", token.isReadOnly(), token.getExpiresAt());
        }
    }

    /** The latest expiry a token may have (dates beyond year 9999 are not written the same way everywhere). */
    public static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    /** {@link #credentialId} of a password login. */
    static final String PASSWORD_CREDENTIAL = "password";
    private static final String TOKEN_CREDENTIAL = "token:";

    @PostConstruct
    void readSettings() {
        maxLifetime = config.explicit(Setting.TOKEN_MAX_LIFETIME).map(v -> {
            Duration d = config.duration(Setting.TOKEN_MAX_LIFETIME);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalStateException(Setting.TOKEN_MAX_LIFETIME.environmentVariable()
                        + " must be a positive duration such as P90D, not '" + v + "'");
            }
            return d;
        });
    }

    /**
     * Creates a token for a caller who proved {@code username}'s password (npm's login and {@code token create}
     * check it themselves). The maximum token lifetime applies.
     */
    public Created create(String username, String name, boolean readOnly, Instant expiresAt) {
        return create(Issuer.PASSWORD, username, name, readOnly, expiresAt);
    }

    /**
     * Creates a token for {@code username}, bounded by the credential it is created with and by the maximum
     * token lifetime: without an expiry it gets the earliest of the two; a later one is refused.
     *
     * @throws ForbiddenException for a read-only issuer, or an expiry after the issuing token's
     * @throws InvalidRequestException for an expiry that is past, beyond {@link #LATEST_EXPIRY} or the maximum lifetime
     */
    public Created create(Issuer issuer, String username, String name, boolean readOnly, Instant expiresAt) {
        if (issuer.readOnly()) {
            throw new ForbiddenException("a read-only token cannot create tokens; use your password or a token that "
                    + "is not read-only");
        }
        UserAccount user = users.findByName(username)
                .orElseThrow(() -> new NotFoundException("there is no user named '" + username + "'"));
        Instant expiry = expiry(issuer, expiresAt, clock.instant());
        if (expiry != null) {
            // to the millisecond: what the database keeps, so a child token never outlives its parent by a rounding
            expiry = expiry.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        }
        StringBuilder secret = new StringBuilder(TokenCredential.PREFIX);
        for (int i = 0; i < 40; i++) {
            secret.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        String token = secret.toString();
        ApiToken record = tokens.create(new ApiToken(user, name == null || name.isBlank() ? "token" : name,
                hash(token), token.substring(0, 10), readOnly, expiry, clock.instant()));
        return new Created(token, record);
    }

    private Instant expiry(Issuer issuer, Instant asked, Instant now) {
        Optional<Instant> limit = maxLifetime.map(now::plus);
        if (asked == null) {
            Instant byIssuer = issuer.expiresAt();
            return limit.map(l -> byIssuer == null || l.isBefore(byIssuer) ? l : byIssuer).orElse(byIssuer);
        }
        if (!asked.isAfter(now)) {
            throw new InvalidRequestException("a token's expiry must be in the future, not " + asked);
        }
        if (asked.isAfter(LATEST_EXPIRY)) {
            throw new InvalidRequestException("a token's expiry must be no later than " + LATEST_EXPIRY);
        }
        if (limit.isPresent() && asked.isAfter(limit.get())) {
            throw new InvalidRequestException("tokens may live at most " + config.explicit(Setting.TOKEN_MAX_LIFETIME)
                    .orElseThrow() + " (" + Setting.TOKEN_MAX_LIFETIME.environmentVariable() + "): ask for an expiry "
                    + "no later than " + limit.get() + ", or none");
        }
        if (issuer.expiresAt() != null && asked.isAfter(issuer.expiresAt())) {
            throw new ForbiddenException("a token cannot create a token that outlives it: the " + issuer.description()
                    + " used expires at " + issuer.expiresAt());
        }
        return asked;
    }

    /** How the identity store names the credential of a token login (see {@link #issuer}). */
    static String credentialId(ApiToken token) {
        return TOKEN_CREDENTIAL + token.getId();
    }

    /**
     * The credential that authenticated a request, from the id the identity store gave it
     * ({@link #PASSWORD_CREDENTIAL} or {@link #credentialId}); {@code null} or unknown ids may create nothing.
     */
    public Issuer issuer(String credentialId) {
        if (PASSWORD_CREDENTIAL.equals(credentialId)) {
            return Issuer.PASSWORD;
        }
        if (credentialId != null && credentialId.startsWith(TOKEN_CREDENTIAL)) {
            try {
                return tokens.find(Long.parseLong(credentialId.substring(TOKEN_CREDENTIAL.length())))
                        .map(Issuer::of).orElse(Issuer.UNKNOWN);
            } catch (NumberFormatException notAnId) {
                return Issuer.UNKNOWN;
            }
        }
        return Issuer.UNKNOWN;
    }

    /** The token's record if it exists and is usable now (not revoked, not expired, user enabled). */
    public Optional<ApiToken> check(String token) {
        Instant now = clock.instant();
        Optional<ApiToken> found = tokens.findByHash(hash(token)).filter(t -> t.isUsableAt(now));
        found.ifPresent(t -> {
            if (t.getLastUsedAt() == null || t.getLastUsedAt().plus(LAST_USED_PRECISION).isBefore(now)) {
                tokens.markUsed(t.getId(), now);
            }
        });
        return found;
    }

    public List<ApiToken> list(String username) {
        return tokens.findByUser(username);
    }

    /** Revokes a token; only its owner or an admin may. */
    public ApiToken revoke(long id, String caller, boolean callerIsAdmin) {
        ApiToken t = tokens.find(id).orElseThrow(() -> new NotFoundException("there is no token " + id));
        if (!callerIsAdmin && !t.getUser().getUsername().equals(caller)) {
            throw new ForbiddenException("token " + id + " belongs to another user");
        }
        tokens.revoke(id, clock.instant());
        return t;
    }

    /** Finds a token of {@code caller} by the key npm shows ({@code token list}: the sha256 or its prefix). */
    public Optional<ApiToken> findByKey(String caller, String key) {
        return tokens.findByUser(caller).stream()
                .filter(t -> t.getTokenHash().startsWith(key) || t.getTokenPrefix().equals(key)
                        || String.valueOf(t.getId()).equals(key))
                .findFirst();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
