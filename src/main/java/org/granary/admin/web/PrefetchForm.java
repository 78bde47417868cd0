package org.granary.admin.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The prefetch upload of the jobs page: a lockfile uploaded into a proxy repository, of a kind that repository's
 * format reads ({@code package-lock}, {@code requirements}, …). Its rules, checked before the file is parsed.
 */
public class PrefetchForm {

    /** The largest lockfile accepted (the REST API's limit). */
    static final long MAX_BYTES = 16L << 20;

    private String repository = "";
    private String kind = "";

    /**
     * @param kindsByRepository the proxy repositories that read lockfiles, each with the kinds it reads
     * @param fileName          the uploaded file's name, {@code null} when none was chosen
     * @param size              its size in bytes
     */
    public Map<String, String> problems(Map<String, Set<String>> kindsByRepository, String fileName, long size) {
        Map<String, String> p = new LinkedHashMap<>();
        Set<String> kinds = null;
        if (repository == null || repository.isBlank()) {
            p.put("repository", "Choose the proxy repository to fill.");
        } else if ((kinds = kindsByRepository.get(repository)) == null) {
            p.put("repository", "Repository " + repository + " reads no lockfile: choose one of "
                    + (kindsByRepository.isEmpty() ? "the proxy repositories (there is none yet)"
                    : String.join(", ", new TreeSet<>(kindsByRepository.keySet()))) + ".");
        }
        if (kind == null || kind.isBlank()) {
            p.put("kind", "Choose what kind of file this is.");
        } else if (kinds != null && !kinds.contains(kind)) {
            p.put("kind", repository + " reads " + String.join(", ", new TreeSet<>(kinds)) + " files, not " + kind + ".");
        }
        if (fileName == null || fileName.isBlank() || size <= 0) {
            p.put("file", fileName == null || fileName.isBlank() ? "Choose the lockfile to upload."
                    : "The file " + fileName + " is empty.");
        } else if (size > MAX_BYTES) {
            p.put("file", "A lockfile is at most " + Formats.bytes(MAX_BYTES) + "; this one is " + Formats.bytes(size) + ".");
        }
        return p;
    }

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository == null ? "" : repository.trim();
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind == null ? "" : kind.trim();
    }
}
