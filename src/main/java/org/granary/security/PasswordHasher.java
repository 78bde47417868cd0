package org.granary.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hashes and verifies passwords with the container's {@link Pbkdf2PasswordHash} (PBKDF2-HMAC-SHA256,
 * 210,000 iterations). Build clients send Basic credentials on every request, so a successful verification
 * is remembered for a few minutes (keyed by a hash of user, password and stored hash, so a password change
 * ends it at once).
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Duration REMEMBER = Duration.ofMinutes(5);

    @Inject
    Pbkdf2PasswordHash pbkdf2;
    @Inject
    Clock clock;

    private final ConcurrentHashMap<String, Instant> verified = new ConcurrentHashMap<>();

    @PostConstruct
    void configure() {
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", "210000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
    }

    public String hash(String password) {
        return pbkdf2.generate(password.toCharArray());
    }

    public boolean verify(String username, String password, String storedHash) {
        String key = fingerprint(username + "\u0000" + password + "\u0000" + storedHash);
        Instant now = clock.instant();
        Instant until = verified.get(key);
        if (until != null && now.isBefore(until)) {
            return true;
        }
        boolean ok;
        try {
            ok = pbkdf2.verify(password.toCharArray(), storedHash);
        } catch (RuntimeException malformedHash) {
            ok = false;
        }
        if (ok) {
            if (verified.size() > 10_000) {
                verified.clear();
            }
            verified.put(key, now.plus(REMEMBER));
        }
        return ok;
    }

    private static String fingerprint(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
