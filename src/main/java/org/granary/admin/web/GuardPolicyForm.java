package org.granary.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.granary.core.GuardPolicy;
import org.granary.core.Guards;

/**
 * A repository's supply-chain policy as the guards page edits it: the minimum release age (days or an ISO-8601
 * duration; 0 for none), what happens to versions without a known release time, and break-glass (every version
 * passes, for some hours or until turned off).
 */
public class GuardPolicyForm {

    private String minimumReleaseAge = "0";
    private String missingReleaseTime = "allow";
    private boolean breakGlass;
    private String breakGlassHours = "";

    /** The form filled from the policy as it is. */
    void load(GuardPolicy p) {
        Duration d = p.minimumReleaseAge();
        minimumReleaseAge = d.isZero() ? "0" : d.toSeconds() % 86_400 == 0 ? String.valueOf(d.toDays()) : d.toString();
        missingReleaseTime = p.missingReleaseTime().name().toLowerCase(Locale.ROOT);
        breakGlass = p.breakGlass();
    }

    public Map<String, String> problems() {
        Map<String, String> p = new LinkedHashMap<>();
        if (!"0".equals(minimumReleaseAge) && GuardRuleForm.age(minimumReleaseAge) == null) {
            p.put("minimumReleaseAge", GuardRuleForm.AGE_HINT + " 0 turns the cooldown off.");
        }
        if (!missingReleaseTime.equals("allow") && !missingReleaseTime.equals("deny")) {
            p.put("missingReleaseTime", "Choose allow or deny.");
        }
        if (!breakGlassHours.isBlank()) {
            long h;
            try {
                h = Long.parseLong(breakGlassHours);
            } catch (NumberFormatException e) {
                h = -1;
            }
            if (h < 1 || h > 24 * 365) {
                p.put("breakGlassHours", "Enter whole hours from 1 to 8760, or leave it empty: on until turned off.");
            } else if (!breakGlass) {
                p.put("breakGlassHours", "Tick break-glass too, or leave the hours empty.");
            }
        }
        return p;
    }

    /** The change as the service takes it; call after {@link #problems()} found none. */
    Guards.PolicyChange change(Instant now) {
        Duration age = "0".equals(minimumReleaseAge) ? Duration.ZERO : GuardRuleForm.age(minimumReleaseAge);
        Optional<Instant> until = breakGlass && !breakGlassHours.isBlank()
                ? Optional.of(now.plus(Duration.ofHours(Long.parseLong(breakGlassHours)))) : Optional.empty();
        return new Guards.PolicyChange(age, GuardPolicy.MissingReleaseTime.valueOf(missingReleaseTime.toUpperCase(Locale.ROOT)),
                breakGlass, until);
    }

    public String getMinimumReleaseAge() {
        return minimumReleaseAge;
    }

    public void setMinimumReleaseAge(String minimumReleaseAge) {
        this.minimumReleaseAge = minimumReleaseAge == null || minimumReleaseAge.isBlank() ? "0" : minimumReleaseAge.trim();
    }

    public String getMissingReleaseTime() {
        return missingReleaseTime;
    }

    public void setMissingReleaseTime(String missingReleaseTime) {
        this.missingReleaseTime = missingReleaseTime == null ? "" : missingReleaseTime.trim();
    }

    public boolean isBreakGlass() {
        return breakGlass;
    }

    public void setBreakGlass(boolean breakGlass) {
        this.breakGlass = breakGlass;
    }

    public String getBreakGlassHours() {
        return breakGlassHours;
    }

    public void setBreakGlassHours(String breakGlassHours) {
        this.breakGlassHours = breakGlassHours == null ? "" : breakGlassHours.trim();
    }
}
