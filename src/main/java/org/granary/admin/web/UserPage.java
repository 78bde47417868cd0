package org.granary.admin.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.granary.persistence.UserAccount;
import org.granary.security.RepositoryAccess;
import org.granary.security.UserService;

/** {@code user.xhtml?name=}: one user's roles, whether they may sign in, a new password, and deleting them. */
@Named
@ViewScoped
public class UserPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    UserService users;
    @Inject
    RepositoryAccess access;
    @Inject
    ConsoleGuard guard;

    private String name;
    private boolean found;
    private List<String> roles = new ArrayList<>();
    private boolean enabled;
    private String newPassword = "";
    private final Confirmation deletion = new Confirmation();

    public void open() {
        users.find(name == null ? "" : name).ifPresent(u -> {
            found = true;
            roles = new ArrayList<>(u.getRoles());
            enabled = u.isEnabled();
        });
    }

    /** Whether this is the signed-in admin (who may not delete, disable or demote themselves here). */
    public boolean isSelf() {
        return guard.name().equals(name);
    }

    public String save() {
        if (!guard.admin()) {
            return null;
        }
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        if (roles.isEmpty()) {
            problems.put("roles", "Choose at least one role.");
        }
        if (isSelf() && (!roles.contains("admin") || !enabled)) {
            problems.put("roles", "You cannot take away your own admin role or disable yourself; another admin can.");
        }
        if (newPassword != null && !newPassword.isEmpty()) {
            problems.putAll(PasswordForm.newPasswordProblems("newPassword", newPassword));
        }
        if (!guard.valid("user", problems)) {
            return null;
        }
        String password = newPassword == null || newPassword.isEmpty() ? null : newPassword;
        if (!guard.attempt(() -> {
            UserAccount u = users.update(name, password, new LinkedHashSet<>(roles), enabled, null);
            access.audited("user.update", name, "roles " + u.getRoles() + (u.isEnabled() ? "" : ", disabled")
                    + (password == null ? "" : ", password") + " (admin console)");
        })) {
            return null;
        }
        ConsoleGuard.done("User " + name + " saved." + (password != null || !enabled
                ? " Their console sessions were ended; their API tokens still work until revoked." : ""));
        return "/user.xhtml?faces-redirect=true&name=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
    }

    public String delete() {
        if (!guard.admin()) {
            return null;
        }
        if (isSelf()) {
            ConsoleGuard.error(null, "You cannot delete yourself.");
            return null;
        }
        String gone = name;
        if (!guard.attempt(() -> {
            users.delete(gone);
            access.audited("user.delete", gone, "admin console");
        })) {
            return null;
        }
        ConsoleGuard.done("User " + gone + " deleted; their tokens no longer work.");
        return "/access.xhtml?faces-redirect=true";
    }

    public List<String> getRoleNames() {
        return List.of("admin", "publisher", "reader");
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public boolean isFound() {
        return found;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles == null ? new ArrayList<>() : new ArrayList<>(roles);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    /** "Delete … for good?", asked before {@link #delete()}. */
    public Confirmation getDeletion() {
        return deletion;
    }
}
