package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;
import org.granary.core.Browse;
import org.granary.persistence.BrowseDao;

/** {@code package.xhtml?id=}: one package, its versions with their artifacts, and how to install it. */
@Named
@RequestScoped
public class PackagePage {

    @Inject
    Browse browse;
    @Inject
    ConsoleUrls urls;

    private long id;
    private Optional<Browse.Detail> detail;

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
