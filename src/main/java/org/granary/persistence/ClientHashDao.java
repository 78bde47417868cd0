package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Client hashes of artifacts ({@link ClientHash}), by the artifacts' sha256. */
@ApplicationScoped
@Transactional
public class ClientHashDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public ClientHashDao() {
        // for CDI
    }

    ClientHashDao(EntityManager em) {
        this.em = em;
    }

    public Optional<String> find(String sha256) {
        return Optional.ofNullable(em.find(ClientHash.class, sha256)).map(ClientHash::getHash);
    }

    /** The hashes known for {@code sha256s}, by sha256 (absent ones left out). */
    public Map<String, String> findAll(Collection<String> sha256s) {
        Map<String, String> out = new HashMap<>();
        if (sha256s.isEmpty()) {
            return out;
        }
        em.createQuery("select h from ClientHash h where h.sha256 in :keys", ClientHash.class)
                .setParameter("keys", sha256s).getResultList().forEach(h -> out.put(h.getSha256(), h.getHash()));
        return out;
    }

    /**
     * Records the client hash of an artifact, in a transaction of its own; a row already there (the same bytes fetched by another
     * repository or server) is left as it is, since the hash is a function of the bytes.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String sha256, String hash, Instant at) {
        if (em.find(ClientHash.class, sha256) == null) {
            em.persist(new ClientHash(sha256, hash, at));
        }
    }
}
