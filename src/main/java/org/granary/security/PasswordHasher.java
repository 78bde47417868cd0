package org.granary.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and verifies passwords with PBKDF2-HMAC-SHA256 at {@value #ITERATIONS} iterations (OWASP's figure for
 * SHA-256). A stored hash carries its own algorithm and iteration count
 * ({@code PBKDF2WithHmacSHA256:<iterations>:<salt>:<hash>}, base64; the encoding of Jakarta Security's
 * {@code Pbkdf2PasswordHash}, which wrote the hashes of earlier releases), so older hashes keep verifying and
 * {@link #needsRehash} tells the caller to replace them after the next successful login.
 * <p>
 * Build clients send Basic credentials on every request, so a successful verification is remembered for a few
 * minutes, one entry per user, keyed by a hash of password and stored hash: a password change ends it, and
 * {@link #forget} ends it explicitly.
 */
@ApplicationScoped
public class PasswordHasher {

    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    public static final int ITERATIONS = 600_000;
    private static final Set<String> VERIFIABLE = Set.of("PBKDF2WithHmacSHA224", ALGORITHM, "PBKDF2WithHmacSHA384",
            "PBKDF2WithHmacSHA512");
    private static final int SALT_BYTES = 32;
    private static final int KEY_BYTES = 32;
    private static final int MAX_STORED_ITERATIONS = 10_000_000;
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;

    @Inject
    Clock clock;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    private record Remembered(String fingerprint, Instant until) {
    }

    /** A stored hash taken apart. */
    private record Encoded(String algorithm, int iterations, byte[] salt, byte[] hash) {

        static Optional<Encoded> parse(String stored) {
            String[] parts = stored == null ? new String[0] : stored.split(":");
            if (parts.length != 4 || !VERIFIABLE.contains(parts[0])) {
                return Optional.empty();
            }
            try {
                int n = Integer.parseInt(parts[1]);
                byte[] salt = Base64.getDecoder().decode(parts[2]);
                byte[] hash = Base64.getDecoder().decode(parts[3]);
                if (n < 1 || n > MAX_STORED_ITERATIONS || salt.length == 0 || hash.length == 0) {
                    return Optional.empty();
                }
                return Optional.of(new Encoded(parts[0], n, salt, hash));
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
        }
    }

    public PasswordHasher() {
        this(ITERATIONS, null);
    }

    /** A hasher with another iteration count: for tests, which need old-style and fast hashes. */
    PasswordHasher(int iterations, Clock clock) {
        this.iterations = iterations;
        this.clock = clock;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(ALGORITHM, password, salt, iterations, KEY_BYTES);
        return ALGORITHM + ":" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash);
    }

    /** Is {@code password} the one {@code storedHash} was made from? A malformed stored hash matches nothing. */
    public boolean verify(String username, String password, String storedHash) {
        String fingerprint = fingerprint(password + "\u0000" + storedHash);
        Instant now = clock.instant();
        Remembered r = verified.get(username);
        if (r != null && r.fingerprint().equals(fingerprint) && now.isBefore(r.until())) {
            return true;
        }
        boolean ok = Encoded.parse(storedHash)
                .map(e -> MessageDigest.isEqual(e.hash(), pbkdf2(e.algorithm(), password, e.salt(), e.iterations(),
                        e.hash().length)))
                .orElse(false);
        if (ok) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(username, new Remembered(fingerprint, now.plus(REMEMBER)));
        }
        return ok;
    }

    /** Was {@code storedHash} made with weaker settings than {@link #hash} uses now? */
    public boolean needsRehash(String storedHash) {
        return Encoded.parse(storedHash)
                .map(e -> !e.algorithm().equals(ALGORITHM) || e.iterations() < iterations || e.hash().length < KEY_BYTES)
                .orElse(true);
    }

    /** Forgets a remembered successful login of {@code username}: the next request checks the password again. */
    public void forget(String username) {
        verified.remove(username);
    }

    private static byte[] pbkdf2(String algorithm, String password, byte[] salt, int iterations, int keyBytes) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, keyBytes * 8);
        try {
            return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String fingerprint(String s) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
