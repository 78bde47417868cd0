package org.granary.security;

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
import org.granary.core.ForbiddenException;
import org.granary.core.NotFoundException;
import org.granary.persistence.ApiToken;
import org.granary.persistence.TokenDao;
import org.granary.persistence.UserAccount;
import org.granary.persistence.UserDao;

/**
 * Creates, checks and revokes API tokens. A token is {@code gra_} and 40 random characters; only its
 * sha256 is stored, so it can be shown exactly once. Checks read the database every time, so a revocation
 * takes effect at once.
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

    private final SecureRandom random = new SecureRandom();

    /** A token just created: the secret (shown once) and its record. */
    public record Created(String token, ApiToken record) {
    }

    public Created create(String username, String name, boolean readOnly, Instant expiresAt) {
        UserAccount user = users.findByName(username)
                .orElseThrow(() -> new NotFoundException("there is no user named '" + username + "'"));
        StringBuilder secret = new StringBuilder(TokenCredential.PREFIX);
        for (int i = 0; i < 40; i++) {
            secret.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        String token = secret.toString();
        ApiToken record = tokens.create(new ApiToken(user, name == null || name.isBlank() ? "token" : name,
                hash(token), token.substring(0, 10), readOnly, expiresAt, clock.instant()));
        return new Created(token, record);
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
