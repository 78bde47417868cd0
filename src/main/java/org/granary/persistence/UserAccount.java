package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** A person or CI system that logs in: a user name, a password hash and roles. */
@Entity
@Table(name = "app_user")
public class UserAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    @Column(name = "password_hash", nullable = false, length = 512)
    private String passwordHash;

    @Column(nullable = false, length = 128)
    private String roles;

    @Column(length = 256)
    private String email;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** {@link #LOCAL}, {@code ldap} or {@code oidc}: who checks this user's sign-in. */
    @Column(name = "identity_source", nullable = false, length = 16)
    private String identitySource = LOCAL;

    /** The identity source of users whose password this database holds. */
    public static final String LOCAL = "local";

    protected UserAccount() {
        // for JPA
    }

    public UserAccount(String username, String passwordHash, Set<String> roles, String email, Instant createdAt) {
        this.username = username;
        this.passwordHash = passwordHash;
        setRoles(roles);
        this.email = email;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public Set<String> getRoles() {
        Set<String> set = new LinkedHashSet<>();
        Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(set::add);
        return set;
    }

    public void setRoles(Set<String> roles) {
        this.roles = String.join(",", roles);
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getIdentitySource() {
        return identitySource;
    }

    public void setIdentitySource(String identitySource) {
        this.identitySource = identitySource;
    }

    /** Whether this database checks the user's password (not a directory or an OpenID Connect provider). */
    public boolean isLocal() {
        return LOCAL.equals(identitySource);
    }
}
