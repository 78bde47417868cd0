package org.granary.core;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.FetchLeaseDao;
import org.granary.storage.Digests;
import javax.sql.DataSource;

/**
 * Single-flight of artifact misses ACROSS servers sharing one database. {@link ArtifactCache} keeps one download per
 * artifact within a server; before that download asks the upstream it claims the artifact's fetch lease here:
 * <ul>
 *   <li>the server whose insert of the lease row wins fetches, and deletes the row when its fetch is over (stored or
 *       failed);</li>
 *   <li>every other server waits, re-reading the database, until the artifact's row appears (then it serves that
 *       row: no fetch of its own), or the lease is gone without a row (the fetch failed: it claims the lease itself),
 *       or it has waited {@link Setting#UPSTREAM_READ_TIMEOUT} (as long as a client would wait for an upstream's
 *       answer: then it fetches without the lease, so a slow fetch elsewhere costs at most one more per server);</li>
 *   <li>a lease lasts {@link Setting#UPSTREAM_FETCH_DEADLINE} and a minute (a fetch cannot take longer); a row left by
 *       a server that died is taken over once that has passed.</li>
 * </ul>
 * Whatever happens, at most one copy is recorded: the artifact row is unique per (repository, path), and a fetch that
 * loses that race deletes its own blob ({@link ArtifactCache}).
 * <p>
 * On the embedded H2 default (a file one process locks for itself) no other server can share the database, so there
 * is nothing to single-flight across servers: {@link #shared()} is false and {@link ArtifactCache} takes no lease (two
 * to three transactions fewer per miss).
 */
@ApplicationScoped
public class FetchLeases {

    private static final Logger LOG = Logger.getLogger(FetchLeases.class.getName());
    private static final long FIRST_POLL_MILLIS = 20;
    private static final long MAX_POLL_MILLIS = 250;

    @Inject
    FetchLeaseDao dao;
    @Inject
    Clock clock;
    @Inject
    GranaryConfig config;
    @Resource(lookup = "java:app/env/jdbc/granary")
    DataSource dataSource;

    private String holder;
    private Duration leaseTime;
    private Duration patience;
    private final AtomicLong waits = new AtomicLong();
    private boolean shared = true;

    public FetchLeases() {
        // for CDI
    }

    /** The fetch leases of one server named {@code holder} (tests run two in one JVM). */
    FetchLeases(FetchLeaseDao dao, Clock clock, String holder, Duration leaseTime, Duration patience) {
        this.dao = dao;
        this.clock = clock;
        this.holder = holder;
        this.leaseTime = leaseTime;
        this.patience = patience;
    }

    @PostConstruct
    void init() {
        if (holder == null) {
            holder = ServerName.ofThisServer();
        }
        if (leaseTime == null) {
            leaseTime = config.duration(Setting.UPSTREAM_FETCH_DEADLINE).plusMinutes(1);
        }
        if (patience == null) {
            patience = config.duration(Setting.UPSTREAM_READ_TIMEOUT);
        }
        if (dataSource != null) {
            try (Connection c = dataSource.getConnection()) {
                shared = sharedDatabase(c.getMetaData().getURL());
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "Cannot tell whether the database is shared; fetch leases stay on", e);
            }
        }
        LOG.info(shared ? "Artifact fetches single-flight across servers (fetch leases)"
                : "Embedded database: one server only, no fetch leases");
    }

    /**
     * Whether other servers may use the database at {@code jdbcUrl}: always, except an H2 file opened without
     * {@code AUTO_SERVER} (H2 locks such a file to the one process that opened it) or an H2 in-memory database.
     */
    static boolean sharedDatabase(String jdbcUrl) {
        if (jdbcUrl == null) {
            return true;
        }
        String url = jdbcUrl.toUpperCase(Locale.ROOT);
        if (url.startsWith("JDBC:H2:MEM:")) {
            return false;
        }
        if (url.startsWith("JDBC:H2:FILE:") || (url.startsWith("JDBC:H2:") && !url.startsWith("JDBC:H2:TCP:")
                && !url.startsWith("JDBC:H2:SSL:"))) {
            return url.replace(" ", "").contains("AUTO_SERVER=TRUE");
        }
        return true;
    }

    /** Whether another server can share this database, so that a miss must claim its fetch lease. */
    public boolean shared() {
        return shared;
    }

    /** What a claim came to. */
    public sealed interface Claim<T> {
        /** This server fetches: close the lease when the fetch is over. */
        record Fetch<T>(Lease lease) implements Claim<T> {
        }

        /** Another server stored it meanwhile. */
        record Stored<T>(T stored) implements Claim<T> {
        }

        /** Another server still fetches after all this waiting: fetch without the lease. */
        record Unleased<T>() implements Claim<T> {
        }
    }

    /**
     * Claims the fetch of {@code path} of {@code repo}, waiting while another server fetches it.
     *
     * @param stored what the database holds for it now (re-read while waiting)
     * @param onWait runs once, when this server starts waiting for another's fetch
     */
    public <T> Claim<T> claim(RepositoryInfo repo, String path, Supplier<Optional<T>> stored, Runnable onWait) {
        String key = key(repo, path);
        long deadline = System.nanoTime() + patience.toNanos();
        long poll = FIRST_POLL_MILLIS;
        boolean waited = false;
        while (true) {
            Optional<Lease> lease = tryAcquire(repo, key);
            if (lease.isPresent()) {
                // the holder may have stored it and let go between the caller's read and this claim
                Optional<T> now = waited ? stored.get() : Optional.empty();
                if (now.isPresent()) {
                    lease.get().close();
                    return new Claim.Stored<>(now.get());
                }
                return new Claim.Fetch<>(lease.get());
            }
            if (!waited) {
                waited = true;
                waits.incrementAndGet();
                onWait.run();
            }
            if (System.nanoTime() - deadline > 0) {
                LOG.info(() -> "Fetching " + repo.name() + "/" + path + " although another server still does after "
                        + patience);
                return new Claim.Unleased<>();
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UpstreamFailureException("interrupted while waiting for another server's fetch of " + path);
            }
            poll = Math.min(MAX_POLL_MILLIS, poll * 2);
            Optional<T> now = stored.get();
            if (now.isPresent()) {
                return new Claim.Stored<>(now.get());
            }
        }
    }

    /** How many claims waited for another server's fetch (since start). */
    long waits() {
        return waits.get();
    }

    /** This server's name in lease rows. */
    String holder() {
        return holder;
    }

    private Optional<Lease> tryAcquire(RepositoryInfo repo, String key) {
        Instant now = clock.instant();
        if (dao.find(key).isEmpty()) {
            try {
                dao.insert(key, repo.id(), holder, now.plus(leaseTime));
                return Optional.of(new Lease(key));
            } catch (RuntimeException lost) {
                LOG.log(Level.FINE, "Another server claimed the fetch " + key + " first", lost);
            }
        }
        if (dao.takeExpired(key, holder, now, now.plus(leaseTime))) {
            LOG.warning(() -> "A fetch lease of " + repo.name() + " expired unreleased (its server died?); " + holder
                    + " takes it over");
            return Optional.of(new Lease(key));
        }
        return Optional.empty();
    }

    /** The lease row's key: the sha256 of repository id and path (paths may be longer than a key column). */
    static String key(RepositoryInfo repo, String path) {
        return Digests.sha256Hex((repo.id() + "\n" + path).getBytes(StandardCharsets.UTF_8));
    }

    /** A held fetch lease; closing it lets the others go on (they find the artifact's row, or fetch themselves). */
    public final class Lease implements AutoCloseable {
        private final String key;
        private boolean closed;

        private Lease(String key) {
            this.key = key;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                dao.release(key, holder);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot release the fetch lease " + key + "; it expires by itself", e);
            }
        }
    }
}
