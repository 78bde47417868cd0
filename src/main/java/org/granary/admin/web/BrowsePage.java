package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.granary.core.Browse;
import org.granary.core.GranaryException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;

/**
 * {@code browse.xhtml?q=&repository=&sort=&dir=&page=}: a search of every repository's packages. A GET form, so a
 * search can be bookmarked and the back button works; paged and sorted by the database ({@link Browse}).
 */
@Named
@RequestScoped
public class BrowsePage {

    @Inject
    Browse browse;
    @Inject
    RepositoryRegistry registry;

    private String q;
    private String repository;
    private String sort;
    private String dir;
    private int page;
    private Browse.Result result;
    private String problem;

    public Browse.Result getResult() {
        if (result == null && problem == null) {
            try {
                result = browse.search(q, repository, sort, "desc".equals(dir), page);
            } catch (GranaryException e) {
                problem = ConsoleGuard.sentence(e.getMessage());
                result = new Browse.Result(List.of(), 0, 0, Browse.PAGE_SIZE, org.granary.persistence.BrowseDao.Sort.NAME, false);
            }
        }
        return result;
    }

    /** What is wrong with the search asked for, or null. */
    public String getProblem() {
        getResult();
        return problem;
    }

    public List<String> getRepositories() {
        return registry.all().stream().filter(r -> !r.isGroup()).map(RepositoryInfo::name).sorted().toList();
    }

    /** The URL of this search sorted by {@code column}: ascending first, descending when it is sorted so already. */
    public String sortUrl(String column) {
        Browse.Result r = getResult();
        boolean same = r.sort().name().equalsIgnoreCase(column.replace('-', '_'));
        boolean desc = same ? !r.descending() : !column.equals("name") && !column.equals("repository");
        return url(column, desc, 0);
    }

    /** {@code ascending}, {@code descending} or {@code none}: the aria-sort of a column's header. */
    public String ariaSort(String column) {
        Browse.Result r = getResult();
        return r.sort().name().equalsIgnoreCase(column.replace('-', '_')) ? (r.descending() ? "descending" : "ascending")
                : "none";
    }

    public String pageUrl(int to) {
        Browse.Result r = getResult();
        return url(r.sort().name().toLowerCase(Locale.ROOT), r.descending(), to);
    }

    private String url(String column, boolean desc, int to) {
        StringBuilder u = new StringBuilder("browse.xhtml?sort=").append(column.toLowerCase(Locale.ROOT).replace('_', '-'))
                .append("&dir=").append(desc ? "desc" : "asc");
        if (q != null && !q.isBlank()) {
            u.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
        }
        if (repository != null && !repository.isBlank()) {
            u.append("&repository=").append(URLEncoder.encode(repository, StandardCharsets.UTF_8));
        }
        if (to > 0) {
            u.append("&page=").append(to);
        }
        return u.toString();
    }

    public String getQ() {
        return q;
    }

    public void setQ(String q) {
        this.q = q;
    }

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }

    public String getSort() {
        return sort;
    }

    public void setSort(String sort) {
        this.sort = sort;
    }

    public String getDir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    public int getPage() {
        return page;
    }

    public void setPage(int page) {
        this.page = page;
    }
}
