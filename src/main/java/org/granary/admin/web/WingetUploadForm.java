package org.granary.admin.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.granary.core.GranaryException;
import org.granary.format.winget.Installer;
import org.granary.format.winget.InstallerFiles;
import org.granary.format.winget.WingetManifest;
import org.granary.format.winget.WingetPath;

/**
 * The WinGet upload of the upload page: into a hosted WinGet repository (or a group with one), one or more manifest
 * files (a singleton, or a version's multi-file set) and optionally the installer they name. Its rules, before and
 * after the manifests are read; the schema's own problems come from {@code ManifestImport}.
 */
public class WingetUploadForm {

    private String repository = "";

    /** The form's own rules: a repository that takes WinGet publishes, some manifest, a plausible installer. */
    public Map<String, String> problems(Set<String> writable, int manifestFiles, String installerName, long installerSize) {
        Map<String, String> p = new LinkedHashMap<>();
        if (repository.isBlank()) {
            p.put("repository", "Choose the WinGet repository to publish to.");
        } else if (!writable.contains(repository)) {
            p.put("repository", "Repository " + repository + " takes no WinGet publishes: choose a hosted WinGet "
                    + "repository or a group with one.");
        }
        if (manifestFiles == 0) {
            p.put("manifests", "Choose the manifest: one singleton YAML file, or the version's files (version, "
                    + "defaultLocale, locales, installer).");
        }
        if (installerName != null && !installerName.isBlank()) {
            if (installerSize <= 0) {
                p.put("installer", "The file " + installerName + " is empty.");
            } else {
                try {
                    WingetPath.fileName(installerName);
                } catch (GranaryException e) {
                    p.put("installer", "Rename the installer: " + ConsoleGuard.sentence(e.getMessage()));
                }
            }
        }
        return p;
    }

    /**
     * Whether the manifests name the uploaded installer, so that publishing them links it: one version, one of whose
     * installers has an {@code InstallerUrl} ending in {@code /installers/<id>/<version>/<file>} and the file's
     * SHA-256. The problem by field ({@code manifests} or {@code installer}), or empty.
     *
     * @param repositoryUrl the repository's URL (with its trailing slash), for the example in the message
     */
    static Map<String, String> linkProblems(List<WingetManifest> manifests, String fileName, String sha256,
                                            String repositoryUrl) {
        if (manifests.size() != 1) {
            return Map.of("manifests", "With an installer, upload the manifest of one version; these files hold "
                    + manifests.size() + ".");
        }
        WingetManifest m = manifests.get(0);
        String path = InstallerFiles.path(m.packageIdentifier(), m.packageVersion(), null, fileName);
        List<Installer> naming = m.installers().stream().filter(i -> InstallerFiles.repositoryPath(i.installerUrl(),
                m.packageIdentifier(), m.packageVersion()).equals(Optional.of(path))).toList();
        if (naming.isEmpty()) {
            return Map.of("manifests", "No installer of " + m.packageIdentifier() + " " + m.packageVersion()
                    + " names the uploaded file: set its InstallerUrl to " + InstallerFiles.url(repositoryUrl, path) + ".");
        }
        for (Installer i : naming) {
            if (i.installerSha256() == null || !i.installerSha256().equalsIgnoreCase(sha256)) {
                return Map.of("installer", "The manifest gives InstallerSha256 " + i.installerSha256() + " for this file, "
                        + "but its SHA-256 is " + sha256.toUpperCase(Locale.ROOT) + ": upload the right file, or correct "
                        + "the manifest.");
            }
        }
        return Map.of();
    }

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository == null ? "" : repository.trim();
    }
}
