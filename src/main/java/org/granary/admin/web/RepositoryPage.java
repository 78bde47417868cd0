package org.granary.admin.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.core.RepositoryService;
import org.granary.core.RepositoryType;
import org.granary.security.RepositoryAccess;

/**
 * {@code repository.xhtml}: one repository's settings (members and their order for a group), its client set-up,
 * and deleting it after a confirmation; with {@code ?format=…&type=…} and no name, the form for a new one.
 */
@Named
@ViewScoped
public class RepositoryPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RepositoryRegistry registry;
    @Inject
    RepositoryService repositories;
    @Inject
    RepositoryAccess access;
    @Inject
    ConsoleGuard guard;
    @Inject
    ConsoleUrls urls;

    private String name;
    private RepositoryForm form = new RepositoryForm();
    private String memberChoice;
    private final Confirmation deletion = new Confirmation();
    private boolean missing;

    /** Runs once when the page is opened (not on its own posts). */
    public void open() {
        if (name != null && !name.isBlank()) {
            Optional<RepositoryInfo> r = registry.find(name);
            missing = r.isEmpty();
            form = r.map(RepositoryForm::of).orElseGet(RepositoryForm::new);
        } else {
            // ?format=&type= went into the form; without both, there is nothing to create
            name = null;
            missing = form.format().isEmpty() || form.type().isEmpty();
            if (form.type().orElse(null) != RepositoryType.PROXY) {
                form.setUpstreamUrl("");
            }
        }
    }

    public boolean isCreating() {
        return name == null;
    }

    public boolean isMissing() {
        return missing;
    }

    public boolean isProxy() {
        return form.type().orElse(null) == RepositoryType.PROXY;
    }

    public boolean isGroup() {
        return form.type().orElse(null) == RepositoryType.GROUP;
    }

    public boolean isHosted() {
        return form.type().orElse(null) == RepositoryType.HOSTED;
    }

    /** Repositories that could be added to this group: the same format, not itself, not a member already. */
    public List<String> getCandidates() {
        return registry.all().stream()
                .filter(r -> form.format().map(f -> f == r.format()).orElse(false))
                .map(RepositoryInfo::name)
                .filter(n -> !n.equals(name) && !form.getMembers().contains(n))
                .sorted().toList();
    }

    public List<SetupSnippets.Snippet> getSnippets() {
        return registry.find(name == null ? "" : name)
                .map(r -> SetupSnippets.of(urls.base(), r)).orElse(List.of());
    }

    /** The repository's own URL, as clients use it. */
    public String getUrl() {
        return urls.base() + "/" + (name == null ? form.getName() : name) + "/";
    }

    // ---- actions (each a POST of the page's form) ---------------------------------------------------------------

    public void addMember() {
        if (guard.admin()) {
            form.addMember(memberChoice);
            memberChoice = null;
        }
    }

    public void removeMember(String member) {
        if (guard.admin()) {
            form.removeMember(member);
        }
    }

    public void moveUp(String member) {
        if (guard.admin()) {
            form.moveMember(member, -1);
        }
    }

    public void moveDown(String member) {
        if (guard.admin()) {
            form.moveMember(member, +1);
        }
    }

    public String save() {
        if (!guard.admin() || !guard.valid("settings", form.problems(isCreating(), registry.all()))) {
            return null;
        }
        RepositoryService.Spec spec = form.toSpec();
        boolean creating = isCreating();
        boolean saved = guard.attempt(() -> {
            if (creating) {
                RepositoryInfo r = repositories.create(spec);
                access.audited("repository.create", r.name(), r.format().id() + " " + r.type().name().toLowerCase(Locale.ROOT)
                        + " (admin console)");
            } else {
                repositories.update(name, spec);
                access.audited("repository.update", name, "settings saved in the admin console");
            }
        });
        if (!saved) {
            return null;
        }
        ConsoleGuard.done(creating ? "Repository " + spec.name() + " created." : "Settings of " + name + " saved.");
        return "/repository.xhtml?faces-redirect=true&name=" + URLEncoder.encode(spec.name(), StandardCharsets.UTF_8);
    }

    public String delete() {
        if (!guard.admin() || name == null) {
            return null;
        }
        String gone = name;
        if (!guard.attempt(() -> {
            repositories.delete(gone);
            access.audited("repository.delete", gone, "admin console");
        })) {
            deletion.cancel();
            return null;
        }
        ConsoleGuard.done("Repository " + gone + " deleted, with everything it cached or held.");
        return "/repositories.xhtml?faces-redirect=true";
    }

    // ---- properties --------------------------------------------------------------------------------------------

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public RepositoryForm getForm() {
        return form;
    }

    public String getMemberChoice() {
        return memberChoice;
    }

    public void setMemberChoice(String memberChoice) {
        this.memberChoice = memberChoice;
    }

    /** "Delete … for good?", asked before {@link #delete()}. */
    public Confirmation getDeletion() {
        return deletion;
    }
}
