package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.List;
import org.granary.core.Format;
import org.granary.core.Overview;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryType;

/** {@code repositories.xhtml}: every repository with its figures, and where to start a new one. */
@Named
@RequestScoped
public class RepositoriesPage {

    @Inject
    Overview overview;

    private List<Overview.Figures> rows;

    public List<Overview.Figures> getRows() {
        if (rows == null) {
            rows = overview.repositories();
        }
        return rows;
    }

    public List<String> getFormats() {
        return Arrays.stream(Format.values()).map(Format::id).toList();
    }

    public List<String> getTypes() {
        return Arrays.stream(RepositoryType.values()).map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** What a repository reads from: its upstream, its members in order, or "published here". */
    public static String source(RepositoryInfo r) {
        if (r.isProxy()) {
            return r.upstream().map(Object::toString).orElse("no upstream set");
        }
        if (r.isGroup()) {
            return r.members().isEmpty() ? "no members yet" : String.join(" → ", r.members());
        }
        return "packages published here";
    }
}
