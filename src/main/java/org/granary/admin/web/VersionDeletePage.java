package org.granary.admin.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.granary.core.Browse;
import org.granary.core.HostedDeletes;
import org.granary.core.RepositoryInfo;

/**
 * {@code delete-version.xhtml?id=&version=}: the question "Delete version … for good?" about one version of a package in
 * a hosted repository, with the files it removes; the deletion itself is the POST of the button under the question
 * ({@link HostedDeletes}, the same service as the REST API's {@code DELETE …/versions/{version}}, which audits it).
 */
@Named
@ViewScoped
public class VersionDeletePage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Browse browse;
    @Inject
    transient HostedDeletes deletes;
    @Inject
    transient ConsoleGuard guard;

    private long id;
    private String version;

    /** The package (its name and repository) and its files, or {@code null} when there is no such package. */
    public Target getTarget() {
        return browse.detail(id).filter(d -> d.repository() != null).map(d -> new Target(d.pkg().name(),
                d.repository(), d.versions().stream().filter(v -> v.version().equals(version))
                .flatMap(v -> v.artifacts().stream()).map(a -> a.path()).toList())).orElse(null);
    }

    /** Deletes the version (administrators; the service checks again) and returns to the package page. */
    public String delete() {
        Target t = getTarget();
        if (!guard.admin() || t == null) {
            return null;
        }
        if (!t.deletable()) {
            ConsoleGuard.error(null, t.whyNot());
            return null;
        }
        if (!guard.attempt(() -> deletes.deleteVersion(t.repository(), guard.caller(), t.packageName(), version))) {
            return null;
        }
        ConsoleGuard.done("Version " + version + " of " + t.packageName() + " deleted from " + t.repository().name() + ".");
        return "/package.xhtml?faces-redirect=true&id=" + id;
    }

    /** What the question is about. */
    public record Target(String packageName, RepositoryInfo repository, List<String> files) {

        /** Only versions published into a hosted repository are deleted here; cached ones are refused by rules. */
        public boolean deletable() {
            return repository.isHosted();
        }

        public String whyNot() {
            return "Versions cached from an upstream are not deleted: to stop serving one, add a block rule for it on "
                    + "the guards page of " + repository.name() + " (cleanup policies remove cached files).";
        }
    }

    public long getId() {
        return id;
    }

    public void setId(long id) {
        this.id = id;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }
}
