package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.granary.core.GuardPolicy;
import org.granary.core.GuardRule;
import org.granary.core.Guards;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.core.RepositoryRegistry;
import org.granary.security.RepositoryAccess;

/**
 * {@code guards.xhtml?repository=}: a repository's supply-chain guards. The versions its policies refuse now (held by
 * the minimum release age with when each becomes available, blocked by a rule, or without a release time), its
 * policy (cooldown, missing release times, break-glass) and its rules ("exemptions": allow, block, age), all
 * editable. Calls the services behind {@code api/repositories/{name}/held} and {@code …/exemptions}.
 */
@Named
@RequestScoped
public class GuardsPage {

    static final int HELD_SHOWN = 500;

    @Inject
    RepositoryRegistry registry;
    @Inject
    RepositoryReads reads;
    @Inject
    Guards guards;
    @Inject
    RepositoryAccess access;
    @Inject
    ConsoleGuard guard;
    @Inject
    Clock clock;
    @Inject
    HttpServletRequest request;

    private final GuardRuleForm rule = new GuardRuleForm();
    private final GuardPolicyForm policyForm = new GuardPolicyForm();
    private boolean policyLoaded;
    private String repository;
    private List<HeldView> held;

    /** A refused version as the table shows it. */
    public record HeldView(String member, String packageName, String version, String reason, String detail,
                           Instant releasedAt, Instant availableAfter) {

        static HeldView of(Guards.Held h) {
            return new HeldView(h.member(), h.packageName(), h.version(), h.verdict().blockReason(),
                    h.verdict().describe(h.packageName() + "@" + h.version()), h.verdict().releasedAt(),
                    h.verdict().availableAt() != null ? h.verdict().availableAt() : h.verdict().until());
        }
    }

    /** A rule as the table shows it. */
    public record RuleView(long id, String action, String pattern, String versions, String age, String reason,
                           Instant expiresAt, boolean expired, String createdBy, Instant createdAt) {
    }

    /** {@code ?repository=}; read from the request too, for the forms' POSTs (see {@code AccessPage#getWhose}). */
    public String getName() {
        String asked = repository != null && !repository.isBlank() ? repository : request.getParameter("repository");
        return asked == null ? "" : asked.trim();
    }

    public RepositoryInfo getSelected() {
        return getName().isEmpty() ? null : registry.find(getName()).orElse(null);
    }

    public List<String> getRepositories() {
        return registry.all().stream().map(RepositoryInfo::name).sorted().toList();
    }

    public GuardPolicy getPolicy() {
        RepositoryInfo r = getSelected();
        return r == null ? null : guards.policy(r);
    }

    public String describeAge(GuardPolicy p) {
        return p.minimumReleaseAge().isZero() ? "none" : human(p.minimumReleaseAge());
    }

    static String human(java.time.Duration d) {
        return Formats.seconds(d.toSeconds());
    }

    public List<RuleView> getRules() {
        GuardPolicy p = getPolicy();
        Instant now = clock.instant();
        return p == null ? List.of() : p.rules().stream().map(r -> new RuleView(r.id(), r.actionName(), r.packagePattern(),
                r.versions().isAll() ? "all" : r.versions().text(),
                r.minimumReleaseAge() == null ? "" : human(r.minimumReleaseAge()), r.reason(), r.expiresAt(),
                !r.inForce(now), r.createdBy(), r.createdAt())).toList();
    }

    /** What the policies of the repository (for a group: of its members) refuse now. */
    public List<HeldView> getHeld() {
        if (held == null) {
            RepositoryInfo r = getSelected();
            held = r == null ? List.of()
                    : guards.held(reads.chains(r, access.caller()), HELD_SHOWN).stream().map(HeldView::of).toList();
        }
        return held;
    }

    public int getHeldLimit() {
        return HELD_SHOWN;
    }

    // ---- actions ---------------------------------------------------------------------------------------------

    public String savePolicy() {
        if (!guard.admin()) {
            return null;
        }
        RepositoryInfo r = getSelected();
        if (!exists(r) || !guard.valid("policy", policyForm.problems())) {
            return null;
        }
        if (!guard.attempt(() -> {
            GuardPolicy p = guards.change(r, policyForm.change(clock.instant()));
            access.audited("repository.guard", r.name(), "minimumReleaseAge=" + p.minimumReleaseAge()
                    + " missingReleaseTime=" + p.missingReleaseTime().name().toLowerCase(Locale.ROOT)
                    + " breakGlass=" + p.breakGlass() + (p.breakGlassUntil() != null ? " until " + p.breakGlassUntil() : "")
                    + " (admin console)");
        })) {
            return null;
        }
        ConsoleGuard.done("The policy of " + r.name() + " is saved.");
        return back(r);
    }

    public String addRule() {
        if (!guard.admin()) {
            return null;
        }
        RepositoryInfo r = getSelected();
        if (!exists(r) || !guard.valid("rule", rule.problems())) {
            return null;
        }
        if (!guard.attempt(() -> {
            GuardRule added = guards.addRule(r, rule.spec(clock.instant()), guard.name());
            access.audited("repository.exemption.add", r.name(), added.actionName() + " " + added.packagePattern()
                    + (added.versions().isAll() ? "" : " " + added.versions().text())
                    + (added.expiresAt() != null ? " until " + added.expiresAt() : "") + ": " + added.reason()
                    + " (admin console)");
        })) {
            return null;
        }
        ConsoleGuard.done("Rule " + rule.getAction() + " " + rule.getPattern() + " added to " + r.name() + ".");
        return back(r);
    }

    public String removeRule(long id) {
        if (!guard.admin()) {
            return null;
        }
        RepositoryInfo r = getSelected();
        if (!exists(r)) {
            return null;
        }
        if (!guard.attempt(() -> {
            guards.removeRule(r, id);
            access.audited("repository.exemption.remove", r.name(), "exemption " + id + " (admin console)");
        })) {
            return null;
        }
        ConsoleGuard.done("Rule " + id + " removed from " + r.name() + ".");
        return back(r);
    }

    private boolean exists(RepositoryInfo r) {
        if (r == null) {
            guard.report(null, "There is no repository named " + getName() + " (any more).");
            return false;
        }
        return true;
    }

    private static String back(RepositoryInfo r) {
        return "/guards.xhtml?faces-redirect=true&repository=" + URLEncoder.encode(r.name(), StandardCharsets.UTF_8);
    }

    // ---- properties ------------------------------------------------------------------------------------------

    public GuardRuleForm getRule() {
        return rule;
    }

    /** The policy form: on a GET filled from the policy as it is, on a POST as the admin sent it. */
    public GuardPolicyForm getPolicyForm() {
        if (!policyLoaded) {
            policyLoaded = true;
            FacesContext context = FacesContext.getCurrentInstance();
            GuardPolicy p = context != null && context.isPostback() ? null : getPolicy();
            Optional.ofNullable(p).ifPresent(policyForm::load);
        }
        return policyForm;
    }

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }
}
