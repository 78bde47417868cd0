package org.granary.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Reads and writes users. */
@ApplicationScoped
@Transactional
public class UserDao {

    @PersistenceContext(unitName = "granary")
    EntityManager em;

    public UserDao() {
        // for CDI
    }

    UserDao(EntityManager em) {
        this.em = em;
    }

    public Optional<UserAccount> findByName(String username) {
        return em.createQuery("select u from UserAccount u where u.username = :name", UserAccount.class)
                .setParameter("name", username).getResultStream().findFirst();
    }

    public List<UserAccount> findAll() {
        return em.createQuery("select u from UserAccount u order by u.username", UserAccount.class).getResultList();
    }

    public UserAccount create(UserAccount user) {
        em.persist(user);
        em.flush(); // the generated id, for the caller (EclipseLink defers inserts to the flush)
        return user;
    }

    public UserAccount update(UserAccount user) {
        return em.merge(user);
    }

    public boolean delete(String username) {
        return findByName(username).map(u -> {
            em.remove(u);
            return true;
        }).orElse(false);
    }
}
