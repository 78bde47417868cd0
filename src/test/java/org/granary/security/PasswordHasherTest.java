package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    /**
     * What earlier releases stored for the password {@code old-password-1}: Jakarta Security's
     * {@code Pbkdf2PasswordHash} (Soteria 3.0.3, as in WildFly 39) at 210,000 iterations.
     */
    static final String HASH_FROM_AN_EARLIER_RELEASE = "PBKDF2WithHmacSHA256:210000:"
            + "zuctNZtGKEHWe6Uv5PinSKyFmIbjuY2Pt/TA7xQi+gc=:QWEN+OfcT4LNIjsNUKR+HL6z5/x3NdTkyiJUCZ6Oxq0=";

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static PasswordHasher production() {
        PasswordHasher h = new PasswordHasher();
        h.clock = CLOCK;
        return h;
    }

    @Test
    void aPasswordHashedByAnEarlierReleaseStillVerifiesAndIsDueForARehash() {
        PasswordHasher hasher = production();

        assertTrue(hasher.verify("alice", "old-password-1", HASH_FROM_AN_EARLIER_RELEASE));
        assertFalse(hasher.verify("bob", "old-password-2", HASH_FROM_AN_EARLIER_RELEASE));
        assertTrue(hasher.needsRehash(HASH_FROM_AN_EARLIER_RELEASE), "210,000 iterations are fewer than today's");
    }

    @Test
    void newHashesUse600000IterationsOfSha256AndAreNotDueForARehash() {
        PasswordHasher hasher = production();

        String stored = hasher.hash("correct horse");

        String[] parts = stored.split(":");
        assertEquals("PBKDF2WithHmacSHA256", parts[0]);
        assertEquals("600000", parts[1]);
        assertFalse(hasher.needsRehash(stored));
        assertTrue(hasher.verify("carol", "correct horse", stored));
        assertFalse(hasher.verify("carol", "correct horse!", stored));
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        PasswordHasher hasher = new PasswordHasher(1_000, CLOCK);
        assertNotEquals(hasher.hash("same password"), hasher.hash("same password"));
    }

    @Test
    void aMalformedStoredHashMatchesNothingAndIsDueForARehash() {
        PasswordHasher hasher = new PasswordHasher(1_000, CLOCK);
        for (String broken : new String[] {"", "plain-text", "PBKDF2WithHmacSHA256:abc:AAAA:AAAA",
                "MD5:1000:AAAA:AAAA", "PBKDF2WithHmacSHA256:1000:!!!:AAAA", "PBKDF2WithHmacSHA256:0:AAAA:AAAA"}) {
            assertFalse(hasher.verify("dave", "plain-text", broken), broken);
            assertTrue(hasher.needsRehash(broken), broken);
        }
    }

    @Test
    void aHashWithFewerIterationsThanConfiguredIsDueForARehash() {
        String weak = new PasswordHasher(1_000, CLOCK).hash("pw-12345");
        PasswordHasher stronger = new PasswordHasher(2_000, CLOCK);
        assertTrue(stronger.verify("erin", "pw-12345", weak));
        assertTrue(stronger.needsRehash(weak));
        assertFalse(stronger.needsRehash(stronger.hash("pw-12345")));
    }
}
