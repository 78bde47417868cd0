package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.ForbiddenException;
import org.granary.core.InvalidRequestException;
import org.granary.persistence.ApiToken;
import org.granary.persistence.TokenDao;
import org.granary.persistence.UserAccount;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Tokens kept in a list, as the database would keep them. */
    static final class InMemoryTokens extends TokenDao {
        final List<ApiToken> rows = new ArrayList<>();

        @Override
        public ApiToken create(ApiToken token) {
            rows.add(token);
            return token;
        }

        @Override
        public Optional<ApiToken> findByHash(String tokenHash) {
            return rows.stream().filter(t -> t.getTokenHash().equals(tokenHash)).findFirst();
        }

        @Override
        public Optional<ApiToken> find(long id) {
            return id < rows.size() ? Optional.of(rows.get((int) id)) : Optional.empty();
        }

        @Override
        public void markUsed(long id, Instant at) {
            // not needed here
        }
    }

    private final InMemoryTokens rows = new InMemoryTokens();

    private TokenService service(Map<Setting, String> settings) {
        UserServiceTest.InMemoryUsers users = new UserServiceTest.InMemoryUsers();
        users.create(new UserAccount("ci", "unused", Set.of(Roles.PUBLISHER), null, NOW));
        TokenService s = new TokenService();
        s.tokens = rows;
        s.users = users;
        s.clock = CLOCK;
        s.config = GranaryConfig.of(settings);
        s.readSettings();
        return s;
    }

    private static TokenService.Issuer token(boolean readOnly, Instant expiresAt) {
        return new TokenService.Issuer("token gra_test12…", readOnly, expiresAt);
    }

    @Test
    void aReadOnlyTokenCreatesNoToken() {
        TokenService tokens = service(Map.of());
        ForbiddenException e = assertThrows(ForbiddenException.class,
                () -> tokens.create(token(true, null), "ci", "escalate", false, null));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertTrue(rows.rows.isEmpty());
    }

    @Test
    void aTokenCreatesTokensThatExpireNoLaterThanItself() {
        TokenService tokens = service(Map.of());
        Instant issuerExpiry = NOW.plus(Duration.ofDays(7));

        ApiToken unasked = tokens.create(token(false, issuerExpiry), "ci", "a", false, null).record();
        assertEquals(issuerExpiry, unasked.getExpiresAt(), "without an expiry it inherits the creator's");

        ApiToken earlier = tokens.create(token(false, issuerExpiry), "ci", "b", true, NOW.plusSeconds(60)).record();
        assertEquals(NOW.plusSeconds(60), earlier.getExpiresAt());

        ForbiddenException e = assertThrows(ForbiddenException.class,
                () -> tokens.create(token(false, issuerExpiry), "ci", "c", false, issuerExpiry.plusSeconds(1)));
        assertTrue(e.getMessage().contains("outlives"), e.getMessage());
        assertEquals(2, rows.rows.size());
    }

    @Test
    void aPasswordCreatesTokensWithoutExpiryWhenNoMaximumIsSet() {
        TokenService tokens = service(Map.of());
        assertNull(tokens.create("ci", "forever", false, null).record().getExpiresAt());
    }

    @Test
    void theMaximumLifetimeBoundsEveryNewToken() {
        TokenService tokens = service(Map.of(Setting.TOKEN_MAX_LIFETIME, "P30D"));

        assertEquals(NOW.plus(Duration.ofDays(30)), tokens.create("ci", "npm login", false, null).record().getExpiresAt(),
                "a token asked for without an expiry (npm login) gets the maximum");
        assertEquals(NOW.plus(Duration.ofDays(30)),
                tokens.create("ci", "exactly", false, NOW.plus(Duration.ofDays(30))).record().getExpiresAt());
        assertEquals(NOW.plus(Duration.ofDays(3)),
                tokens.create(token(false, NOW.plus(Duration.ofDays(3))), "ci", "shorter issuer", false, null)
                        .record().getExpiresAt(), "the earlier of the maximum and the creating token's expiry");

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> tokens.create("ci", "too long", false, NOW.plus(Duration.ofDays(31))));
        assertTrue(e.getMessage().contains("P30D") && e.getMessage().contains("GRANARY_TOKEN_MAX_LIFETIME"), e.getMessage());
    }

    @Test
    void anExpiryInThePastOrBeyondTheYear9999IsRefused() {
        TokenService tokens = service(Map.of());
        assertThrows(InvalidRequestException.class, () -> tokens.create("ci", "past", false, NOW.minusSeconds(1)));
        assertThrows(InvalidRequestException.class, () -> tokens.create("ci", "now", false, NOW));
        assertThrows(InvalidRequestException.class,
                () -> tokens.create("ci", "far", false, Instant.parse("+10000-01-01T00:00:00Z")));
        assertTrue(rows.rows.isEmpty());
    }

    @Test
    void aMaximumLifetimeThatIsNotAPositiveDurationStopsTheStart() {
        assertThrows(IllegalStateException.class, () -> service(Map.of(Setting.TOKEN_MAX_LIFETIME, "ninety days")));
        assertThrows(IllegalStateException.class, () -> service(Map.of(Setting.TOKEN_MAX_LIFETIME, "PT0S")));
        assertThrows(IllegalStateException.class, () -> service(Map.of(Setting.TOKEN_MAX_LIFETIME, "-5")));
    }

    @Test
    void theCredentialOfARequestIsReadBackFromTheIdentityStoresId() {
        TokenService tokens = service(Map.of());
        tokens.create("ci", "ro", true, NOW.plusSeconds(600));

        assertEquals(TokenService.Issuer.PASSWORD, tokens.issuer(TokenService.PASSWORD_CREDENTIAL));
        TokenService.Issuer byToken = tokens.issuer("token:0");
        assertTrue(byToken.readOnly());
        assertEquals(NOW.plusSeconds(600), byToken.expiresAt());
        assertTrue(byToken.description().startsWith("token gra_"), byToken.description());
        assertFalse(TokenService.Issuer.PASSWORD.readOnly());

        for (String unknown : new String[] {null, "", "token:99", "token:x", "kerberos"}) {
            assertTrue(tokens.issuer(unknown).readOnly(), "an unknown credential may manage nothing: " + unknown);
        }
    }
}
