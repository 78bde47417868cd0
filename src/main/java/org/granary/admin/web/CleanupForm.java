package org.granary.admin.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The cleanup form of the jobs page: one repository, cleaned now or only listed (a dry run, the default). */
public class CleanupForm {

    private String repository = "";
    private boolean dryRun = true;

    public Map<String, String> problems(Set<String> repositories) {
        Map<String, String> p = new LinkedHashMap<>();
        if (repository == null || repository.isBlank()) {
            p.put("repository", "Choose the repository to clean.");
        } else if (!repositories.contains(repository)) {
            p.put("repository", "There is no repository named " + repository + " (any more).");
        }
        return p;
    }

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository == null ? "" : repository.trim();
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }
}
