package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;
import org.granary.core.Browse;
import org.granary.core.Guards;
import org.granary.core.RepositoryReads;
import org.granary.persistence.BrowseDao;
import org.granary.security.RepositoryAccess;

/**
 * {@code package.xhtml?id=}: one package, its versions with their artifacts, how to install it, and which of its
 * versions the repository's supply-chain policy refuses now, with the reason.
 */
@Named
@RequestScoped
public class PackagePage {

    @Inject
    Browse browse;
    @Inject
    ConsoleUrls urls;
    @Inject
    Guards guards;
    @Inject
    RepositoryReads reads;
    @Inject
    RepositoryAccess access;

    private long id;
    private Optional<Browse.Detail> detail;
    private List<GuardsPage.HeldView> held;

    public Browse.Detail getDetail() {
        if (detail == null) {
            detail = browse.detail(id);
        }
        return detail.orElse(null);
    }

    /** The install command for a version, through the repository the package is in. */
    public String install(BrowseDao.VersionRow v) {
        Browse.Detail d = getDetail();
        return d == null || d.repository() == null ? ""
                : SetupSnippets.install(urls.base(), d.repository(), d.pkg().name(), v.version());
    }

    /** Where an artifact came from: who published it, or the upstream URL it was cached from. */
    public static String origin(BrowseDao.ArtifactRow a) {
        return a.publishedBy() != null ? "published by " + a.publishedBy()
                : "cached from the upstream" + (a.upstreamUrl() == null ? "" : " (" + a.upstreamUrl() + ")");
    }

    /** The versions of this package the repository's policy refuses now (of those clients have listed). */
    public List<GuardsPage.HeldView> getHeld() {
        if (held == null) {
            Browse.Detail d = getDetail();
            held = d == null || d.repository() == null ? List.of()
                    : guards.held(reads.chains(d.repository(), access.caller()), MAX_HELD).stream()
                    .filter(h -> h.packageName().equals(d.pkg().name())).map(GuardsPage.HeldView::of).toList();
        }
        return held;
    }

    /** Why {@code version} is refused now, or {@code null} when it is not. */
    public String heldReason(String version) {
        return getHeld().stream().filter(h -> h.version().equals(version)).map(GuardsPage.HeldView::detail).findFirst()
                .orElse(null);
    }

    static final int MAX_HELD = 5_000;

    public List<BrowseDao.VersionRow> getVersions() {
        Browse.Detail d = getDetail();
        return d == null ? List.of() : d.versions();
    }

    public long getId() {
        return id;
    }

    public void setId(long id) {
        this.id = id;
    }
}
