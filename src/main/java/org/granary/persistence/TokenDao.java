package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and writes API tokens (by their hash: the tokens themselves are never stored). */
@ApplicationScoped
@Transactional
public class TokenDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public TokenDao() {
        // for CDI
    }

    TokenDao(EntityManager em) {
        this.em = em;
    }

    public Optional<ApiToken> findByHash(String tokenHash) {
        return em.createQuery("select t from ApiToken t join fetch t.user where t.tokenHash = :hash", ApiToken.class)
                .setParameter("hash", tokenHash).getResultStream().findFirst();
    }

    public Optional<ApiToken> find(long id) {
        return Optional.ofNullable(em.find(ApiToken.class, id));
    }

    public List<ApiToken> findByUser(String username) {
        return em.createQuery("select t from ApiToken t join fetch t.user where t.user.username = :name order by t.createdAt",
                ApiToken.class).setParameter("name", username).getResultList();
    }

    public ApiToken create(ApiToken token) {
        em.persist(token);
        em.flush(); // the generated id, for the caller (EclipseLink defers inserts to the flush)
        return token;
    }

    public void revoke(long id, Instant at) {
        find(id).ifPresent(t -> t.revoke(at));
    }

    public void markUsed(long id, Instant at) {
        em.createQuery("update ApiToken t set t.lastUsedAt = :at where t.id = :id")
                .setParameter("at", at).setParameter("id", id).executeUpdate();
    }
}
