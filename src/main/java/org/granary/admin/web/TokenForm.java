package org.granary.admin.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.granary.security.TokenService;

/** The new-token form: a name, read-only or not, an expiry in days (empty: none), and whose it is. */
public class TokenForm {

    private String name = "";
    private boolean readOnly;
    private String expiresInDays = "90";
    private String user = "";

    public Map<String, String> problems(Instant now) {
        Map<String, String> p = new LinkedHashMap<>();
        if (name == null || name.isBlank()) {
            p.put("name", "Name the token after where it is used, e.g. ci-release.");
        } else if (name.length() > 128) {
            p.put("name", "Use at most 128 characters.");
        }
        if (expiresInDays != null && !expiresInDays.isBlank()) {
            long days;
            try {
                days = Long.parseLong(expiresInDays.trim());
            } catch (NumberFormatException e) {
                days = -1;
            }
            if (days <= 0) {
                p.put("expiresInDays", "Enter a whole number of days, 1 or more, or leave it empty for no expiry.");
            } else if (days > now.until(TokenService.LATEST_EXPIRY, ChronoUnit.DAYS)) {
                p.put("expiresInDays", "That is beyond the year 9999; leave it empty for no expiry.");
            }
        }
        if (user == null || user.isBlank()) {
            p.put("user", "Choose whose token it is.");
        }
        return p;
    }

    /** When the token expires: {@code null} for never; call after {@link #problems} found none. */
    public Instant expiry(Instant now) {
        return expiresInDays == null || expiresInDays.isBlank() ? null
                : now.plus(Long.parseLong(expiresInDays.trim()), ChronoUnit.DAYS);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? "" : name.trim();
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public String getExpiresInDays() {
        return expiresInDays;
    }

    public void setExpiresInDays(String expiresInDays) {
        this.expiresInDays = expiresInDays;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }
}
