package org.granary.admin.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.granary.security.Roles;

/** The new-user form and its rules: each problem named by its field ({@code username}, {@code password}, ...). */
public class UserForm {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private String username = "";
    private String password = "";
    private List<String> roles = new ArrayList<>(List.of(Roles.READER));
    private String email = "";

    /**
     * @param taken whether a user of that name exists already
     */
    public Map<String, String> problems(java.util.function.Predicate<String> taken) {
        Map<String, String> p = new LinkedHashMap<>();
        if (username == null || username.isBlank()) {
            p.put("username", "Enter a user name.");
        } else if (!USERNAME.matcher(username).matches()) {
            p.put("username", "Use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        } else if (taken.test(username)) {
            p.put("username", "A user named '" + username + "' exists already.");
        }
        p.putAll(PasswordForm.newPasswordProblems("password", password));
        if (roles == null || roles.isEmpty()) {
            p.put("roles", "Choose at least one role; reader lets the user read private repositories.");
        } else if (!Roles.ALL.containsAll(roles)) {
            p.put("roles", "The roles are admin, publisher and reader.");
        }
        if (email != null && !email.isBlank() && (!EMAIL.matcher(email.trim()).matches() || email.length() > 256)) {
            p.put("email", "Enter an e-mail address such as ci@example.com, or leave it empty.");
        }
        return p;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username == null ? "" : username.trim();
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles == null ? new ArrayList<>() : new ArrayList<>(roles);
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    /** The e-mail to store: {@code null} for none. */
    String emailOrNull() {
        return email == null || email.isBlank() ? null : email.trim();
    }
}
