package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.persistence.ClientHashDao;

/**
 * The hashes clients record for artifacts that are not hashes of their bytes — Go's go.sum {@code h1:} of a module
 * zip, computed once when the zip is verified at fetch — kept by the artifact's sha256 (a fact about the bytes, shared
 * by every repository holding them), in the database with the last ones used held in memory.
 */
@ApplicationScoped
public class ClientHashes {

    private static final Logger LOG = Logger.getLogger(ClientHashes.class.getName());
    private static final int MAX_REMEMBERED = 10_000;

    @Inject
    ClientHashDao dao;
    @Inject
    Clock clock;

    private final Map<String, String> remembered = new ConcurrentHashMap<>();

    /**
     * Records {@code hash} for the bytes with {@code sha256}. A failure to write it is logged, not thrown: the
     * artifact is good, and its hash is computed again when asked for.
     */
    public void record(String sha256, String hash) {
        remember(sha256, hash);
        try {
            dao.record(sha256, hash, clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot record the client hash of the artifact with sha256 " + sha256
                    + " (it is computed again when asked for): " + e.getMessage(), e);
        }
    }

    public Optional<String> find(String sha256) {
        String known = remembered.get(sha256);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> stored = dao.find(sha256);
        stored.ifPresent(h -> remember(sha256, h));
        return stored;
    }

    /** The hashes known for {@code sha256s}, by sha256. */
    public Map<String, String> findAll(Collection<String> sha256s) {
        return dao.findAll(sha256s);
    }

    private void remember(String sha256, String hash) {
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(sha256, hash);
    }
}
