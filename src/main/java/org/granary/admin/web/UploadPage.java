package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.granary.core.ExpectedDigest;
import org.granary.core.Format;
import org.granary.core.GranaryException;
import org.granary.core.HostedStore;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.format.cargo.CargoPublishing;
import org.granary.format.cargo.CrateManifest;
import org.granary.format.maven.MavenPublishing;
import org.granary.format.npm.NpmPublishing;
import org.granary.format.npm.TarballPublish;
import org.granary.format.pypi.PypiPublishing;
import org.granary.format.winget.ManifestImport;
import org.granary.format.winget.ManifestProblem;
import org.granary.format.winget.ManifestRejectedException;
import org.granary.format.winget.WingetManifest;
import org.granary.format.winget.WingetPath;
import org.granary.format.winget.WingetPublishing;
import org.granary.security.Caller;

/**
 * {@code upload.xhtml}: publishing from the browser, through the same services the clients' publishes use (each one
 * {@code HostedStore.Write}: checked, stored and audited as one, or not at all). WinGet: manifest files and the
 * installer they name; npm: a tarball; PyPI: a wheel or sdist; Cargo: a {@code .crate} (its Cargo.toml gives what
 * {@code cargo publish} would send, {@link CrateManifest}); Maven: one file at its path. The forms are plain
 * multipart POSTs with the Faces view state; the browser shows the upload's progress, and {@code upload.js} (a file
 * of the WAR, as the Content-Security-Policy wants) adds a progress bar.
 */
@Named
@RequestScoped
public class UploadPage {

    /** The most manifest bytes read from one upload (the REST import's limit). */
    static final int MAX_MANIFEST_BYTES = 16 << 20;

    @Inject
    RepositoryRegistry registry;
    @Inject
    HostedStore store;
    @Inject
    WingetPublishing winget;
    @Inject
    NpmPublishing npm;
    @Inject
    PypiPublishing pypi;
    @Inject
    MavenPublishing maven;
    @Inject
    CargoPublishing cargo;
    @Inject
    ConsoleGuard guard;
    @Inject
    ConsoleUrls urls;
    @Inject
    Caller caller;

    private final WingetUploadForm wingetForm = new WingetUploadForm();
    private final PackageUploadForm packageForm = new PackageUploadForm();
    private List<Part> manifests;
    private Part installer;
    private Part file;

    /** The repositories WinGet publishes may go to: hosted WinGet repositories and groups with one. */
    public List<String> getWingetRepositories() {
        return writable().entrySet().stream().filter(e -> e.getValue().equals(Format.WINGET.id())).map(Map.Entry::getKey)
                .toList();
    }

    /** The repositories of the other formats that take package files, with their format. */
    public Map<String, String> getPackageRepositories() {
        Map<String, String> out = new LinkedHashMap<>(writable());
        out.values().removeIf(f -> f.equals(Format.WINGET.id()));
        return out;
    }

    public List<String> getPackageRepositoryNames() {
        return List.copyOf(getPackageRepositories().keySet());
    }

    private Map<String, String> writable() {
        return registry.all().stream().filter(store::isWritable)
                .collect(Collectors.toMap(RepositoryInfo::name, r -> r.format().id(), (a, b) -> a, TreeMap::new));
    }

    public String formatOf(String repository) {
        return getPackageRepositories().getOrDefault(repository, "");
    }

    /** Where an installer uploaded to the chosen repository goes, for the hint. */
    public String getInstallerUrlPattern() {
        String name = wingetForm.getRepository().isBlank() ? "winget-hosted" : wingetForm.getRepository();
        return urls.base() + "/" + name + "/installers/<PackageIdentifier>/<PackageVersion>/<file name>";
    }

    // ---- actions ---------------------------------------------------------------------------------------------

    /** WinGet: the installer first (when there is one), then the manifests that name it. */
    public String uploadWinget() {
        if (!guard.admin()) {
            return null;
        }
        List<Part> chosen = manifests == null ? List.of() : manifests.stream().filter(p -> p.getSize() > 0
                || (p.getSubmittedFileName() != null && !p.getSubmittedFileName().isBlank())).toList();
        String installerName = installer == null ? null : installer.getSubmittedFileName();
        boolean withInstaller = installerName != null && !installerName.isBlank();
        if (!guard.valid("winget", wingetForm.problems(Set.copyOf(getWingetRepositories()), chosen.size(), installerName,
                installer == null ? 0 : installer.getSize()))) {
            return null;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        for (Part p : chosen) {
            byte[] bytes = read(p, MAX_MANIFEST_BYTES - total + 1);
            total += bytes.length;
            if (total > MAX_MANIFEST_BYTES) {
                return refused("winget:manifests", "The manifest files are larger than " + Formats.bytes(MAX_MANIFEST_BYTES)
                        + " together.");
            }
            files.put(p.getSubmittedFileName(), bytes);
        }
        ManifestImport.Result read = ManifestImport.files(files);
        if (read instanceof ManifestImport.Rejected r) {
            problems(r.problems());
            return null;
        }
        List<WingetManifest> parsed = ((ManifestImport.Imported) read).manifests();
        RepositoryInfo repo = registry.find(wingetForm.getRepository()).orElseThrow();
        String target = winget.target(repo).name();
        if (withInstaller) {
            String sha = sha256(installer);
            if (!guard.valid("winget", WingetUploadForm.linkProblems(parsed, installerName, sha,
                    urls.base() + "/" + repo.name() + "/"))) {
                return null;
            }
            WingetManifest m = parsed.get(0);
            try (InputStream in = installer.getInputStream()) {
                winget.upload(repo, caller, new WingetPath.InstallerFile(m.packageIdentifier(), m.packageVersion(), null,
                        installerName), in, Optional.of(new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, sha)));
            } catch (GranaryException e) {
                return refused("winget:installer", ConsoleGuard.sentence(e.getMessage()));
            } catch (IOException e) {
                return refused("winget:installer", "The upload broke off; please try again.");
            }
        }
        try {
            winget.publish(repo, caller, parsed, WingetPublishing.Mode.ADD, "publish");
        } catch (ManifestRejectedException e) {
            problems(e.problems());
            return null;
        } catch (GranaryException e) {
            return refused("winget:manifests", ConsoleGuard.sentence(e.getMessage())
                    + (withInstaller ? " The installer is stored: correct the manifest and upload it alone." : ""));
        }
        WingetManifest first = parsed.get(0);
        ConsoleGuard.done("Published " + (parsed.size() == 1 ? first.packageIdentifier() + " " + first.packageVersion()
                : parsed.size() + " versions") + " to " + target + (withInstaller ? " with the installer " + installerName : "")
                + ".");
        return "/browse.xhtml?faces-redirect=true&repository=" + enc(target) + "&q=" + enc(first.packageIdentifier());
    }

    /** npm, PyPI, Maven: one package file through the format's publish service. */
    public String uploadPackage() {
        if (!guard.admin()) {
            return null;
        }
        Map<String, String> formats = getPackageRepositories();
        String fileName = file == null ? null : file.getSubmittedFileName();
        long size = file == null ? 0 : file.getSize();
        Optional<RepositoryInfo> repo = registry.find(packageForm.getRepository()).filter(store::isWritable);
        long limit = repo.map(r -> store.publishTarget(r).maxUploadBytes()).orElse(0L);
        if (!guard.valid("package", packageForm.problems(formats, fileName, size, limit))) {
            return null;
        }
        RepositoryInfo r = repo.orElseThrow();
        String target = store.publishTarget(r).name();
        String published;
        try {
            published = switch (r.format()) {
                case NPM -> {
                    TarballPublish.Body body = TarballPublish.of(read(file, limit));
                    npm.put(r, body.name(), new ByteArrayInputStream(body.json()), body.json().length);
                    yield body.name() + "@" + body.version();
                }
                case PYPI -> {
                    String[] nv = PackageUploadForm.pypiNameAndVersion(fileName);
                    Map<String, List<String>> fields = Map.of(":action", List.of("file_upload"), "protocol_version",
                            List.of("1"), "name", List.of(nv[0]), "version", List.of(nv[1]), "filetype",
                            List.of(fileName.endsWith(".whl") ? "bdist_wheel" : "sdist"));
                    try (InputStream in = file.getInputStream()) {
                        pypi.upload(r, fields, fileName, in);
                    }
                    yield nv[0] + " " + nv[1];
                }
                case CARGO -> {
                    // The body cargo publish would send for this .crate, through the same publish as cargo's.
                    byte[] crate = read(file, limit);
                    String index = "sparse+" + urls.base() + "/" + r.name() + "/";
                    jakarta.json.JsonObject m = CrateManifest.metadata(crate, index);
                    cargo.publish(r, new ByteArrayInputStream(CrateManifest.publishBody(crate, index)));
                    yield m.getString("name") + " " + m.getString("vers");
                }
                case MAVEN -> {
                    MavenPublishing.Outcome o;
                    try (InputStream in = file.getInputStream()) {
                        o = maven.deploy(r, packageForm.getPath(), in, size, Optional.empty());
                    }
                    if (o.status() >= 400) {
                        yield refused("package:path", ConsoleGuard.sentence(o.message()));
                    }
                    yield packageForm.getPath();
                }
                default -> refused("package:repository", "Repository " + r.name() + " takes no uploads here.");
            };
        } catch (GranaryException e) {
            return refused(r.format() == Format.MAVEN && e.getMessage() != null && e.getMessage().contains("path")
                    ? "package:path" : "package:file", ConsoleGuard.sentence(e.getMessage()));
        } catch (IOException e) {
            return refused("package:file", "The upload broke off; please try again.");
        }
        if (published == null) {
            return null;
        }
        ConsoleGuard.done("Published " + published + " to " + target + ".");
        return "/browse.xhtml?faces-redirect=true&repository=" + enc(target);
    }

    private void problems(List<ManifestProblem> problems) {
        problems.forEach(p -> guard.report("winget:manifests", p.toString()));
        guard.report(null, "The manifest was refused; nothing was stored. The problems are listed by the field.");
    }

    private String refused(String field, String message) {
        guard.report(field, message);
        guard.report(null, "Nothing was published; see the message by the field.");
        return null;
    }

    private static byte[] read(Part part, long limit) {
        try (InputStream in = part.getInputStream()) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, Math.max(0, limit)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Part part) {
        try (InputStream in = new DigestInputStream(part.getInputStream(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- properties ------------------------------------------------------------------------------------------

    public WingetUploadForm getWingetForm() {
        return wingetForm;
    }

    public PackageUploadForm getPackageForm() {
        return packageForm;
    }

    public List<Part> getManifests() {
        return manifests;
    }

    public void setManifests(List<Part> manifests) {
        this.manifests = manifests;
    }

    public Part getInstaller() {
        return installer;
    }

    public void setInstaller(Part installer) {
        this.installer = installer;
    }

    public Part getFile() {
        return file;
    }

    public void setFile(Part file) {
        this.file = file;
    }
}
