package org.granary.admin.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.granary.security.UserService;

/** Changing one's own password: the current one, the new one twice. Each problem is named by its field. */
public class PasswordForm {

    private String current = "";
    private String next = "";
    private String repeat = "";

    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        if (current == null || current.isEmpty()) {
            p.put("current", "Enter your current password.");
        }
        p.putAll(newPasswordProblems("next", next));
        if (!p.containsKey("next") && !next.equals(repeat)) {
            p.put("repeat", "The two new passwords differ; type the same one twice.");
        }
        if (!p.containsKey("next") && next.equals(current)) {
            p.put("next", "The new password is the current one; choose another.");
        }
        return p;
    }

    /** The rule every new password follows (the service's), under {@code field}. */
    static Map<String, String> newPasswordProblems(String field, String password) {
        if (password == null || password.length() < UserService.MIN_PASSWORD_LENGTH) {
            return Map.of(field, "Use at least " + UserService.MIN_PASSWORD_LENGTH + " characters.");
        }
        return Map.of();
    }

    public String getCurrent() {
        return current;
    }

    public void setCurrent(String current) {
        this.current = current;
    }

    public String getNext() {
        return next;
    }

    public void setNext(String next) {
        this.next = next;
    }

    public String getRepeat() {
        return repeat;
    }

    public void setRepeat(String repeat) {
        this.repeat = repeat;
    }
}
