package org.granary.admin.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The package-file upload of the upload page, for hosted repositories of the other formats: an npm tarball, a wheel or
 * sdist, a {@code .crate}, a Maven file (with the path it goes to). Its rules, before the publish service checks the file itself.
 */
public class PackageUploadForm {

    private String repository = "";
    private String path = "";

    /**
     * @param formats the repositories that take uploads here, each with its format's id
     * @param maxUpload the chosen repository's upload limit in bytes
     */
    public Map<String, String> problems(Map<String, String> formats, String fileName, long size, long maxUpload) {
        Map<String, String> p = new LinkedHashMap<>();
        String format = formats.get(repository);
        if (repository.isBlank()) {
            p.put("repository", "Choose the hosted repository to publish to.");
        } else if (format == null) {
            p.put("repository", "Repository " + repository + " takes no uploads here: choose a hosted npm, PyPI, "
                    + "Cargo or Maven repository (or a group with one).");
        }
        if (fileName == null || fileName.isBlank()) {
            p.put("file", "Choose the package file to upload.");
        } else if (size <= 0) {
            p.put("file", "The file " + fileName + " is empty.");
        } else if (maxUpload > 0 && size > maxUpload) {
            p.put("file", "The file is " + Formats.bytes(size) + "; this repository takes at most " + Formats.bytes(maxUpload) + ".");
        } else if ("npm".equals(format) && !fileName.endsWith(".tgz")) {
            p.put("file", "An npm package is uploaded as its tarball (.tgz, made by npm pack).");
        } else if ("cargo".equals(format) && !fileName.endsWith(".crate")) {
            p.put("file", "A crate is uploaded as the .crate cargo package makes (target/package/name-1.0.0.crate).");
        } else if ("pypi".equals(format) && pypiNameAndVersion(fileName) == null) {
            p.put("file", "A Python package is a wheel (name-1.0-py3-none-any.whl) or an sdist (name-1.0.tar.gz or .zip).");
        }
        if ("maven".equals(format)) {
            if (path.isBlank()) {
                p.put("path", "Say where the file goes in the repository, e.g. org/example/lib/1.0/lib-1.0.jar.");
            } else if (fileName != null && !fileName.isBlank() && !path.endsWith("/" + fileName) && !path.equals(fileName)) {
                p.put("path", "The path should end in the file's name, " + fileName + ".");
            }
        }
        return p;
    }

    /** The project name and version a wheel's or sdist's file name gives, or {@code null}. */
    static String[] pypiNameAndVersion(String fileName) {
        if (fileName.endsWith(".whl")) {
            String[] parts = fileName.substring(0, fileName.length() - 4).split("-");
            return parts.length >= 5 && !parts[0].isEmpty() && !parts[1].isEmpty() ? new String[] {parts[0], parts[1]} : null;
        }
        String base = fileName.endsWith(".tar.gz") ? fileName.substring(0, fileName.length() - 7)
                : fileName.endsWith(".zip") ? fileName.substring(0, fileName.length() - 4) : null;
        if (base == null) {
            return null;
        }
        int dash = base.lastIndexOf('-');
        return dash > 0 && dash < base.length() - 1 ? new String[] {base.substring(0, dash), base.substring(dash + 1)} : null;
    }

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository == null ? "" : repository.trim();
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        String p = path == null ? "" : path.trim();
        this.path = p.startsWith("/") ? p.substring(1) : p;
    }
}
