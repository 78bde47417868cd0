package org.granary.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.AuditLog;

/**
 * Slows password guessing down: after {@code GRANARY_LOGIN_USER_FAILURES} failed password checks for one
 * user name, or {@code GRANARY_LOGIN_ADDRESS_FAILURES} from one client address, further attempts are
 * refused without checking (429 with {@code Retry-After}) for 1 s, then 2 s, 4 s … up to
 * {@code GRANARY_LOGIN_MAX_BACKOFF}. A success clears its user name's count (not its address's, so one
 * valid account does not reset a guesser); failures are forgotten after a quiet spell as long as the longest
 * back-off. At most {@code GRANARY_LOGIN_CONCURRENT_CHECKS} password checks (PBKDF2, the expensive part)
 * run at once; the others wait a few seconds, then get 503. Each back-off is audited when it starts.
 * <p>
 * Every place that checks a password calls {@link #check}: the Basic and form logins of the authentication
 * mechanism, and npm's {@code PUT /-/user/org.couchdb.user:…} login.
 */
@ApplicationScoped
public class LoginThrottle {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration WAIT_FOR_A_CHECK = Duration.ofSeconds(5);
    static final int MAX_TRACKED = 10_000;

    @Inject
    GranaryConfig config;
    @Inject
    Clock clock;
    @Inject
    AuditLog audit;

    private int userFailures;
    private int addressFailures;
    private Duration maxBackoff;
    private Semaphore checks;
    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    /** For CDI. */
    public LoginThrottle() {
    }

    /** A throttle with explicit limits (tests). */
    static LoginThrottle of(int userFailures, int addressFailures, Duration maxBackoff, int concurrentChecks,
                            Clock clock, AuditLog audit) {
        LoginThrottle t = new LoginThrottle();
        t.clock = clock;
        t.audit = audit;
        t.limits(userFailures, addressFailures, maxBackoff, concurrentChecks);
        return t;
    }

    @PostConstruct
    void configure() {
        int concurrent = config.explicit(Setting.LOGIN_CONCURRENT_CHECKS).isPresent()
                ? config.integer(Setting.LOGIN_CONCURRENT_CHECKS) : Runtime.getRuntime().availableProcessors();
        limits(config.integer(Setting.LOGIN_USER_FAILURES), config.integer(Setting.LOGIN_ADDRESS_FAILURES),
                config.duration(Setting.LOGIN_MAX_BACKOFF), concurrent);
    }

    private void limits(int users, int addresses, Duration max, int concurrent) {
        this.userFailures = Math.max(1, users);
        this.addressFailures = Math.max(1, addresses);
        this.maxBackoff = max.isNegative() || max.isZero() ? FIRST_BACKOFF : max;
        this.checks = new Semaphore(Math.max(1, concurrent), true);
    }

    /**
     * Runs one password check for {@code username} from {@code clientAddress}, unless either backs off, and
     * counts its outcome. For example npm's login:
     * {@code throttle.check(name, caller.clientAddress(), () -> users.authenticate(name, password), Optional::isPresent)}.
     *
     * @param check     the check itself (it may take a while: PBKDF2)
     * @param succeeded whether its result means the password was right
     * @return the check's result
     * @throws LoginThrottledException 429 while the user name or address backs off, 503 when too many checks
     *                                 are running; the check did not run
     */
    public <T> T check(String username, String clientAddress, Supplier<T> check, Predicate<T> succeeded) {
        String user = userKey(username);
        Instant now = clock.instant();
        Optional<Duration> userWait = waitFor(byUser.get(user), now);
        if (userWait.isPresent()) {
            throw new LoginThrottledException(429, userWait.get(), "too many failed logins for user '" + shorten(username)
                    + "'; try again in " + seconds(userWait.get()));
        }
        Optional<Duration> addressWait = waitFor(byAddress.get(clientAddress), now);
        if (addressWait.isPresent()) {
            throw new LoginThrottledException(429, addressWait.get(), "too many failed logins from " + clientAddress
                    + "; try again in " + seconds(addressWait.get()));
        }
        T result;
        try {
            if (!checks.tryAcquire(WAIT_FOR_A_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LoginThrottledException(503, FIRST_BACKOFF, "too many logins are being checked at once; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginThrottledException(503, FIRST_BACKOFF, "the login check was interrupted; try again");
        }
        try {
            result = check.get();
        } finally {
            checks.release();
        }
        if (succeeded.test(result)) {
            byUser.remove(user);
        } else {
            Instant at = clock.instant();
            failed(byUser, user, userFailures, at, username, "user '" + shorten(username) + "'", clientAddress);
            failed(byAddress, clientAddress, addressFailures, at, null, "address " + clientAddress, clientAddress);
        }
        return result;
    }

    private void failed(Map<String, Failures> map, String key, int threshold, Instant now, String actor, String target,
                        String clientAddress) {
        if (map.size() >= MAX_TRACKED) {
            prune(map, now);
        }
        Failures f = map.compute(key, (k, old) -> (old == null || old.forgotten(now, maxBackoff) ? Failures.NONE : old)
                .plusOne(now, threshold, maxBackoff));
        if (f.blockedUntil() != null && f.blockedUntil().isAfter(now)) {
            Duration d = Duration.between(now, f.blockedUntil());
            audit.record(actor, "login.backoff", target, AuditLog.FAILURE,
                    f.count() + " failed logins; further logins refused for " + seconds(d), clientAddress);
        }
    }

    /** Forgets expired entries; if an attack still fills the table, forgets the ones not backing off now. */
    private void prune(Map<String, Failures> map, Instant now) {
        map.values().removeIf(f -> f.forgotten(now, maxBackoff));
        if (map.size() >= MAX_TRACKED) {
            map.values().removeIf(f -> f.blockedUntil() == null || !f.blockedUntil().isAfter(now));
        }
    }

    private static Optional<Duration> waitFor(Failures f, Instant now) {
        return f == null || f.blockedUntil() == null || !f.blockedUntil().isAfter(now)
                ? Optional.empty() : Optional.of(Duration.between(now, f.blockedUntil()));
    }

    private static String userKey(String username) {
        return username == null ? "" : shorten(username);
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    private static String seconds(Duration d) {
        long s = Math.max(1, d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0));
        return s == 1 ? "1 second" : s + " seconds";
    }

    /** Failed attempts of one user name or address. */
    record Failures(int count, Instant last, Instant blockedUntil) {

        static final Failures NONE = new Failures(0, null, null);

        Failures plusOne(Instant now, int threshold, Duration max) {
            int n = count + 1;
            Instant until = null;
            if (n >= threshold) {
                int doublings = Math.min(n - threshold, 30);
                Duration backoff = FIRST_BACKOFF.multipliedBy(1L << doublings);
                until = now.plus(backoff.compareTo(max) > 0 ? max : backoff);
            }
            return new Failures(n, now, until);
        }

        /** Quiet for as long as the longest back-off since the last failure (or the end of its back-off). */
        boolean forgotten(Instant now, Duration max) {
            Instant since = blockedUntil != null && blockedUntil.isAfter(last) ? blockedUntil : last;
            return since == null || !now.isBefore(since.plus(max));
        }
    }
}
